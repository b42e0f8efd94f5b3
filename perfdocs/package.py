"""Opening the ZIP packages users hand in (.docx, .xlsx, templates) without trusting them.

A .docx or .xlsx is a ZIP archive, and a ZIP archive says how large its parts
are when unpacked. A hostile or broken one can say 340 MB in a 1 MB file (a
"zip bomb"), be encrypted, or use a compression method Python cannot read.
Every package perfdocs reads is opened here, and refused with a Chinese reason
before a single part is unpacked. Python's :mod:`zipfile` never returns more
than a part's declared size (and fails on a CRC mismatch), so checking the
declared sizes bounds what is read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from perfdocs.errors import PerfdocsError, describe_os_error
from perfdocs.files import NotAFileError, require_regular_file

#: Where a .docx keeps the body of the document (the main part ``_rels/.rels`` names, in every real file).
DOCUMENT_PART = "word/document.xml"
#: The largest part read, unpacked: a unit of 10,000 projects makes a document.xml of about 190 MB.
MAX_PART_SIZE = 256 * 2**20
#: The most all parts of a package may unpack to.
MAX_TOTAL_SIZE = 512 * 2**20
#: How many times its packed size a large part may unpack to (perfdocs' own documents: about 40).
MAX_RATIO = 100
#: Parts smaller than this are not asked about their ratio: small XML compresses well and costs nothing.
RATIO_FROM = 2**20
_READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_ENCRYPTED = 0x1


class PackageError(PerfdocsError):
    """A package that cannot be opened safely; the message says why, in a sentence without the file name
    (the caller names the file, as what it is: the template, the document to import)."""


@contextmanager
def open_package(path: str | Path) -> Iterator[zipfile.ZipFile]:
    """The ZIP archive at ``path``, once its declared sizes, methods and encryption have been checked."""
    try:
        require_regular_file(path)
    except NotAFileError as error:
        raise PackageError(str(error)) from error
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise PackageError("不是 Office 文件（ZIP 格式），或者已经损坏") from error
    except FileNotFoundError as error:
        raise PackageError("找不到这个文件") from error
    except OSError as error:
        raise PackageError(f"无法读取：{describe_os_error(error)}") from error
    with archive:
        check_package(archive)
        yield archive


def check_package(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose parts are encrypted, packed in a way Python cannot unpack, or too large."""
    total = 0
    seen: set[str] = set()
    for entry in archive.infolist():
        if entry.filename.casefold() in seen:  # part names are case-insensitive: programs would read either
            raise PackageError(f"其中有两个同名的部分（{entry.filename}），不同的软件会读到不同的内容")
        seen.add(entry.filename.casefold())
        if entry.flag_bits & _ENCRYPTED:
            raise PackageError("文件是加密的（设置了密码）：请在 Word/WPS/Excel 中取消密码后另存")
        if entry.compress_type not in _READABLE_METHODS:
            raise PackageError(
                f"其中的 {entry.filename} 用了不常见的压缩方式（编号 {entry.compress_type}）："
                "请在 Word/WPS/Excel 中另存一次"
            )
        if entry.file_size > MAX_PART_SIZE:
            raise PackageError(
                f"其中的 {entry.filename} 解压后有 {_megabytes(entry.file_size)}，"
                f"超过 {_megabytes(MAX_PART_SIZE)} 的上限"
            )
        if entry.file_size > RATIO_FROM and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise PackageError(
                f"其中的 {entry.filename} 解压后是压缩时的 {entry.file_size // max(entry.compress_size, 1)} 倍"
                f"（{_megabytes(entry.file_size)}），不像正常的 Office 文件（可能是“压缩炸弹”）"
            )
        total += entry.file_size
    if total > MAX_TOTAL_SIZE:
        raise PackageError(f"解压后共有 {_megabytes(total)}，超过 {_megabytes(MAX_TOTAL_SIZE)} 的上限")


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.0f} MB"
