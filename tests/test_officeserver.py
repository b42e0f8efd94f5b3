"""One LibreOffice per build over UNO, the layout a build starts from, and the profile it copies."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT
from test_office import a_document, fake_soffice, is_running

import perfdocs
from perfdocs import layoutcache, office, officeprofile, officeserver, pipeline
from perfdocs.errors import OfficeError
from perfdocs.office import SOFFICE_VARIABLE, TIMEOUT_MESSAGE

needs_uno = pytest.mark.skipif(
    officeserver.uno_python(office.find_soffice() or "soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice cannot be driven over UNO here (Debian: python3-uno)",
)


def rounds_of(source: Path | perfdocs.Unit, output: Path, **options: object) -> tuple[perfdocs.BuildResult, int]:
    """A build with page numbers, and how many times it laid the document out."""
    steps: list[str] = []
    progress = lambda step, done, total: steps.append(step) if total == 0 else None  # noqa: E731
    if isinstance(source, Path):
        result = perfdocs.build(source, output, progress=progress, **options)  # type: ignore[arg-type]
    else:
        result = perfdocs.write_document(source, output, progress=progress, **options)  # type: ignore[arg-type]
    return result, sum(step.startswith("排版第") for step in steps)


def body(docx: Path) -> bytes:
    with zipfile.ZipFile(docx) as archive:
        return archive.read("word/document.xml")


@needs_uno
@pytest.mark.slow
@pytest.mark.usefixtures("libreoffice")
def test_a_build_converts_in_its_own_libreoffice_as_the_command_line_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(officeserver.SHARED_VARIABLE, raising=False)  # not the session's: one of its own
    once = office.Office._convert_once

    def refused(self: office.Office, document: Path) -> None:
        raise AssertionError("converted on the command line")

    monkeypatch.setattr(office.Office, "_convert_once", refused)
    over_uno = perfdocs.build(EXAMPLE_UNIT, tmp_path / "uno.docx")
    monkeypatch.setattr(office.Office, "_convert_once", once)
    monkeypatch.setattr(officeserver, "uno_python", lambda program: None)
    on_the_command_line = perfdocs.build(EXAMPLE_UNIT, tmp_path / "cli.docx")
    assert over_uno.pages == on_the_command_line.pages
    assert body(over_uno.output) == body(on_the_command_line.output)


def fake_with_uno(tmp_path: Path, script: str) -> Path:
    """A fake soffice that looks drivable over UNO (pyuno beside it, as Debian's python3-uno puts it)."""
    program = fake_soffice(tmp_path, script)
    (tmp_path / "pyuno.so").touch()
    return program


@needs_uno
def test_a_libreoffice_that_ends_before_it_listens_is_run_the_old_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(officeserver.SHARED_VARIABLE, raising=False)
    monkeypatch.setenv(SOFFICE_VARIABLE, str(fake_with_uno(tmp_path, "echo said on the command line; exit 0")))
    with pytest.raises(OfficeError) as caught:
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "out" / "a.pdf")
    assert str(caught.value) == "LibreOffice 没有生成 PDF。它的输出：said on the command line"


@needs_uno
def test_a_libreoffice_that_never_listens_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    program = fake_with_uno(tmp_path, f"sleep 60 & echo $! > {pid_file}\nsleep 60")
    work = tmp_path / "work"
    work.mkdir()
    found = office.Office(str(program), work / "profile", 1)
    found.converter = officeserver._converter(found)
    assert found.converter is not None
    started = time.monotonic()
    try:
        with pytest.raises(OfficeError) as caught:
            found.to_pdf(a_document(tmp_path))
    finally:
        found.close()
    assert str(caught.value) == TIMEOUT_MESSAGE.format(timeout=1)
    assert time.monotonic() - started < 10
    assert not is_running(int(pid_file.read_text()))


def test_a_program_without_uno_beside_it_is_run_the_old_way(tmp_path: Path) -> None:
    assert officeserver.uno_python(str(fake_soffice(tmp_path, "exit 0"))) is None


@pytest.mark.slow
@pytest.mark.usefixtures("libreoffice")
def test_a_rebuild_lays_out_once_and_writes_the_same_document(tmp_path: Path) -> None:
    first, first_rounds = rounds_of(EXAMPLE_UNIT, tmp_path / "a.docx")
    again, again_rounds = rounds_of(EXAMPLE_UNIT, tmp_path / "b.docx")  # same content, another file
    assert (first_rounds, again_rounds) == (2, 1)
    assert again.pages == first.pages
    assert body(again.output) == body(first.output)


@pytest.mark.slow
@pytest.mark.usefixtures("libreoffice")
def test_a_wrong_remembered_layout_costs_a_round_not_a_wrong_number(tmp_path: Path) -> None:
    first, _ = rounds_of(EXAMPLE_UNIT, tmp_path / "a.docx")
    assert first.pages is not None
    wrong = layoutcache.Remembered({number: page + 1 for number, page in first.pages.items()}, frozenset({3}))
    layoutcache.remember([layoutcache.target_key(tmp_path / "b.docx")], wrong)
    for entry in (Path(os.environ["PERFDOCS_CACHE"]) / "layouts").iterdir():
        if entry.name != layoutcache.target_key(tmp_path / "b.docx"):
            entry.unlink()  # only the wrong one is left
    again, rounds = rounds_of(EXAMPLE_UNIT, tmp_path / "b.docx")
    assert rounds == 2
    assert again.pages == first.pages
    assert body(again.output) == body(first.output)


def test_a_damaged_remembered_layout_is_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PERFDOCS_CACHE", str(tmp_path))
    layoutcache.remember(["key"], layoutcache.Remembered({1: 3}, frozenset({7})))
    assert layoutcache.recall(["other", "key"]) == layoutcache.Remembered({1: 3}, frozenset({7}))
    entry = tmp_path / "layouts" / "key"
    entry.write_text(entry.read_text(encoding="utf-8").replace("3", "4"), encoding="utf-8")
    assert layoutcache.recall(["key"]) is None


def test_placeholders_are_as_wide_as_the_pages_are_likely_to_be() -> None:
    assert set(layoutcache.placeholders(range(1, 8), {number: number * 9 for number in range(1, 8)}).values()) == {8}
    numbers = layoutcache.placeholders(range(1, 1002), {number: number * 9 for number in range(1, 1002)})
    assert (numbers[1], numbers[200], numbers[1001]) == (88, 888, 888)  # after a 目录 of some 56 pages


def test_a_kept_profile_is_copied_into_the_next(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PERFDOCS_CACHE", str(tmp_path / "cache"))
    program = fake_soffice(tmp_path, "exit 0")
    made = tmp_path / "made"
    (made / "user").mkdir(parents=True)
    (made / "user" / "registrymodifications.xcu").write_text("<made/>", encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert not officeprofile.copy_into(empty, str(program))
    officeprofile.keep(empty, str(program))  # nothing made there: nothing kept
    officeprofile.keep(made, str(program))
    assert officeprofile.copy_into(empty, str(program))
    assert (empty / "user" / "registrymodifications.xcu").read_text(encoding="utf-8") == "<made/>"
    officeprofile.forget(str(program))
    assert not officeprofile.copy_into(tmp_path / "other", str(program))


@needs_uno
@pytest.mark.slow
def test_many_units_share_a_libreoffice_per_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(officeserver.SHARED_VARIABLE, raising=False)
    units = tmp_path / "units"
    for name in ("甲", "乙", "丙"):
        (units / name).mkdir(parents=True)
        for file in EXAMPLE_UNIT.iterdir():
            (units / name / file.name).write_bytes(file.read_bytes())
    started = tmp_path / "started"
    listening = officeserver.Listening.__init__

    def counted(self: officeserver.Listening, *arguments: object) -> None:
        with started.open("a") as log:  # the units' processes write here too
            log.write(f"{os.getpid()}\n")
        listening(self, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(officeserver.Listening, "__init__", counted)
    outcomes = pipeline.build_many([units], tmp_path / "out", workers=2)
    assert [outcome.messages for outcome in outcomes] == [(), (), ()]
    assert started.read_text().split() == [str(os.getpid())] * 2  # one per worker, none in the units' processes
