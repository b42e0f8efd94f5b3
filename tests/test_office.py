"""Running LibreOffice: finding it, and failing clearly when it fails, hangs or is missing."""

from __future__ import annotations

import os
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs import pipeline
from perfdocs.cli import main
from perfdocs.errors import OfficeError
from perfdocs.office import SOFFICE_VARIABLE, Office, _destination_key, bookmark_pages, find_soffice
from perfdocs.output import is_unchanged_build
from perfdocs.progress import silent


def fake_soffice(tmp_path: Path, body: str) -> Path:
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\n{body}\n")
    program.chmod(0o755)
    return program


@pytest.fixture
def no_office(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without LibreOffice: nothing on the PATH, nothing configured, nothing in the usual places."""
    monkeypatch.delenv(SOFFICE_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr("perfdocs.office._KNOWN_PLACES", ())


def test_the_variable_names_the_program_or_its_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    program = fake_soffice(tmp_path, "exit 0")
    monkeypatch.setenv(SOFFICE_VARIABLE, str(program))
    assert find_soffice() == str(program)
    monkeypatch.setenv(SOFFICE_VARIABLE, str(tmp_path))
    assert find_soffice() == str(program)


def test_a_wrong_variable_is_an_error_not_a_missing_office(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SOFFICE_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(OfficeError, match=f"环境变量 {SOFFICE_VARIABLE} 指向的“{tmp_path / 'missing'}”不是"):
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.docx")


def test_a_hanging_libreoffice_is_stopped_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    program = fake_soffice(tmp_path, f"sleep 60 & echo $! > {pid_file}\nsleep 60")
    office = Office(str(program), tmp_path / "profile", timeout=1)
    document = tmp_path / "a.docx"
    document.write_bytes(b"")
    started = time.monotonic()
    with pytest.raises(OfficeError, match="1 秒内没有完成排版"):
        office.to_pdf(document)
    assert time.monotonic() - started < 10
    assert not is_running(int(pid_file.read_text()))


def is_running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may be slow to reap what was killed)."""
    time.sleep(0.2)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def test_a_failing_libreoffice_is_reported(tmp_path: Path) -> None:
    office = Office(str(fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'; exit 3")), tmp_path)
    with pytest.raises(OfficeError, match=r"退出码 3）：Error: source file could not be loaded"):
        office.to_pdf(tmp_path / "a.docx")


def test_a_libreoffice_that_writes_nothing_is_reported(tmp_path: Path) -> None:
    office = Office(str(fake_soffice(tmp_path, "exit 0")), tmp_path)
    with pytest.raises(OfficeError, match="没有生成 PDF"):
        office.to_pdf(tmp_path / "a.docx")


def test_destination_names_match_as_libreoffice_writes_them() -> None:
    assert _destination_key("_Toc_perfdocs_12") == "5FToc5Fperfdocs5F12"
    assert _destination_key("/5FToc5Fperfdocs5F12") == "5FToc5Fperfdocs5F12"


@pytest.mark.usefixtures("no_office")
def test_without_libreoffice_the_docx_is_still_built(tmp_path: Path) -> None:
    result = perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.docx")
    assert result.pages is None
    assert result.notice is not None
    assert result.notice.startswith("没有找到 LibreOffice，目录中暂无页码")
    with zipfile.ZipFile(result.output) as archive:
        assert '<w:updateFields w:val="true"/><w:compat>' in archive.read("word/settings.xml").decode()
        assert archive.read("word/document.xml").decode().count('<w:hyperlink w:anchor="_Toc_perfdocs_') == 7


@pytest.mark.usefixtures("no_office")
def test_without_libreoffice_a_pdf_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(OfficeError, match="生成 PDF 需要 LibreOffice"):
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.usefixtures("no_office")
def test_the_cli_says_once_what_was_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", str(EXAMPLE_UNIT), "-o", str(tmp_path / "out.docx")]) == 0
    err = capsys.readouterr().err
    assert err.count("提示：没有找到 LibreOffice") == 1
    assert "sudo apt install libreoffice-writer-nogui" in err


def test_no_page_numbers_does_not_start_libreoffice(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    monkeypatch.setenv(SOFFICE_VARIABLE, str(fake_soffice(tmp_path, f"touch {marker}; exit 1")))
    result = perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.docx", page_numbers=False)
    assert result.notice is None
    assert not marker.exists()
    with zipfile.ZipFile(result.output) as archive:
        assert "<w:updateFields" in archive.read("word/settings.xml").decode()


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(perfdocs.OutputError, match=r"扩展名应为 \.docx 或 \.pdf"):
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.doc")


def test_a_keyboard_interrupt_stops_libreoffice_and_its_children(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid_file = tmp_path / "child.pid"
    office = Office(str(fake_soffice(tmp_path, f"sleep 60 & echo $! > {pid_file}\nsleep 60")), tmp_path / "p")
    original = subprocess.Popen.communicate

    def interrupted(self: subprocess.Popen[bytes], *args: object, **kwargs: object) -> object:
        if kwargs.get("timeout"):
            time.sleep(0.5)  # let the script start its child
            raise KeyboardInterrupt
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        office.to_pdf(tmp_path / "a.docx")
    assert not is_running(int(pid_file.read_text()))


class AlternatingOffice(Office):
    """An office whose layout never settles: every conversion moves the headings by a page."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__("soffice", tmp_path)
        self.calls = 0

    def to_pdf(self, document: Path) -> Path:
        self.calls += 1
        return document


def test_pages_that_never_settle_are_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office = AlternatingOffice(tmp_path)
    shift = iter(range(100))
    monkeypatch.setattr(
        pipeline, "bookmark_pages", lambda _pdf, headings: {bookmark: next(shift) + 2 for bookmark in headings}
    )
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    with pytest.raises(OfficeError, match="标题所在的页仍在变化（已排版 3 遍）"):
        pipeline.paginate(unit, perfdocs.load_template(), office, tmp_path, silent)
    assert office.calls == pipeline.LAYOUT_ROUNDS


def test_a_heading_missing_from_the_pdf_is_named(tmp_path: Path, libreoffice_pdf: Path) -> None:
    with pytest.raises(OfficeError, match=r"找不到标题“9\.不存在的标题”"):
        bookmark_pages(libreoffice_pdf, {"_Toc_perfdocs_9": "9.不存在的标题"})


@pytest.fixture
def libreoffice_pdf(tmp_path: Path, libreoffice: str) -> Path:
    result = perfdocs.build(EXAMPLE_UNIT, tmp_path / "seed.pdf")
    return result.output


def test_an_edited_pdf_is_not_overwritten(tmp_path: Path, libreoffice_pdf: Path) -> None:
    assert is_unchanged_build(libreoffice_pdf)
    with libreoffice_pdf.open("ab") as pdf:  # what an annotating reader's incremental save appends
        pdf.write(b"\n1 0 obj\n<< /Annots [] >>\nendobj\ntrailer\n<< >>\n%%EOF\n")
    with pytest.raises(perfdocs.OutputError, match="已存在"):
        perfdocs.build(EXAMPLE_UNIT, libreoffice_pdf)


def test_a_pdf_perfdocs_did_not_write_is_not_overwritten(tmp_path: Path) -> None:
    other = tmp_path / "别人的.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(perfdocs.OutputError, match="已存在"):
        perfdocs.build(EXAMPLE_UNIT, other)
    assert other.read_bytes() == b"%PDF-1.4\n%%EOF\n"
