"""The README's two commands stay true: CI runs the test command as written."""

from __future__ import annotations

import re

from conftest import REPO
from corpus import cases

import perfdocs

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
