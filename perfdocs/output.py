"""Writing output files so that nothing is lost: atomically, and never over someone's work.

A document is written to a temporary file beside its destination and renamed
over it only when complete, so a build that fails or is killed halfway leaves
the previous document as it was. An existing file is replaced only when it is
a document perfdocs wrote and nobody has changed since: perfdocs stamps the
.docx's ZIP comment with the checksum of its ``word/document.xml``, and Word or
WPS, saving the file, writes a new archive without that stamp. A PDF carries a
``/PerfdocsStamp`` entry in its document information instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from perfdocs.docxread import DOCUMENT_PART
from perfdocs.errors import OutputError, describe_os_error

_STAMP = b"perfdocs:"
_PDF_STAMP = "/PerfdocsStamp"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, here: setting it back and forth later would race with other threads


def stamp(archive: zipfile.ZipFile) -> None:
    """Mark an archive being written as perfdocs' own, as of its current document part."""
    archive.comment = _STAMP + b"%08x" % archive.getinfo(DOCUMENT_PART).CRC


def stamp_pdf(path: Path) -> None:
    """Mark a PDF as perfdocs' own, appending to it (an incremental update) rather than rewriting it."""
    from pypdf import PdfWriter  # noqa: PLC0415 - only PDF builds need it

    writer = PdfWriter(path, incremental=True)
    writer.add_metadata({_PDF_STAMP: "perfdocs"})
    writer.write(path)


def is_unchanged_build(path: Path) -> bool:
    """True when ``path`` is a document perfdocs wrote (a .docx: and nobody has saved since)."""
    if path.suffix.lower() == ".pdf":
        return _is_stamped_pdf(path)
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment == _STAMP + b"%08x" % archive.getinfo(DOCUMENT_PART).CRC
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _is_stamped_pdf(path: Path) -> bool:
    """Stamped by perfdocs in the PDF's last update: any later save (an annotation) adds an %%EOF."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    stamp_at = data.rfind(_PDF_STAMP.encode())
    return stamp_at >= 0 and data.count(b"%%EOF", stamp_at) == 1


def check_replaceable(path: Path, *, overwrite: bool) -> None:
    """Refuse to replace a file that perfdocs did not write, or that was edited since."""
    if path.is_dir():
        raise OutputError(f"{path} 是一个文件夹：请给出要生成的文件名，如 {path / '绩效目标.docx'}。")
    if overwrite or not path.exists() or is_unchanged_build(path):
        return
    raise OutputError(
        f"{path} 已存在，且不是 perfdocs 生成后未经改动的文档：覆盖会丢失其中的内容。"
        "请换一个输出文件名，或加 --overwrite 确认覆盖。"
    )


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to write; renamed to ``path`` if the block succeeds, removed if not."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"无法在 {path.parent} 中写文件：{describe_os_error(error)}。") from error
    os.close(handle)
    temporary_path = Path(temporary)
    try:
        yield temporary_path
        os.chmod(temporary_path, 0o666 & ~_UMASK)
        os.replace(temporary_path, path)
    except OSError as error:
        raise OutputError(f"无法写入 {path}：{describe_os_error(error)}。") from error
    finally:
        temporary_path.unlink(missing_ok=True)


def publish(source: Path, target: Path) -> Path:
    """Copy a finished file to ``target`` atomically (``source`` may be on another disk)."""
    with atomic_path(target) as temporary:
        shutil.copyfile(source, temporary)
    return target
