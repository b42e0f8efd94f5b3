"""The README stays true: CI runs its test command as written, its Windows commands are its build command
without activation, its pre-commit ``rev`` is the package's version."""

from __future__ import annotations

import configparser
import re

import yaml
from conftest import REPO
from corpus import cases

import perfdocs
from perfdocs.layouts import field_table

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    return re.findall(r"```bash\n(python3 -m venv .+)\n```", README)


def test_the_readme_gives_a_build_and_a_test_command() -> None:
    build, test = commands()
    assert build.endswith("perfdocs build projects/2025 -o 绩效目标.docx")
    assert test.endswith(".venv/bin/pytest")


def test_ci_runs_the_readme_test_command() -> None:
    _, test = commands()
    assert test in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_counts_the_bad_inputs() -> None:
    assert f"`tests/corpus/` 中有 {len(cases())} 个" in README


def test_the_rule_table_is_generated_from_the_rules() -> None:
    table = README.split("<!-- rules:begin -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == perfdocs.rule_table()


def windows_commands() -> list[str]:
    block: str
    (block,) = re.findall(r"```bat\n(.*?)```", README, re.DOTALL)
    return block.splitlines()


def test_the_windows_commands_are_the_build_command_without_activation() -> None:
    """PowerShell's default execution policy refuses ``.venv\\Scripts\\activate``: the commands use full paths."""
    build, _ = commands()
    windows = windows_commands()
    assert windows == [
        "py -m venv .venv",
        r".venv\Scripts\pip install .",
        r".venv\Scripts\perfdocs.exe build projects\2025 -o 绩效目标.docx",
    ]
    as_posix = [
        line.replace("py -m", "python3 -m").replace(".exe", "").replace("\\", "/").replace("/Scripts/", "/bin/")
        for line in windows
    ]
    assert as_posix == build.split(" && ")


def test_the_pre_commit_rev_is_the_package_version() -> None:
    """pre-commit checks out the tag the README names: it must be the version being released (tag it)."""
    (config,) = re.findall(r"```yaml\n(repos:\n.*?)```", README, re.DOTALL)
    (repo,) = yaml.safe_load(config)["repos"]
    assert repo["rev"] == f"v{perfdocs.__version__}"
    metadata = configparser.ConfigParser()
    metadata.read(REPO / "setup.cfg", encoding="utf-8")
    assert metadata["metadata"]["version"] == "attr: perfdocs.__version__"  # one version, not two


def test_the_pre_commit_hooks_named_are_the_ones_offered() -> None:
    (config,) = re.findall(r"```yaml\n(repos:\n.*?)```", README, re.DOTALL)
    (repo,) = yaml.safe_load(config)["repos"]
    offered = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in repo["hooks"]] == [hook["id"] for hook in offered]


def textconv_lines() -> list[str]:
    block: str
    (block,) = re.findall(r"```bash\n(echo '\*\.docx diff=perfdocs'.*?)```", README, re.DOTALL)
    return block.splitlines()


def test_the_readme_sets_textconv_with_an_absolute_path() -> None:
    """The line ``tests/test_textconv.py`` runs; a bare ``perfdocs text`` works only inside an activated venv."""
    assert textconv_lines() == [
        "echo '*.docx diff=perfdocs' >> .gitattributes",
        'git config diff.perfdocs.textconv "\\"$PWD/.venv/bin/perfdocs\\" text"',
    ]
    assert 'textconv "perfdocs text"' not in README


def test_the_readme_lists_the_shipped_templates() -> None:
    section = README.split("## 模板\n", 1)[1].split("\n### ", 1)[0]
    assert re.findall(r"^\| `(\w+)`", section, re.MULTILINE) == list(perfdocs.template_names())


def test_the_field_table_is_generated_from_the_vocabulary() -> None:
    table = README.split("<!-- fields:begin -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert table == field_table()


def test_each_layout_has_its_section_and_picture() -> None:
    for layout in perfdocs.layout_table():
        assert f"\n### {layout.name}\n" in README
        picture = f"docs/layout-{layout.folder.name}.png"
        assert f"]({picture})" in README
        assert (REPO / picture).is_file(), picture
