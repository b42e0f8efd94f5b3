"""The corpus of bad inputs: each one gives exactly its message, exit code 1, no traceback.

``data/bad/projects/NAME.yaml`` is one project file, checked inside a unit that
lists it; ``data/bad/units/NAME/`` is a whole unit folder. The expected output of
``perfdocs check`` stands beside each case (``NAME.expected``, ``expected.txt``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA

from perfdocs.cli import main

BAD = DATA / "bad"
PROJECT_CASES = sorted((BAD / "projects").glob("*.yaml"))
UNIT_CASES = sorted(path for path in (BAD / "units").iterdir() if path.is_dir())
UNIT_FILE = """单位编码: "207101"
单位名称: 测试单位
金额单位: 万元
标题:
  - 项目支出绩效目标表
项目顺序:
  - {name}
"""


def check_output(unit: str, cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """What ``perfdocs check`` prints for a folder it cannot read (exit code 2)."""
    monkeypatch.chdir(cwd)
    code = main(["check", unit])
    out, err = capsys.readouterr()
    assert code == 2
    assert err == ""
    assert "Traceback" not in out
    return out


def test_the_corpus_is_large_enough() -> None:
    assert len(PROJECT_CASES) + len(UNIT_CASES) >= 30


@pytest.mark.parametrize("case", PROJECT_CASES, ids=lambda path: path.stem)
def test_bad_project_file(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    matches_golden: Callable[[str, Path], bool],
) -> None:
    unit = tmp_path / "单位目录"
    unit.mkdir()
    (unit / "单位.yaml").write_text(UNIT_FILE.format(name=case.stem), encoding="utf-8")
    shutil.copy(case, unit / case.name)
    output = check_output("单位目录", tmp_path, monkeypatch, capsys)
    assert matches_golden(output, case.with_suffix(".expected")), output


@pytest.mark.parametrize("case", UNIT_CASES, ids=lambda path: path.name)
def test_bad_unit_folder(
    case: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    matches_golden: Callable[[str, Path], bool],
) -> None:
    shutil.copytree(case, tmp_path / case.name, ignore=shutil.ignore_patterns("expected.txt"))
    output = check_output(case.name, tmp_path, monkeypatch, capsys)
    assert matches_golden(output, case / "expected.txt"), output


def test_a_missing_unit_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_output("不存在的文件夹", tmp_path, monkeypatch, capsys) == (
        "不存在的文件夹: PD004 找不到这个单位文件夹。\n共 1 个问题：1 个错误，0 个警告。\n"
    )
