"""Running LibreOffice: finding it, and failing clearly when it fails, hangs, writes garbage or is missing."""

from __future__ import annotations

import io
import itertools
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, draft
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

import perfdocs
from perfdocs import office as office_module
from perfdocs import pipeline
from perfdocs.cli import main
from perfdocs.errors import OfficeError
from perfdocs.office import (
    INSTALL_HINT,
    MISSING_GLYPHS_NOTICE,
    SANS_SC,
    SERIF_SC,
    SOFFICE_VARIABLE,
    STAND_IN_NOTICE,
    Office,
    _destination_key,
    bookmark_pages,
    check_timeout,
    find_soffice,
    font_config,
    installed_families,
    missing_glyphs,
    named_fonts,
    printed_characters,
)
from perfdocs.output import is_unchanged_build, stamp_pdf
from perfdocs.progress import silent


def fake_soffice(tmp_path: Path, body: str) -> Path:
    """A shell script standing in for soffice."""
    program = tmp_path / "soffice"
    program.write_text(f"#!/bin/sh\n{body}\n")
    program.chmod(0o755)
    return program


def writing_soffice(tmp_path: Path, content: bytes, *, say: str = "") -> Path:
    """A soffice that writes ``content`` where LibreOffice would write the PDF, and prints ``say``."""
    data = tmp_path / "written.bin"
    data.write_bytes(content)
    program = tmp_path / "soffice"
    program.write_text(
        f"#!{sys.executable}\n"
        "import shutil, sys\n"
        "from pathlib import Path\n"
        "outdir = Path(sys.argv[sys.argv.index('--outdir') + 1])\n"
        f"shutil.copyfile({str(data)!r}, outdir / (Path(sys.argv[-1]).stem + '.pdf'))\n"
        f"print({say!r})\n"
    )
    program.chmod(0o755)
    return program


def an_office(program: Path, tmp_path: Path, timeout: float = 30) -> Office:
    """An Office as a build makes one: its profile in a work folder of its own."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    return Office(str(program), work / "profile", timeout)


def a_document(tmp_path: Path) -> Path:
    document = tmp_path / "work" / "a.docx"
    document.parent.mkdir(exist_ok=True)
    document.write_bytes(b"")
    return document


@pytest.fixture
def no_office(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A machine without LibreOffice: nothing on the PATH, nothing configured, nothing in the usual places."""
    monkeypatch.delenv(SOFFICE_VARIABLE, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr("perfdocs.office._KNOWN_PLACES", ())


def is_running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may be slow to reap what was killed)."""
    time.sleep(0.2)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")


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


def build_with(
    program: Path | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *more: str
) -> tuple[int, str]:
    """``perfdocs build`` of the example unit to a PDF with ``program`` as soffice: exit code and standard error."""
    monkeypatch.setenv(SOFFICE_VARIABLE, str(program))
    output = tmp_path / "out" / "绩效目标.pdf"
    code = main(["build", str(EXAMPLE_UNIT), "-o", str(output), *more])
    assert not output.parent.exists()
    return code, capsys.readouterr().err


def test_a_variable_naming_a_folder_without_soffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "LibreOffice").mkdir()
    assert build_with(tmp_path / "LibreOffice", tmp_path, monkeypatch, capsys) == (
        1,
        f"错误：环境变量 {SOFFICE_VARIABLE} 指向的“{tmp_path / 'LibreOffice'}”不是 LibreOffice 的 soffice 程序。\n",
    )


def test_a_variable_naming_a_file_that_cannot_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    program = fake_soffice(tmp_path, "exit 0")
    program.chmod(0o644)
    assert build_with(program, tmp_path, monkeypatch, capsys) == (
        1,
        f"错误：环境变量 {SOFFICE_VARIABLE} 指向的“{program}”不能执行：它没有执行权限。\n",
    )


@pytest.mark.parametrize(
    ("first_line", "reason"),
    [("#!/nonexistent/sh", "它第一行（#!）写的解释程序不存在"), ("garbage", "它不是能执行的程序")],
)
def test_a_program_that_cannot_start(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    first_line: str,
    reason: str,
) -> None:
    program = tmp_path / "soffice"
    program.write_text(f"{first_line}\n")
    program.chmod(0o755)
    assert build_with(program, tmp_path, monkeypatch, capsys) == (
        1,
        f"错误：无法启动 LibreOffice（{program}）：{reason}。{INSTALL_HINT}\n",
    )


def test_a_program_that_hangs_is_stopped_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    program = fake_soffice(tmp_path, "sleep 60")
    started = time.monotonic()
    assert build_with(program, tmp_path, monkeypatch, capsys, "--timeout", "1") == (
        1,
        "错误：LibreOffice 在 1 秒内没有完成排版，已停止。文档很大时可以放宽时间限制（--timeout）。\n",
    )
    assert time.monotonic() - started < 10


def test_a_program_that_exits_without_a_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    program = fake_soffice(tmp_path, "exit 0")
    assert build_with(program, tmp_path, monkeypatch, capsys) == (
        1,
        "错误：LibreOffice 没有生成 PDF。它的输出：（无）\n",
    )


def test_a_hanging_libreoffice_is_stopped_with_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    office = an_office(fake_soffice(tmp_path, f"sleep 60 & echo $! > {pid_file}\nsleep 60"), tmp_path, timeout=1)
    started = time.monotonic()
    with pytest.raises(OfficeError, match="1 秒内没有完成排版"):
        office.to_pdf(a_document(tmp_path))
    assert time.monotonic() - started < 10
    assert not is_running(int(pid_file.read_text()))


def test_the_time_limit_holds_when_a_child_keeps_the_output_open(tmp_path: Path) -> None:
    """A helper that outlives soffice, holding its output open, kept perfdocs waiting past any limit."""
    pid_file = tmp_path / "child.pid"
    script = f"sleep 60 & echo $! > {pid_file}\necho started"
    office = an_office(fake_soffice(tmp_path, script), tmp_path, timeout=30)
    started = time.monotonic()
    with pytest.raises(OfficeError) as caught:
        office.to_pdf(a_document(tmp_path))
    assert str(caught.value) == "LibreOffice 没有生成 PDF。它的输出：started"
    assert time.monotonic() - started < 10
    assert not is_running(int(pid_file.read_text()))


def test_a_finished_conversion_leaves_no_helper_running(tmp_path: Path, blank_pdf: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = (
        f'sleep 60 >/dev/null 2>&1 & echo $! > {pid_file}\nfor last; do :; done\ncp {blank_pdf} "${{last%.docx}}.pdf"'
    )
    office = an_office(fake_soffice(tmp_path, script), tmp_path)
    assert office.to_pdf(a_document(tmp_path)) == tmp_path / "work" / "a.pdf"
    assert not is_running(int(pid_file.read_text()))


@pytest.fixture(scope="session")
def blank_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small valid PDF for the fake programs to hand back."""
    path = tmp_path_factory.mktemp("pdf") / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with path.open("wb") as file:
        writer.write(file)
    return path


def test_a_failing_libreoffice_is_reported_without_the_temporary_folder(tmp_path: Path) -> None:
    work = tmp_path / "work"
    office = an_office(fake_soffice(tmp_path, f"echo 'Error: {work}/a.docx could not be loaded'; exit 3"), tmp_path)
    with pytest.raises(OfficeError) as caught:
        office.to_pdf(a_document(tmp_path))
    assert (
        str(caught.value)
        == "LibreOffice 转换失败（退出码 3）。它的输出：Error: （临时文件夹）/a.docx could not be loaded"
    )


def test_only_the_end_of_a_flood_of_output_is_quoted(tmp_path: Path) -> None:
    office = an_office(fake_soffice(tmp_path, "yes x | head -c 5000000; echo 'the end'; exit 5"), tmp_path)
    with pytest.raises(OfficeError) as caught:
        office.to_pdf(a_document(tmp_path))
    message = str(caught.value)
    assert message.startswith("LibreOffice 转换失败（退出码 5）。它的输出：…x\nx\n")
    assert message.endswith("x\nx\nthe end")
    assert len(message) < 2100


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "LibreOffice 生成的 PDF 是空的"), (b"<html>not a pdf</html>", "LibreOffice 生成的文件不是 PDF")],
)
def test_an_empty_or_foreign_file_instead_of_a_pdf(tmp_path: Path, content: bytes, problem: str) -> None:
    office = an_office(writing_soffice(tmp_path, content, say="convert done"), tmp_path)
    with pytest.raises(OfficeError) as caught:
        office.to_pdf(a_document(tmp_path))
    assert str(caught.value) == f"{problem}。它的输出：convert done"


def garbage_pdfs(valid: bytes) -> dict[str, bytes]:
    """PDFs broken in the ways pypdf fails on: garbage, truncated, cut, looping, pointing nowhere."""
    nowhere = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    dests = DictionaryObject({NameObject("/5FToc5Fperfdocs5F1"): ArrayObject([NumberObject(99)])})
    writer._root_object[NameObject("/Dests")] = dests
    writer.write(nowhere)
    return {
        "garbage": b"%PDF-1.4\nnothing but garbage",
        "truncated": valid[: len(valid) // 2],
        "no trailer": valid.replace(b"trailer", b"xxxxxxx").replace(b"startxref", b"xxxxxxxxx"),
        "pages loop": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [ 2 0 R ] /Count 1 >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n",
        "destination to no page": nowhere.getvalue(),
    }


GARBAGE = ["destination to no page", "garbage", "no trailer", "pages loop", "truncated"]


@pytest.mark.parametrize("name", GARBAGE)
def test_a_garbage_pdf_is_an_office_error(
    tmp_path: Path, name: str, blank_pdf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "round-1.pdf"
    pdf.write_bytes(garbage_pdfs(blank_pdf.read_bytes())[name])
    with pytest.raises(OfficeError) as caught:
        bookmark_pages(pdf, {"_Toc_perfdocs_1": "1.甲"})
    message = str(caught.value)
    if name == "destination to no page":
        assert message == "在 LibreOffice 排出的 PDF 中找不到标题“1.甲”：模板的标题上是否还有书签 perfdocs_title？"
    else:
        assert message.startswith("LibreOffice 生成的 PDF 无法读取（")
        assert message.endswith("）。它可能没有正常完成，请再试一次。")
    assert capsys.readouterr() == ("", "")  # pypdf's warnings stay off the terminal


@pytest.mark.parametrize("name", ["garbage", "truncated", "no trailer"])
def test_a_garbage_pdf_cannot_be_stamped(tmp_path: Path, name: str, blank_pdf: Path) -> None:
    pdf = tmp_path / "document.pdf"
    pdf.write_bytes(garbage_pdfs(blank_pdf.read_bytes())[name])
    with pytest.raises(OfficeError, match=r"^LibreOffice 生成的 PDF 无法读取（"):
        stamp_pdf(pdf)


def test_a_build_given_a_garbage_pdf_writes_nothing(
    tmp_path: Path, blank_pdf: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    program = writing_soffice(tmp_path, garbage_pdfs(blank_pdf.read_bytes())["truncated"])
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    monkeypatch.setattr("tempfile.tempdir", None)
    (tmp_path / "tmp").mkdir()
    for more in ([], ["--no-page-numbers"]):
        code, err = build_with(program, tmp_path, monkeypatch, capsys, *more)
        assert code == 1
        assert err.startswith("错误：LibreOffice 生成的 PDF 无法读取（")
        assert err.endswith("）。它可能没有正常完成，请再试一次。\n")
    assert list((tmp_path / "tmp").iterdir()) == []


@pytest.mark.parametrize("timeout", [float("nan"), float("inf"), 0, -1])
def test_a_time_limit_must_be_a_positive_number(timeout: float, tmp_path: Path) -> None:
    with pytest.raises(OfficeError) as caught:
        check_timeout(timeout)
    assert str(caught.value) == f"LibreOffice 的时间限制应为大于 0 的有限秒数，不能是 {timeout!r}。"
    with pytest.raises(OfficeError, match="时间限制"):
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.docx", timeout=timeout, page_numbers=False)
    assert not (tmp_path / "out.docx").exists()


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
    with pytest.raises(perfdocs.OutputError, match=r"扩展名应为 \.docx、\.pdf 或 \.xlsx"):
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.doc")


def test_a_keyboard_interrupt_stops_libreoffice_and_its_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    office = an_office(fake_soffice(tmp_path, f"sleep 60 & echo $! > {pid_file}\nsleep 60"), tmp_path)
    interrupt = threading.Timer(1, os.kill, (os.getpid(), signal.SIGINT))
    interrupt.start()
    with pytest.raises(KeyboardInterrupt):
        office.to_pdf(a_document(tmp_path))
    interrupt.join()
    assert not is_running(int(pid_file.read_text()))


def test_a_second_interrupt_does_not_cut_the_clean_up_short(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C that comes while LibreOffice is being stopped waits until it is stopped."""
    pid_file = tmp_path / "child.pid"
    office = an_office(fake_soffice(tmp_path, f"sleep 60 & echo $! > {pid_file}\nsleep 60"), tmp_path, timeout=1)
    stop = office_module.stop_watched

    def interrupted_while_stopping(process: subprocess.Popen[bytes]) -> None:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.1)  # the signal has arrived, and waits
        stop(process)

    monkeypatch.setattr(office_module, "stop_watched", interrupted_while_stopping)
    with pytest.raises(KeyboardInterrupt):
        office.to_pdf(a_document(tmp_path))
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
    shift = itertools.count()
    monkeypatch.setattr(
        pipeline, "bookmark_pages", lambda _pdf, headings: {bookmark: next(shift) + 2 for bookmark in headings}
    )
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    with pytest.raises(OfficeError, match=f"标题所在的页仍在变化（已排版 {pipeline.LAYOUT_ROUNDS} 遍）"):
        pipeline.paginate(unit, perfdocs.load_template(), office, tmp_path, silent)
    assert office.calls == pipeline.LAYOUT_ROUNDS


def test_grids_that_never_settle_still_make_the_document_and_say_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The headings stay, but each round puts another row first on a page: after the last round the
    document (its 目录 right) is made, and the notice says how many continuation pages lack their label."""
    office = AlternatingOffice(tmp_path)
    rounds = iter(range(9, 100))  # rows of the second project's 产出指标, each continuing the merge

    def pages(_pdf: Path, places: dict[str, str | None]) -> dict[str, int]:
        moved = next(rounds)
        return {name: 2 if text is not None or name != f"_perfdocs_row_{moved}" else 3 for name, text in places.items()}

    monkeypatch.setattr(pipeline, "bookmark_pages", pages)
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    layout = pipeline.paginate(unit, perfdocs.load_template(), office, tmp_path, silent)
    assert office.calls == pipeline.LAYOUT_ROUNDS
    assert set(layout.pages.values()) == {2}
    assert layout.notice == pipeline.UNLABELLED_NOTICE.format(count=1, rounds=pipeline.LAYOUT_ROUNDS)


def test_breaks_that_swing_between_two_layouts_settle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Restarting row 10 moves the break to row 12, and restarting row 12 moves it back: once both are
    restarted, every break has its label, and the layout is taken."""
    office = AlternatingOffice(tmp_path)
    swing = itertools.cycle(["_perfdocs_row_10", "_perfdocs_row_12"])

    def pages(_pdf: Path, places: dict[str, str | None]) -> dict[str, int]:
        first = next(swing)
        rows = sorted(
            (name for name, text in places.items() if text is None), key=lambda name: int(name.rsplit("_", 1)[1])
        )
        after = rows[rows.index(first) :] if first in rows else []
        return {name: 3 if name in after else 2 for name in places}

    monkeypatch.setattr(pipeline, "bookmark_pages", pages)
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    layout = pipeline.paginate(unit, perfdocs.load_template(), office, tmp_path, silent)
    assert layout.notice is None
    assert office.calls < pipeline.LAYOUT_ROUNDS


def test_rows_that_break_the_same_way_twice_settle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office = AlternatingOffice(tmp_path)
    monkeypatch.setattr(
        pipeline,
        "bookmark_pages",
        lambda _pdf, places: {name: 3 if name == "_perfdocs_row_3" else 2 for name in places},
    )
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    document, _, pages, _ = pipeline.paginate(unit, perfdocs.load_template(), office, tmp_path, silent)
    assert office.calls == 2
    assert set(pages.values()) == {2}
    with zipfile.ZipFile(document) as archive:
        assert "_perfdocs_row_" not in archive.read("word/document.xml").decode()


@pytest.mark.slow
def test_a_place_that_is_no_heading_may_be_missing(libreoffice_pdf: Path) -> None:
    places = {"_Toc_perfdocs_1": "1.甲", "_perfdocs_row_1": None, "_perfdocs_row_9999": None}
    found = bookmark_pages(libreoffice_pdf, places)
    assert found == {"_Toc_perfdocs_1": 2, "_perfdocs_row_1": 2}  # the first grid's first row is under its heading


@pytest.mark.slow
def test_a_heading_missing_from_the_pdf_is_named(tmp_path: Path, libreoffice_pdf: Path) -> None:
    with pytest.raises(OfficeError, match=r"找不到标题“9\.不存在的标题”"):
        bookmark_pages(libreoffice_pdf, {"_Toc_perfdocs_9": "9.不存在的标题"})


@pytest.fixture
def libreoffice_pdf(tmp_path: Path, libreoffice: str) -> Path:
    result = perfdocs.build(EXAMPLE_UNIT, tmp_path / "seed.pdf")
    return result.output


@pytest.mark.slow
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


def test_escape_sequences_in_what_libreoffice_prints_do_not_reach_the_terminal(tmp_path: Path) -> None:
    program = fake_soffice(tmp_path, r"printf '\033[2Jcleared\n\033]0;title\007'; exit 1")
    with pytest.raises(OfficeError) as caught:
        an_office(program, tmp_path).to_pdf(a_document(tmp_path))
    assert (
        str(caught.value) == "LibreOffice 转换失败（退出码 1）。它的输出：‹U+001B›[2Jcleared\n‹U+001B›]0;title‹U+0007›"
    )


def test_what_libreoffice_prints_on_standard_error_is_quoted(tmp_path: Path) -> None:
    program = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    with pytest.raises(OfficeError) as caught:
        an_office(program, tmp_path).to_pdf(a_document(tmp_path))
    assert str(caught.value) == "LibreOffice 转换失败（退出码 1）。它的输出：Error: source file could not be loaded"


def fc_match(config: Path, pattern: str) -> str:
    """The family fontconfig picks for ``pattern`` under the configuration ``config``."""
    environment = {**os.environ, "FONTCONFIG_FILE": str(config)}
    found = subprocess.run(
        ["fc-match", "-f", "%{family[0]}", pattern], env=environment, capture_output=True, check=True
    )
    return found.stdout.decode("utf-8")


@pytest.fixture
def noto_fonts(tmp_path: Path) -> Path:
    """perfdocs' fontconfig configuration, on a machine with fontconfig and fonts-noto-cjk."""
    if shutil.which("fc-match") is None or "notoserifcjksc" not in (installed_families() or set()):
        pytest.skip("needs fontconfig and fonts-noto-cjk")
    config = tmp_path / "fonts.conf"
    config.write_text(font_config(), encoding="utf-8")
    return config


@pytest.mark.parametrize(
    ("font", "face"),
    [("宋体", SERIF_SC), ("SimSun", SERIF_SC), ("黑体", SANS_SC), ("微软雅黑", SANS_SC)],
)
def test_chinese_fonts_get_a_serif_or_a_sans_face_over_the_zh_cn_default(
    noto_fonts: Path, font: str, face: str
) -> None:
    """Debian's rule for lang=zh-cn binds Noto Sans CJK SC strongly; the aliases must win over it."""
    assert fc_match(noto_fonts, f"{font}:lang=zh-cn") == face


@pytest.mark.parametrize("font", ["仿宋", "仿宋_GB2312", "楷体", "KaiTi"])
def test_fangsong_and_kai_fall_back_to_the_serif_face(noto_fonts: Path, font: str) -> None:
    installed = installed_families() or set()
    if {"fangsong", "仿宋", "kaiti", "楷体"} & installed:
        pytest.skip("a FangSong or Kai face is installed")
    assert fc_match(noto_fonts, f"{font}:lang=zh-cn") == SERIF_SC


def test_an_installed_font_is_used_before_the_stand_in(noto_fonts: Path, tmp_path: Path) -> None:
    """A real FangSong (here a Latin font renamed) wins over Noto Serif, for 仿宋_GB2312 too."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    source = next(Path("/usr/share/fonts").rglob("DejaVuSerif.ttf"), None)
    if source is None:
        pytest.skip("needs DejaVu Serif to rename")
    font = ttlib.TTFont(source)
    for record in font["name"].names:
        if record.nameID in (1, 4, 6, 16):
            record.string = "FangSong"
    (tmp_path / "fonts").mkdir()
    font.save(tmp_path / "fonts" / "FangSong.ttf")
    config = noto_fonts.read_text(encoding="utf-8").replace("<fontconfig>", f"<fontconfig><dir>{tmp_path}/fonts</dir>")
    noto_fonts.write_text(config, encoding="utf-8")
    assert fc_match(noto_fonts, "仿宋_GB2312:lang=zh-cn") == "FangSong"
    assert fc_match(noto_fonts, "宋体:lang=zh-cn") == SERIF_SC


@pytest.mark.parametrize(
    ("named", "installed", "notice"),
    [
        ({"宋体", "黑体"}, set(), None),
        ({"宋体", "仿宋"}, {"notoserifcjksc"}, STAND_IN_NOTICE.format(fonts="仿宋", serif=SERIF_SC)),
        ({"FangSong_GB2312", "KaiTi"}, set(), STAND_IN_NOTICE.format(fonts="仿宋、楷体", serif=SERIF_SC)),
        ({"仿宋", "楷体"}, {"fangsong", "arplukaicn"}, None),
        ({"仿宋"}, None, None),  # no fontconfig: LibreOffice does not read the aliases
    ],
)
def test_the_notice_names_the_fonts_that_were_stood_in_for(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    named: set[str],
    installed: set[str] | None,
    notice: str | None,
) -> None:
    office = an_office(Path("soffice"), tmp_path)
    office.fonts_named |= named
    monkeypatch.setattr(office_module, "installed_families", lambda: installed)
    assert office.notice == notice


def test_fonts_are_read_from_the_document_converted(tmp_path: Path) -> None:
    built = draft(EXAMPLE_UNIT, tmp_path / "out.docx")
    assert named_fonts(built) == {"宋体", "黑体", "Times New Roman"}
    assert named_fonts(a_document(tmp_path)) == set()


@pytest.mark.slow
def test_a_build_says_once_which_font_was_stood_in_for(tmp_path: Path, libreoffice: str) -> None:
    installed = installed_families()
    if installed is None or {"fangsong", "仿宋"} & installed:
        pytest.skip("needs fontconfig without a FangSong face")
    template = tmp_path / "仿宋.docx"
    with zipfile.ZipFile(perfdocs.template.default_template_path()) as source, zipfile.ZipFile(template, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry)
            copy.writestr(entry, data.replace('w:eastAsia="宋体"'.encode(), 'w:eastAsia="仿宋"'.encode()))
    result = perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.pdf", template=template)
    assert result.notice == STAND_IN_NOTICE.format(fonts="仿宋", serif=SERIF_SC)


needs_fontconfig = pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig (fc-list) not installed")


def with_text_replaced(source: Path, target: Path, old: str, new: str) -> Path:
    """A copy of a built .docx whose document part says ``new`` where it said ``old``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for entry in original.infolist():
            data = original.read(entry)
            if entry.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            copy.writestr(entry, data)
    return target


@needs_fontconfig
def test_characters_no_font_has_are_said(example_docx: Path, tmp_path: Path) -> None:
    """A rare ideograph (CJK Extension B) and an emoji that fonts-noto-cjk does not have would print as boxes."""
    document = with_text_replaced(
        example_docx, tmp_path / "a.docx", "全部用于更新执法执勤用车1辆", "全部用于𠀀\U0001f389"
    )
    assert missing_glyphs(document) == MISSING_GLYPHS_NOTICE.format(chars="“🎉”（U+1F389）、“𠀀”（U+20000）")


@needs_fontconfig
def test_a_document_every_font_prints_says_nothing(example_docx: Path) -> None:
    assert printed_characters(example_docx) >= set("天津市河北区人民法院≥万元")
    assert missing_glyphs(example_docx) is None
