"""The body font's metrics kept in the cache (:mod:`perfdocs.typeset.metrics`): an entry that is damaged,
of another shape or hostile is made again, and a cache that cannot be written is no error."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT
from typesetting import tiny_font

from perfdocs.typeset import metrics as measuring
from perfdocs.typeset.fonts import Face
from perfdocs.typeset.metrics import MAX_ADVANCE, metrics

#: The widths the test font gives: "中" (a Chinese character not 1 em wide) and "a" in the Chinese face.
WIDTHS = {20013: 900, 97: 450}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, and a font of its own (only: the system's are not looked at)."""
    font = tiny_font(tmp_path / "fonts" / "simsun.ttc", {"中": 900, "国": 1000, "a": 450}, family="SimSun")
    monkeypatch.setattr(measuring, "find_faces", lambda: ([Face(font, "SimSun", "test")], []))
    monkeypatch.setenv("PERFDOCS_CACHE", str(tmp_path / "cache"))
    metrics.cache_clear()
    yield tmp_path / "cache"
    metrics.cache_clear()


def measured_again() -> measuring.Metrics:
    metrics.cache_clear()
    return metrics()


def entry(folder: Path) -> Path:
    (found,) = folder.glob("metrics-*.json")
    return found


def signed(body: bytes) -> bytes:
    """``body`` as a whole cache entry: its digest first, so that only its content can be wrong."""
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


def test_the_metrics_are_kept_in_the_cache_and_read_back(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = metrics()
    assert dict(first.asian) == WIDTHS
    assert [path.name for path in cache.iterdir()] == [entry(cache).name]  # no temporary file left
    monkeypatch.setattr(measuring, "advances", lambda face: pytest.fail("read the font again"))
    again = measured_again()
    assert again is not first
    assert (dict(again.asian), dict(again.latin), again.source) == (WIDTHS, {}, "simsun.ttc SimSun")


def test_the_entry_is_written_whole_or_not_at_all(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    replaced: list[tuple[Path, Path]] = []
    real = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        replaced.append((Path(source), Path(target)))
        real(source, target)

    monkeypatch.setattr(os, "replace", replace)
    metrics()
    ((temporary, target),) = replaced
    assert target == entry(cache)
    assert temporary.parent == cache
    assert temporary.name.endswith(".tmp")
    assert not temporary.exists()


def _entry_of(asian: str = '{"20013":900}', latin: str = "{}", source: str = '"x"', more: str = "") -> bytes:
    return f'{{"source":{source},"asian":{asian},"latin":{latin}{more}}}'.encode()


HOSTILE = {
    "empty": b"",
    "not JSON": b"{",
    "null": b"null",
    "a list": b"[]",
    "a string": b'"metrics"',
    "a number": b"1e999",
    "nested too deep": b"[" * 200_000,
    "not UTF-8": b'{"source":"\xff\xfe","asian":{},"latin":{}}',
    "a key missing": b'{"source":"x","asian":{}}',
    "a key too many": _entry_of(more=',"extra":1'),
    "a source that is no text": _entry_of(source="5"),
    "widths that are a list": _entry_of(asian="[900]"),
    "a negative width": _entry_of(asian='{"20013":-5}'),
    "a huge width": _entry_of(asian='{"20013":' + "9" * 4000 + "}"),
    "a width too long to read": _entry_of(asian='{"20013":' + "9" * 5000 + "}"),
    "a width wider than a font can give": _entry_of(asian=f'{{"20013":{MAX_ADVANCE + 1}}}'),
    "a fraction": _entry_of(asian='{"20013":900.5}'),
    "a float": _entry_of(asian='{"20013":1e308}'),
    "NaN": _entry_of(asian='{"20013":NaN}'),
    "Infinity": _entry_of(latin='{"97":Infinity}'),
    "-Infinity": _entry_of(latin='{"97":-Infinity}'),
    "true": _entry_of(asian='{"20013":true}'),
    "null width": _entry_of(asian='{"20013":null}'),
    "a width as text": _entry_of(asian='{"20013":"900"}'),
    "a key that is no number": _entry_of(asian='{"中":900}'),
    "a negative key": _entry_of(asian='{"-1":900}'),
    "a key past Unicode": _entry_of(asian='{"1114112":900}'),
    "a huge key": _entry_of(asian='{"99999999999999999999":900}'),
    "a full-width key": _entry_of(asian='{"２００１３":900}'),
    "a key with a space": _entry_of(asian='{" 20013":900}'),
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("whole", [True, False], ids=["signed", "unsigned"])
def test_an_entry_not_as_perfdocs_writes_it_is_made_again(cache: Path, content: bytes, whole: bool) -> None:
    metrics()
    path = entry(cache)
    path.write_bytes(signed(content) if whole else content)
    again = measured_again()
    assert (dict(again.asian), again.source) == (WIDTHS, "simsun.ttc SimSun")
    body = path.read_bytes().partition(b"\n")[2]
    assert json.loads(body)["asian"] == {str(code): width for code, width in WIDTHS.items()}  # written again


def test_a_truncated_entry_is_made_again(cache: Path) -> None:
    metrics()
    path = entry(cache)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 5])
    assert dict(measured_again().asian) == WIDTHS
    assert path.read_bytes() == whole


@pytest.mark.skipif(sys.platform == "win32", reason="no FIFOs to make")
@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_an_entry_that_is_no_file_is_no_error(cache: Path, kind: str) -> None:
    metrics()
    path = entry(cache)
    path.unlink()
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # reading it would wait for a writer for ever
    assert dict(measured_again().asian) == WIDTHS
    assert [p.name for p in cache.iterdir()] == [path.name]  # no temporary file left


def _read_only(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    cache.mkdir()
    monkeypatch.setattr("tempfile.mkstemp", refuse)


def _full(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)


def _a_file(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    cache.write_text("not a folder", encoding="utf-8")


def _below_a_file(monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    cache.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PERFDOCS_CACHE", str(cache / "perfdocs"))


@pytest.mark.parametrize("spoil", [_read_only, _full, _a_file, _below_a_file])
def test_a_cache_folder_that_cannot_be_written_is_no_error(
    cache: Path, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[pytest.MonkeyPatch, Path], None]
) -> None:
    spoil(monkeypatch, cache)
    assert dict(metrics().asian) == WIDTHS
    assert not cache.is_dir() or list(cache.iterdir()) == []  # no entry, and no temporary file left


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="a read-only folder is written by root")
def test_a_read_only_cache_folder_is_no_error(cache: Path) -> None:
    cache.mkdir()
    cache.chmod(0o500)
    try:
        assert dict(metrics().asian) == WIDTHS
        assert list(cache.iterdir()) == []
    finally:
        cache.chmod(0o700)


def test_a_build_with_a_hostile_cache_and_fonts_that_do_not_read_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad fonts"
    bad.mkdir()
    for name in ("simsun.ttc", "NotoSerifCJK-Regular.ttc", "times.ttf"):
        (bad / name).write_bytes(os.urandom(2048))
    cache = tmp_path / "cache"
    environment = {**os.environ, "PERFDOCS_FONT_DIRS": str(bad), "PERFDOCS_CACHE": str(cache)}
    script = "from perfdocs.typeset.metrics import metrics; print(metrics().source)"
    source = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    for path in cache.glob("metrics-*.json"):
        path.write_bytes(signed(b'{"source":"x","asian":{"20013":NaN},"latin":[]}'))
    build = ["build", str(EXAMPLE_UNIT), "-o", str(tmp_path / "out.docx"), "--no-page-numbers"]
    result = subprocess.run(
        [sys.executable, "-m", "perfdocs", *build],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out.docx").is_file()
    again = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    assert again.stdout == source.stdout  # the system's face after the bad ones (or the estimate), both times
