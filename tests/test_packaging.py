"""A plain (non-editable) install carries everything the example build needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLE_UNIT, REPO

from perfdocs.importing.docx import read_blocks
from perfdocs.importing.text import blocks_text


def test_an_installed_copy_builds_the_example(tmp_path: Path, example_docx: Path) -> None:
    source = shutil.copytree(
        REPO,
        tmp_path / "source",
        symlinks=True,  # the corpus holds broken and looping links on purpose
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__"),
    )
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(source)],
        check=True,
        capture_output=True,
    )
    assert (site / "perfdocs" / "templates" / "default.docx").is_file()
    shutil.rmtree(source)  # nothing may come from the checkout
    environment = {**os.environ, "PYTHONPATH": str(site)}
    output = tmp_path / "绩效目标.docx"
    result = subprocess.run(
        [sys.executable, "-m", "perfdocs", "build", str(EXAMPLE_UNIT), "-o", str(output), "--no-page-numbers"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import perfdocs.template as t; print(t.default_template_path())"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.strip() == str(site / "perfdocs" / "templates" / "default.docx")
    assert blocks_text(read_blocks(output)) == blocks_text(read_blocks(example_docx))
    for layout in ("上海", "一体化"):  # every layout folder is installed: its description, view and template
        other = tmp_path / f"{layout}.docx"
        example = (
            REPO
            / "projects"
            / "examples"
            / ("shanghai-2026-lanxilu" if layout == "上海" else "neimenggu-2025-zhalaite")
        )
        built = subprocess.run(
            [sys.executable, "-m", "perfdocs", "build", str(example), "-o", str(other), "--no-page-numbers", "--force"],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert built.returncode == 0, built.stderr
        assert other.is_file()
