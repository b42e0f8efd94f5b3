"""Atomic writes and the overwrite guard: only a regular file is replaced, with its mode; nothing is left behind."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, draft

import perfdocs
from perfdocs.errors import OutputError
from perfdocs.output import atomic_path, check_replaceable, is_unchanged_build, stamp


def refusal(path: Path, *, overwrite: bool = False) -> str:
    """The message with which ``path`` is refused as an output."""
    with pytest.raises(OutputError) as caught:
        check_replaceable(path, overwrite=overwrite)
    return str(caught.value)


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail, rather than hang, when something opens a named pipe."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("opened a named pipe and waits for ever"))
    signal.alarm(10)
    yield
    signal.alarm(0)


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
    assert refusal(path) == (
        f"{path} 已存在，且不是 perfdocs 生成后未经改动的文档：覆盖会丢失其中的内容。"
        "请换一个输出文件名，或加 --overwrite 确认覆盖。"
    )
    check_replaceable(path, overwrite=True)
    check_replaceable(tmp_path / "missing.docx", overwrite=False)


@pytest.mark.usefixtures("no_hang")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "绩效目标.docx"
    os.mkfifo(fifo)
    assert not is_unchanged_build(fifo)  # a template given as a pipe is looked at this way too
    expected = f"{fifo} 不是普通文件（是命名管道）：perfdocs 只生成普通文件，请换一个输出文件名。"
    assert refusal(fifo) == expected
    assert refusal(fifo, overwrite=True) == expected
    with pytest.raises(OutputError, match="命名管道"):
        perfdocs.build(EXAMPLE_UNIT, fifo, page_numbers=False)


def test_a_device_is_refused() -> None:
    null = Path("/dev/null")
    assert (
        refusal(null, overwrite=True)
        == "/dev/null 不是普通文件（是设备）：perfdocs 只生成普通文件，请换一个输出文件名。"
    )


def test_a_folder_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, overwrite=True) == (
        f"{tmp_path} 是一个文件夹：请给出要生成的文件名，如 {tmp_path / '绩效目标.docx'}。"
    )


def test_a_place_inside_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "文件").write_text("")
    for inside in ("x.docx", "子/x.docx"):
        assert refusal(tmp_path / "文件" / inside) == (
            f"{tmp_path / '文件'} 不是文件夹，无法在其中生成 {inside}：请换一个输出位置。"
        )
    assert list(tmp_path.iterdir()) == [tmp_path / "文件"]


@pytest.mark.parametrize("target", ["link", "dangling"])
def test_a_symbolic_link_is_refused_not_written_through(tmp_path: Path, target: str) -> None:
    """Whoever made the link would choose the file perfdocs overwrites (with --overwrite, any file)."""
    aim = tmp_path / "别人的文件.docx"
    if target == "link":
        aim.write_text("别人的内容")
    link = tmp_path / "绩效目标.docx"
    link.symlink_to(aim)
    assert refusal(link, overwrite=True) == (
        f"{link} 是一个符号链接（指向 {aim}）：perfdocs 不经链接写文件，请直接给出要生成的文件，或先删去这个链接。"
    )
    with pytest.raises(OutputError, match="符号链接"):
        draft(EXAMPLE_UNIT, link, overwrite=True)
    assert link.is_symlink()
    assert aim.read_text() == "别人的内容" if target == "link" else not aim.exists()


def test_a_folder_behind_a_link_is_fine(tmp_path: Path) -> None:
    (tmp_path / "真的").mkdir()
    (tmp_path / "捷径").symlink_to(tmp_path / "真的")
    draft(EXAMPLE_UNIT, tmp_path / "捷径" / "绩效目标.docx")
    assert (tmp_path / "真的" / "绩效目标.docx").is_file()


def test_a_link_loop_in_the_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "甲").symlink_to(tmp_path / "乙")
    (tmp_path / "乙").symlink_to(tmp_path / "甲")
    assert refusal(tmp_path / "甲" / "x.docx") == f"无法生成 {tmp_path / '甲' / 'x.docx'}：路径中的符号链接绕成了圈。"
    with pytest.raises(OutputError, match="绕成了圈"):
        draft(EXAMPLE_UNIT, tmp_path / "甲" / "x.docx")


def test_a_name_too_long_is_refused(tmp_path: Path) -> None:
    path = tmp_path / ("长" * 86 + ".docx")
    assert refusal(path) == f"无法生成 {path}：文件名太长（263 字节），请用短一些的文件名或路径。"


def test_a_long_name_that_the_system_allows_is_written(tmp_path: Path) -> None:
    """The temporary file's name is 14 bytes longer than the output's: it is shortened, not refused."""
    path = tmp_path / ("长" * 83 + ".docx")
    assert len(os.fsencode(path.name)) == 254
    assert draft(EXAMPLE_UNIT, path) == path
    assert list(tmp_path.iterdir()) == [path]


def test_a_nul_in_the_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "a\0b.docx"
    assert refusal(path) == f"输出文件名 {path!r} 中有不能出现在文件名中的字符。"


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder no file can be made in: a read-only mount for root (who may write anywhere else)."""
    folder = tmp_path / "只读"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(folder)], check=False).returncode:
        pytest.skip("cannot mount a read-only file system here")
    yield folder
    subprocess.run(["umount", str(folder)], check=True)


def test_a_read_only_place_is_refused_before_the_work(read_only_folder: Path) -> None:
    reason = "磁盘是只读的" if os.geteuid() == 0 else "没有权限"
    for target in (read_only_folder / "x.docx", read_only_folder / "新" / "x.docx"):
        assert refusal(target) == f"无法在 {read_only_folder} 中生成 {target.name}：{reason}。"


def test_replacing_a_build_keeps_its_mode_and_owner(tmp_path: Path) -> None:
    path = draft(EXAMPLE_UNIT, tmp_path / "绩效目标.docx")
    path.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)
    draft(EXAMPLE_UNIT, path)
    status = path.stat()
    assert oct(status.st_mode & 0o777) == oct(0o640)
    if os.geteuid() == 0:
        assert (status.st_uid, status.st_gid) == (65534, 65534)


def test_a_new_file_gets_the_mode_of_the_umask(tmp_path: Path) -> None:
    path = draft(EXAMPLE_UNIT, tmp_path / "绩效目标.docx")
    umask = os.umask(0)
    os.umask(umask)
    assert oct(path.stat().st_mode & 0o777) == oct(0o666 & ~umask)


def temporary_of(path: Path, random: str) -> Path:
    return path.with_name(f".{path.name}.{random}.tmp")


def test_a_temporary_file_of_a_killed_build_is_removed_by_the_next(tmp_path: Path) -> None:
    path = tmp_path / "绩效目标.docx"
    stale = temporary_of(path, "ab3_x9zq")
    stale.write_bytes(b"half a document")
    other = tmp_path / ".别的.docx.ab3_x9zq.tmp"  # another output's: not this build's business
    other.write_bytes(b"")
    draft(EXAMPLE_UNIT, path)
    assert sorted(tmp_path.iterdir()) == sorted([path, other])


def test_a_temporary_file_being_written_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "绩效目标.docx"
    busy = temporary_of(path, "busy0000")
    busy.write_bytes(b"")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import fcntl, os, time\nf = os.open({str(busy)!r}, os.O_RDONLY)\n"
            "fcntl.flock(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\ntime.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline() == b"locked\n"
        draft(EXAMPLE_UNIT, path)
        assert busy.exists()
    finally:
        holder.kill()
        holder.communicate()


@pytest.mark.usefixtures("no_hang")
def test_what_only_looks_like_a_temporary_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "绩效目标.docx"
    os.mkfifo(temporary_of(path, "fifo0000"))
    temporary_of(path, "link0000").symlink_to(tmp_path / "别人的")
    (tmp_path / "别人的").write_text("")
    temporary_of(path, "dir00000").mkdir()
    draft(EXAMPLE_UNIT, path)
    assert len(list(tmp_path.iterdir())) == 5


def test_the_temporary_file_is_locked_while_it_is_written(tmp_path: Path) -> None:
    with atomic_path(tmp_path / "a.txt") as temporary:
        handle = os.open(temporary, os.O_RDONLY)
        with pytest.raises(BlockingIOError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(handle)


def test_a_huge_pdf_is_judged_by_its_end(tmp_path: Path) -> None:
    """Only the end is read: the stamp stands in the last update, and a PDF may be gigabytes."""
    pdf = tmp_path / "绩效目标.pdf"
    with pdf.open("wb") as file:
        file.truncate(8 << 30)  # sparse: no disk used, but reading it would take 8 GB of memory
        file.seek(0, os.SEEK_END)
        file.write(b"<< /PerfdocsStamp (perfdocs) >>\ntrailer\n<< >>\n%%EOF\n")
    assert is_unchanged_build(pdf)
    with pdf.open("ab") as file:
        file.write(b"1 0 obj\n<< /Annots [] >>\nendobj\n%%EOF\n")
    assert not is_unchanged_build(pdf)
