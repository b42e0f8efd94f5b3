"""Atomic writes and the overwrite guard."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from perfdocs.errors import OutputError
from perfdocs.output import atomic_path, check_replaceable, is_unchanged_build, stamp


def test_atomic_path_renames_on_success(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    with atomic_path(target) as temporary:
        temporary.write_text("new")
        assert not target.exists()
    assert target.read_text() == "new"
    assert list(tmp_path.iterdir()) == [target]


def test_atomic_path_keeps_the_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    target.write_text("old")

    def write_half_then_fail() -> None:
        with atomic_path(target) as temporary:
            temporary.write_text("half")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_half_then_fail()
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_a_stamped_archive_is_recognised_until_changed(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        stamp(archive)
    assert is_unchanged_build(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.comment = b""
    assert not is_unchanged_build(path)
    with pytest.raises(OutputError) as caught:
        check_replaceable(path, overwrite=False)
    assert str(caught.value) == (
        f"{path} 已存在，且不是 perfdocs 生成后未经改动的文档：覆盖会丢失其中的内容。"
        "请换一个输出文件名，或加 --overwrite 确认覆盖。"
    )
    check_replaceable(path, overwrite=True)
    check_replaceable(tmp_path / "missing.docx", overwrite=False)
