"""Shared fixtures: the example unit, a built copy of it, and golden-file comparison."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import perfdocs
from perfdocs.office import find_soffice
from perfdocs.officeserver import shared_offices

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_UNIT = REPO / "projects" / "2025"
DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
#: Set to 1 to rewrite golden files from the current output (then review the diff).
REGENERATE = os.environ.get("PERFDOCS_REGENERATE_GOLDEN") == "1"


def draft(source: Path, output: Path, **options: Any) -> Path:
    """Build a .docx without LibreOffice (no page numbers): fast, and the same on every machine."""
    return perfdocs.build(source, output, page_numbers=False, **options).output


@pytest.fixture(scope="session")
def example_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example unit built once with the default template."""
    return draft(EXAMPLE_UNIT, tmp_path_factory.mktemp("example") / "绩效目标.docx")


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


@pytest.fixture(scope="session", autouse=True)
def cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder for the session (not the user's), so that what one run leaves does not change the next."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PERFDOCS_CACHE", str(folder))
        yield folder


@pytest.fixture(autouse=True)
def no_remembered_layouts(cache_of_the_session: Path) -> None:
    """Each test lays out from scratch: a layout remembered by an earlier test would save it rounds."""
    shutil.rmtree(cache_of_the_session / "layouts", ignore_errors=True)


@pytest.fixture(scope="session")
def libreoffice() -> Iterator[str]:
    """The soffice program, for tests that lay pages out; they are skipped where it is missing, except in CI.

    One LibreOffice is kept running for the session: the builds of the tests use it, instead of
    starting one each (:func:`perfdocs.officeserver.shared_offices`).
    """
    program = find_soffice()
    missing = [
        name for name, found in (("LibreOffice", program), ("pdftotext", shutil.which("pdftotext"))) if not found
    ]
    if missing:
        reason = f"{' and '.join(missing)} not installed (Debian: libreoffice-writer-nogui, poppler-utils)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the layout tests: {reason}")
        pytest.skip(reason)
    assert program is not None
    with shared_offices(1):
        yield program


@pytest.fixture(scope="session")
def reader_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The LibreOffice profile of :func:`convert_to_pdf`, made once: making one takes a while."""
    return tmp_path_factory.mktemp("reader") / "profile"


def convert_to_pdf(soffice: str, document: Path, profile_folder: Path | None = None) -> Path:
    """Convert with LibreOffice directly, as a reader would: no perfdocs code involved."""
    outdir = document.parent / f"{document.stem}-pdf"
    profile = (profile_folder or outdir / "profile").as_uri()
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
    ]
    subprocess.run([*command, str(document)], check=True, capture_output=True, timeout=600)
    return outdir / f"{document.stem}.pdf"
