"""A build killed halfway leaves the previous document as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from synthetic import write_unit

from perfdocs.docxread import blocks_text, read_blocks


def test_a_killed_build_leaves_the_previous_document_intact(tmp_path: Path) -> None:
    unit = write_unit(tmp_path / "单位", 1500)
    output = tmp_path / "绩效目标.docx"
    command = [sys.executable, "-m", "perfdocs", "build", str(unit), "-o", str(output), "--no-page-numbers"]
    subprocess.run(command, check=True, capture_output=True)
    before = output.read_bytes()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not any(path.name.endswith(".tmp") for path in tmp_path.iterdir()):  # it is writing now
        assert process.poll() is None, "the build ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert output.read_bytes() == before
    assert zipfile.is_zipfile(output)
    assert "表格：" in blocks_text(read_blocks(output))
