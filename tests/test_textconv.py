"""git shows a .docx as text with the README's textconv setting, in a shell where the venv is not activated.

The setting is run as the README writes it, in a temporary repository whose ``.venv`` is this venv, with a PATH
that holds git and the shell's tools but no ``perfdocs``: as in a second terminal, a git GUI, or an editor.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, REPO, draft
from test_readme import textconv_lines

import perfdocs

VENV = Path(sys.prefix)
README = (REPO / "README.md").read_text(encoding="utf-8")
PURPOSE = "全部用于更新执法执勤用车1辆"

pytestmark = pytest.mark.skipif(
    sys.prefix == sys.base_prefix or not (VENV / "bin" / "perfdocs").is_file(),
    reason="the tests run outside a venv with the perfdocs script (the README's setting points into .venv)",
)


def environment(home: Path) -> dict[str, str]:
    """The user's environment without the venv: PATH has git and the usual tools only, no activation left."""
    git = shutil.which("git")
    assert git is not None, "git is needed for these tests"
    path = os.pathsep.join(dict.fromkeys([str(Path(git).parent), "/usr/bin", "/bin"]))
    assert shutil.which("perfdocs", path=path) is None, f"perfdocs is on {path}: the test would prove nothing"
    hidden = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "GIT_DIR", "GIT_WORK_TREE"}
    return {
        **{name: value for name, value in os.environ.items() if name not in hidden},
        "PATH": path,
        "HOME": str(home),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "财务",
        "GIT_AUTHOR_EMAIL": "caiwu@example.org",
        "GIT_COMMITTER_NAME": "财务",
        "GIT_COMMITTER_EMAIL": "caiwu@example.org",
        "GIT_PAGER": "cat",
    }


def sh(command: str, repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/bin/sh", "-c", command], cwd=repo, env=env, capture_output=True, text=True, encoding="utf-8", check=False
    )


@pytest.fixture(scope="module")
def changed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example unit with one cell changed: the car purchase's 资金用途 says 2 cars."""
    unit = Path(shutil.copytree(EXAMPLE_UNIT, tmp_path_factory.mktemp("changed") / "2025"))
    project = unit / "执法执勤用车更新-2025年.yaml"
    text = project.read_text(encoding="utf-8")
    assert f"资金用途: {PURPOSE}\n" in text
    project.write_text(text.replace(PURPOSE, PURPOSE.replace("1辆", "2辆")), encoding="utf-8")
    return draft(unit, unit.parent / "绩效目标.docx")


def history(tmp_path: Path, setting: list[str], before: Path, after: Path) -> tuple[Path, dict[str, str]]:
    """A repository (its name with a space) whose ``.venv`` is this venv, configured by ``setting``, with two
    commits of 绩效目标.docx."""
    repo = tmp_path / "我的 数据"
    repo.mkdir()
    (repo / ".venv").symlink_to(VENV, target_is_directory=True)
    env = environment(tmp_path / "home")
    (tmp_path / "home").mkdir()
    for command in ["git init -q", *setting]:
        result = sh(command, repo, env)
        assert result.returncode == 0, (command, result.stderr)
    for document, message in ((before, "去年的"), (after, "改了资金用途")):
        shutil.copyfile(document, repo / "绩效目标.docx")
        result = sh(f"git add .gitattributes 绩效目标.docx && git commit -q -m {message}", repo, env)
        assert result.returncode == 0, result.stderr
    return repo, env


def alternative_setting() -> str:
    """The README's second way: the interpreter's absolute path with ``-m perfdocs text``."""
    line: str
    (line,) = re.findall(r"`(git config diff\.perfdocs\.textconv \"[^`]*/\.venv/bin/python[^`]*)`", README)
    return line


@pytest.mark.parametrize("config", ["script", "interpreter"])
def test_git_shows_the_table_text_without_activation(
    config: str, tmp_path: Path, example_docx: Path, changed_docx: Path
) -> None:
    echo, script = textconv_lines()
    setting = [echo, script if config == "script" else alternative_setting()]
    repo, env = history(tmp_path, setting, example_docx, changed_docx)

    shown = sh("git show --textconv HEAD~1:绩效目标.docx", repo, env)
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout == perfdocs.document_text(example_docx)

    log = sh("git log -p -1 -- 绩效目标.docx", repo, env)
    assert (log.returncode, log.stderr) == (0, "")
    (cell,) = [line for line in perfdocs.document_text(example_docx).splitlines() if PURPOSE in line]
    changes = [
        line for line in log.stdout.splitlines() if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changes == [f"-{cell}", f"+{cell.replace('1辆', '2辆')}"]


def test_the_old_setting_fails_without_activation(tmp_path: Path, example_docx: Path, changed_docx: Path) -> None:
    """What the README used to say: git cannot find ``perfdocs`` once the venv is not on PATH."""
    echo, _ = textconv_lines()
    repo, env = history(
        tmp_path, [echo, 'git config diff.perfdocs.textconv "perfdocs text"'], example_docx, changed_docx
    )
    log = sh("git log -p -1 -- 绩效目标.docx", repo, env)
    assert log.returncode != 0
    assert "perfdocs: not found" in log.stderr
    assert PURPOSE not in log.stdout
