"""The font files perfdocs measures with (:mod:`perfdocs.typeset.fonts`): found where the system keeps
them and in ``$PERFDOCS_FONT_DIRS``; one that is not a font gives way to the next, or to the estimate."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typesetting import tiny_font

from perfdocs.typeset import fonts
from perfdocs.typeset import metrics as measuring
from perfdocs.typeset.fonts import Face, find_faces
from perfdocs.typeset.metrics import EM, ESTIMATE, metrics


@pytest.fixture(autouse=True)
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Metrics found again for each test, with a cache of its own, and found again after it."""
    monkeypatch.setenv("PERFDOCS_CACHE", str(tmp_path / "cache"))
    metrics.cache_clear()
    yield
    metrics.cache_clear()


def good_fonts(folder: Path) -> Path:
    """A SimSun and a Times New Roman that read: "中" 0.9 em wide, "a" 0.4 em."""
    tiny_font(folder / "simsun.ttc", {"中": 900, "国": 1000, "a": 450}, family="SimSun")
    tiny_font(folder / "times.ttf", {"a": 400})
    return folder


def test_without_a_font_the_measure_is_an_estimate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(measuring, "find_faces", lambda: ([], []))
    found = metrics()
    assert found is ESTIMATE
    assert found.asian_width("中") == EM
    assert found.latin_width("1") == EM // 2


def test_the_installed_font_gives_the_sc_face_and_is_read_once() -> None:
    cjk, _ = find_faces()
    if not cjk:
        pytest.skip("no CJK font installed")
    first = metrics()
    assert first is metrics()  # once per process
    assert first.asian_width("中") == EM
    if cjk[0].path.suffix == ".ttc" and "Noto" in cjk[0].path.name:
        from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]  # noqa: PLC0415

        collection = TTCollection(str(cjk[0].path), lazy=True)
        try:
            assert "Noto Serif CJK SC" in [fonts._family(face) for face in collection.fonts]
        finally:
            collection.close()
        assert first.source.endswith("Noto Serif CJK SC")


def test_font_folders_are_read_first_and_each_font_is_measured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PERFDOCS_FONT_DIRS", str(good_fonts(tmp_path / "fonts")))
    cjk, latin = find_faces()
    assert cjk[0].path == tmp_path / "fonts" / "simsun.ttc"
    assert latin[0].path == tmp_path / "fonts" / "times.ttf"
    found = metrics()
    assert found.source == "simsun.ttc SimSun"
    assert found.asian_width("中") == 900
    assert found.asian_width("国") == EM  # 1 em, as Chinese characters are without saying so
    assert found.latin_width("a") == 400  # the Latin face's
    assert found.latin_width("中") == 900  # not in it: the Chinese face's


def test_font_folders_missing_or_a_file_are_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERFDOCS_FONT_DIRS", raising=False)
    without = find_faces()
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    folders = [str(tmp_path / "missing"), "", str(tmp_path / "a file"), str(tmp_path / "a file" / "below")]
    monkeypatch.setenv("PERFDOCS_FONT_DIRS", os.pathsep.join(folders))
    assert find_faces() == without
    found = metrics().source  # the system's fonts, or the estimate
    metrics.cache_clear()
    monkeypatch.delenv("PERFDOCS_FONT_DIRS")
    assert metrics().source == found


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _truncated(path: Path) -> None:
    whole = tiny_font(path.with_name("whole" + path.suffix), {"中": 800, "a": 300}, family="SimSun").read_bytes()
    path.write_bytes(whole[: len(whole) // 3])


def _the_other_kind(path: Path) -> None:  # a single font named as a collection, or a collection as a font
    other = path.with_name("other" + (".ttf" if path.suffix == ".ttc" else ".ttc"))
    path.write_bytes(tiny_font(other, {"中": 800, "a": 300}).read_bytes())


def _a_collection_of_none(path: Path) -> None:
    path.write_bytes(b"ttcf\x00\x01\x00\x00\x00\x00\x00\x00")


@pytest.mark.parametrize("spoil", [_garbage, _empty, _truncated, _the_other_kind, _a_collection_of_none])
def test_a_font_that_does_not_read_gives_way_to_the_next(
    spoil: Callable[[Path], None], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("simsun.ttc", "times.ttf", "NotoSerifSC-Regular.otf"):
        spoil(bad / name)
    monkeypatch.setenv("PERFDOCS_FONT_DIRS", os.pathsep.join([str(bad), str(good_fonts(tmp_path / "good"))]))
    assert find_faces()[0][0].path == bad / "simsun.ttc"
    found = metrics()
    assert found.source == "simsun.ttc SimSun"
    assert (found.asian_width("中"), found.latin_width("a")) == (900, 400)  # the good folder's, both


def test_without_a_font_that_reads_the_measure_is_the_estimate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _garbage(tmp_path / "simsun.ttc")
    _empty(tmp_path / "NotoSerifSC-Regular.otf")
    faces = [Face(tmp_path / "simsun.ttc", "SimSun", "1"), Face(tmp_path / "NotoSerifSC-Regular.otf", "", "2")]
    monkeypatch.setattr(measuring, "find_faces", lambda: (faces, faces))
    assert metrics() is ESTIMATE


def test_a_good_chinese_face_with_no_latin_face_that_reads_measures_latin_text_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tiny_font(tmp_path / "simsun.ttc", {"中": 900, "a": 450}, family="SimSun")
    _garbage(tmp_path / "times.ttf")
    faces = [Face(tmp_path / "simsun.ttc", "SimSun", "1")], [Face(tmp_path / "times.ttf", "", "2")]
    monkeypatch.setattr(measuring, "find_faces", lambda: faces)
    assert metrics().latin_width("a") == 450


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs or symbolic links to make")
def test_what_only_is_named_like_a_font_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    odd = tmp_path / "odd"
    (odd / "fifo").mkdir(parents=True)
    os.mkfifo(odd / "fifo" / "simsun.ttc")  # reading it would wait for ever
    (odd / "link").mkdir()
    (odd / "link" / "simsun.ttc").symlink_to(tmp_path / "nowhere.ttc")
    (odd / "folder" / "simsun.ttc").mkdir(parents=True)
    folders = [str(odd / "fifo"), str(odd / "link"), str(odd / "folder"), str(good_fonts(tmp_path / "good"))]
    monkeypatch.setenv("PERFDOCS_FONT_DIRS", os.pathsep.join(folders))
    assert find_faces()[0][0].path == tmp_path / "good" / "simsun.ttc"
    assert metrics().asian_width("中") == 900
