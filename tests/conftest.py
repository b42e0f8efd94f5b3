"""Shared fixtures: the example unit, a built copy of it, and golden-file comparison."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import perfdocs

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_UNIT = REPO / "projects" / "2025"
DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
#: Set to 1 to rewrite golden files from the current output (then review the diff).
REGENERATE = os.environ.get("PERFDOCS_REGENERATE_GOLDEN") == "1"


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example unit built once with the default template."""
    return perfdocs.build(EXAMPLE_UNIT, tmp_path_factory.mktemp("example") / "绩效目标.docx")


@pytest.fixture
def unit_copy(tmp_path: Path) -> Path:
    """A private copy of the example unit that a test may edit."""
    return Path(shutil.copytree(EXAMPLE_UNIT, tmp_path / "2025"))


@pytest.fixture
def matches_golden() -> Callable[[str, Path], bool]:
    """Compare text with a golden file, or rewrite the file when regenerating."""

    def compare(actual: str, golden: Path) -> bool:
        if REGENERATE:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(actual, encoding="utf-8")
        return golden.read_text(encoding="utf-8") == actual

    return compare
