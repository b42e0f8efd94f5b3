"""Every case of the bad-input corpus prints exactly its expected message, with its exit code.

A case is a command run over hostile input (``tests/corpus/README.md``). Undoing
a fix makes its case print something else, and fail here.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REGENERATE
from corpus import Case, cases, command, folder_files, run_cli

CASES = cases()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 100


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_case(
    case: Case,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    matches_golden: Callable[[str, Path], bool],
) -> None:
    copy = case.materialise(tmp_path / "case")
    out = tmp_path / "out"
    out.mkdir()
    output = run_cli(command(case, out), copy, monkeypatch, capsys).replace(str(out), "{out}")
    assert "Traceback" not in output
    assert matches_golden(output, case.folder / "expected"), output
    expected_files = case.folder / "expected-files"
    if REGENERATE and expected_files.is_dir():
        shutil.rmtree(expected_files)
        shutil.copytree(out, expected_files)
    if expected_files.is_dir():
        assert folder_files(out) == folder_files(expected_files)
    expected_after = case.folder / "expected-after"  # for commands that change the case's own files (fmt, new)
    if REGENERATE and expected_after.is_dir():
        shutil.rmtree(expected_after)
        shutil.copytree(copy, expected_after, symlinks=True)
    if expected_after.is_dir():
        assert folder_files(copy) == folder_files(expected_after)
