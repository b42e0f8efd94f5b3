"""A build killed halfway leaves the previous document as it was, and nothing that troubles the next build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from synthetic import write_unit


@pytest.fixture(scope="module")
def large_unit(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A unit whose document takes a moment to write, long enough to stop the build while it does, and
    its document built once."""
    folder = tmp_path_factory.mktemp("unit")
    unit = write_unit(folder / "单位", 1500)
    subprocess.run(build_command(unit, folder / "绩效目标.docx"), check=True, capture_output=True)
    assert zipfile.is_zipfile(folder / "绩效目标.docx")
    return unit, folder / "绩效目标.docx"


def build_command(unit: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "perfdocs", "build", str(unit), "-o", str(output), "--no-page-numbers"]


def stopped_while_writing(large_unit: tuple[Path, Path], output: Path, number: signal.Signals) -> list[str]:
    """Build to ``output``, which holds the unit's document, and stop the build with ``number`` while it
    writes: the document is still the one it was. The files beside it just after the build stopped."""
    unit, built = large_unit
    shutil.copyfile(built, output)
    process = subprocess.Popen(build_command(unit, output), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not any(path.name.endswith(".tmp") for path in output.parent.iterdir()):  # it is writing now
        assert process.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(process.pid, number)
    process.wait()
    assert output.read_bytes() == built.read_bytes()
    return sorted(path.name for path in output.parent.iterdir())


def test_a_killed_build_leaves_the_previous_document_intact_and_the_next_build_tidies_up(
    large_unit: tuple[Path, Path], tmp_path: Path
) -> None:
    output = tmp_path / "绩效目标.docx"
    left = stopped_while_writing(large_unit, output, signal.SIGKILL)
    (temporary,) = (name for name in left if name.endswith(".tmp"))
    assert temporary.startswith(".绩效目标.docx.")
    subprocess.run(build_command(large_unit[0], output), check=True, capture_output=True)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["绩效目标.docx"]


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda number: number.name)
def test_a_build_stopped_while_writing_leaves_no_temporary_file(
    large_unit: tuple[Path, Path], tmp_path: Path, number: signal.Signals
) -> None:
    assert stopped_while_writing(large_unit, tmp_path / "绩效目标.docx", number) == ["绩效目标.docx"]
