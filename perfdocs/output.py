"""Writing output files so that nothing is lost: atomically, and never over someone's work.

A document is written to a temporary file beside its destination and renamed
over it only when complete, so a build that fails or is killed halfway leaves
the previous document as it was. An existing file is replaced only when it is
a document perfdocs wrote and nobody has changed since: perfdocs stamps the
.docx's ZIP comment with the checksum of its ``word/document.xml``, and Word or
WPS, saving the file, writes a new archive without that stamp. A PDF carries a
``/PerfdocsStamp`` entry in its document information instead.

Only a regular file is ever replaced. An output that is a symbolic link is
refused rather than written through: whoever made the link would choose which
file perfdocs overwrites (in a CI job run with ``--overwrite`` on someone's pull
request, any file of the runner's), and replacing the link by a file would
quietly cut it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from perfdocs.errors import OutputError, describe_os_error
from perfdocs.interrupts import deferred_signals
from perfdocs.office import reading_pdf
from perfdocs.package import DOCUMENT_PART

if sys.platform != "win32":
    import fcntl

_STAMP = b"perfdocs:"
_PDF_STAMP = "/PerfdocsStamp"
_PDF_TAIL = 1 << 16  # bytes at the end of a PDF in which perfdocs' stamp must stand
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, here: setting it back and forth later would race with other threads
#: Bytes of the output's name kept in its temporary file's name, which mkstemp lengthens by 14 (255 at most).
_NAME_IN_TEMPORARY = 200
#: The part whose checksum stamps a workbook perfdocs writes (its only sheet), as word/document.xml a .docx.
WORKBOOK_PART = "xl/worksheets/sheet1.xml"
_STAMPED_PARTS = {".xlsx": WORKBOOK_PART}
_KINDS = {stat.S_IFIFO: "命名管道", stat.S_IFCHR: "设备", stat.S_IFBLK: "设备", stat.S_IFSOCK: "套接字"}


def stamp(archive: zipfile.ZipFile, part: str = DOCUMENT_PART) -> None:
    """Mark an archive being written as perfdocs' own, as of its current main part (of a workbook: its sheet)."""
    archive.comment = _STAMP + b"%08x" % archive.getinfo(part).CRC


def stamp_pdf(path: Path) -> None:
    """Mark a PDF as perfdocs' own, appending to it (an incremental update) rather than rewriting it."""
    from pypdf import PdfWriter  # noqa: PLC0415 - only PDF builds need it

    with reading_pdf(path):
        writer = PdfWriter(path, incremental=True)
        writer.add_metadata({_PDF_STAMP: "perfdocs"})
        writer.write(path)


def is_unchanged_build(path: Path) -> bool:
    """True when ``path`` is a document perfdocs wrote (a .docx: and nobody has saved since).

    Only a regular file is opened: a named pipe would keep the reader waiting for ever.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
    except (OSError, ValueError):
        return False
    if path.suffix.lower() == ".pdf":
        return _is_stamped_pdf(path)
    try:
        with zipfile.ZipFile(path) as archive:
            part = _STAMPED_PARTS.get(path.suffix.lower(), DOCUMENT_PART)
            return archive.comment == _STAMP + b"%08x" % archive.getinfo(part).CRC
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _is_stamped_pdf(path: Path) -> bool:
    """Stamped by perfdocs in the PDF's last update: any later save (an annotation) adds an %%EOF.

    Only the end of the file is read (the stamp's update is small; a PDF may be huge): a stamp that is
    not there is followed by later updates anyway.
    """
    try:
        with path.open("rb") as file:
            file.seek(max(file.seek(0, os.SEEK_END) - _PDF_TAIL, 0))
            data = file.read()
    except OSError:
        return False
    stamp_at = data.rfind(_PDF_STAMP.encode())
    return stamp_at >= 0 and data.count(b"%%EOF", stamp_at) == 1


def check_replaceable(path: Path, *, overwrite: bool) -> None:
    """Refuse an output perfdocs cannot or must not replace, looking at it without opening it.

    Refused: a folder, a named pipe, a device or a socket (``/dev/null`` too), a
    symbolic link, a name too long, a place where no file can be made; and a file
    that perfdocs did not write, or that was edited since, unless ``overwrite``.
    """
    try:
        status = path.lstat()
    except (FileNotFoundError, NotADirectoryError):
        _check_folder_of(path)
        return
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        raise _unusable(path, error) from error
    if stat.S_ISLNK(status.st_mode):
        raise OutputError(
            f"{path} 是一个符号链接（指向 {os.readlink(path)}）：perfdocs 不经链接写文件，"
            "请直接给出要生成的文件，或先删去这个链接。"
        )
    if stat.S_ISDIR(status.st_mode):
        raise OutputError(f"{path} 是一个文件夹：请给出要生成的文件名，如 {path / '绩效目标.docx'}。")
    if not stat.S_ISREG(status.st_mode):
        kind = _KINDS.get(stat.S_IFMT(status.st_mode), "特殊文件")
        raise OutputError(f"{path} 不是普通文件（是{kind}）：perfdocs 只生成普通文件，请换一个输出文件名。")
    _check_writable(path.parent, path)
    if overwrite or is_unchanged_build(path):
        return
    raise OutputError(
        f"{path} 已存在，且不是 perfdocs 生成后未经改动的文档：覆盖会丢失其中的内容。"
        "请换一个输出文件名，或加 --overwrite 确认覆盖。"
    )


def _check_folder_of(path: Path) -> None:
    """The folders ``path`` is to be made in: the first that exists is a folder in which files can be made."""
    for folder in path.parents:
        try:
            status = folder.stat()
        except (FileNotFoundError, NotADirectoryError):
            if folder.is_symlink():
                raise OutputError(
                    f"{folder} 是一个符号链接，它指向的 {os.readlink(folder)} 不存在："
                    f"无法在其中生成 {path.relative_to(folder)}。"
                ) from None
            continue
        except OSError as error:
            raise _unusable(path, error) from error
        if not stat.S_ISDIR(status.st_mode):
            raise OutputError(f"{folder} 不是文件夹，无法在其中生成 {path.relative_to(folder)}：请换一个输出位置。")
        _check_writable(folder, path)
        return


def _check_writable(folder: Path, path: Path) -> None:
    if os.access(folder, os.W_OK | os.X_OK):
        return
    read_only = hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY
    raise OutputError(f"无法在 {folder} 中生成 {path.name}：{'磁盘是只读的' if read_only else '没有权限'}。")


def _unusable(path: Path, error: OSError | ValueError) -> OutputError:
    if isinstance(error, ValueError):
        return OutputError(f"输出文件名 {path!r} 中有不能出现在文件名中的字符。")
    if error.errno == errno.ENAMETOOLONG:
        size = len(os.fsencode(path.name))
        what = f"文件名太长（{size} 字节）" if size > _NAME_IN_TEMPORARY else "路径太长"
        return OutputError(f"无法生成 {path}：{what}，请用短一些的文件名或路径。")
    if error.errno == errno.ELOOP:
        return OutputError(f"无法生成 {path}：路径中的符号链接绕成了圈。")
    return OutputError(f"无法生成 {path}：{describe_os_error(error)}。")


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write; renamed to ``path`` if the block succeeds, removed if not.

    A file replaced keeps its permissions and, where this process may set it, its
    owner. The temporary file is locked while it lives, so that one left behind
    by a killed process (its lock gone with it) is removed by the next write to
    the same path, and one that another process is writing is left alone.
    """
    prefix = _temporary_prefix(path)
    created: tuple[int, Path] | None = None
    try:
        with deferred_signals():  # a signal that comes as the file is made waits until it is ours to remove
            created = _temporary_file(path, prefix)
        handle, temporary_path = created
        lock(handle)
        _remove_abandoned(path.parent, prefix, temporary_path)
        yield temporary_path
        _keep_permissions(path, temporary_path)
        os.replace(temporary_path, path)
    except OSError as error:
        raise OutputError(f"无法写入 {path}：{describe_os_error(error)}。") from error
    finally:
        if created is not None:
            with deferred_signals():
                created[1].unlink(missing_ok=True)
                os.close(created[0])


def _temporary_file(path: Path, prefix: str) -> tuple[int, Path]:
    """A new temporary file beside ``path``, open: its handle and its path."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"无法在 {path.parent} 中写文件：{describe_os_error(error)}。") from error
    return handle, Path(temporary)


def _temporary_prefix(path: Path) -> str:
    """``.name.``, the name shortened so that the temporary file's name is not too long where the output's is not."""
    name = path.name
    while len(os.fsencode(name)) > _NAME_IN_TEMPORARY:
        name = name[:-1]
    return f".{name}."


def lock(handle: int) -> None:
    """Lock an open file for as long as this process keeps it open: while the lock is held, its writer lives.

    A lock (``flock``) ends with the process that held it, however it ended. Where the file system
    has no locks (some network disks), there is none, and nothing is ever taken for abandoned there.
    """
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_if_abandoned(lock_file: Path, leftover: Path) -> None:
    """Remove ``leftover`` (a file or a folder) if nobody holds ``lock_file`` locked: its writer is gone.

    Whatever cannot be opened or removed is left as it is (gone meanwhile, or not ours).
    """
    if sys.platform == "win32":  # pragma: no cover - no flock: leftovers stay
        return
    with contextlib.suppress(OSError):  # BlockingIOError among them: the lock is held, its writer lives
        handle = os.open(lock_file, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if leftover.is_dir():
                shutil.rmtree(leftover)
            else:
                leftover.unlink()
        finally:
            os.close(handle)


def _remove_abandoned(folder: Path, prefix: str, ours: Path) -> None:
    """Remove the temporary files that earlier writes to the same output left when their process was killed."""
    pattern = re.compile(re.escape(prefix) + r"[a-z0-9_]{8}\.tmp")
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name != ours.name and pattern.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                remove_if_abandoned(Path(entry.path), Path(entry.path))


def _keep_permissions(path: Path, temporary: Path) -> None:
    """The replaced file's mode and owner for the new one; a new file's mode from the umask."""
    try:
        status = path.stat()
    except FileNotFoundError:
        os.chmod(temporary, 0o666 & ~_UMASK)
        return
    if hasattr(os, "chown") and (status.st_uid, status.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(PermissionError):
            os.chown(temporary, status.st_uid, status.st_gid)
    os.chmod(temporary, stat.S_IMODE(status.st_mode))


def publish(source: Path, target: Path) -> Path:
    """Copy a finished file to ``target`` atomically (``source`` may be on another disk)."""
    with atomic_path(target) as temporary:
        shutil.copyfile(source, temporary)
    return target
