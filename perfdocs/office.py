"""LibreOffice as a layout engine: .docx to PDF, and the page each heading lands on.

Only a program that lays pages out knows where a page ends; perfdocs asks
LibreOffice (``soffice --headless``). Each run gets its own temporary profile
(``-env:UserInstallation``) so that builds running at once never share one,
and a time limit after which the whole LibreOffice process group is stopped.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perfdocs.errors import OfficeError, describe_os_error

#: Set this to the soffice program when it is not found on its own.
SOFFICE_VARIABLE = "PERFDOCS_SOFFICE"
DEFAULT_TIMEOUT = 300.0
INSTALL_HINT = (
    "安装 LibreOffice：Windows/macOS 从 https://zh-cn.libreoffice.org/ 下载；"
    "Debian/Ubuntu 运行 sudo apt install libreoffice-writer-nogui fonts-noto-cjk。"
    f"装在别处时，可用环境变量 {SOFFICE_VARIABLE} 指明 soffice 程序的位置。"
)
_KNOWN_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/opt/libreoffice/program/soffice",
)
# Writes heading bookmarks into the PDF as named destinations, so pages can be looked up by bookmark.
_PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


# Chinese font names mapped to the CJK fonts a Linux machine has, so that LibreOffice
# sets 宋体 as a serif and 黑体 as a sans face (it would otherwise pick any CJK font).
_FONT_ALIASES = {
    ("宋体", "SimSun", "仿宋", "FangSong", "仿宋_GB2312", "楷体", "KaiTi"): "Noto Serif CJK SC",
    ("黑体", "SimHei", "微软雅黑", "Microsoft YaHei"): "Noto Sans CJK SC",
}


def find_soffice() -> str | None:
    """The LibreOffice program: ``$PERFDOCS_SOFFICE``, ``soffice`` on the PATH, or a usual place.

    Raises :class:`OfficeError` when the variable is set but names no program:
    a typo there must not quietly turn into "LibreOffice is not installed".
    """
    configured = os.environ.get(SOFFICE_VARIABLE)
    if configured:
        return _configured_program(configured)
    on_path = shutil.which("soffice") or shutil.which("libreoffice")
    if on_path:
        return on_path
    return next((place for place in _KNOWN_PLACES if Path(place).is_file()), None)


def _configured_program(configured: str) -> str:
    path = Path(configured)
    for candidate in (path, path / "soffice", path / "soffice.exe", path / "program" / "soffice"):
        if candidate.is_file():
            return str(candidate)
    raise OfficeError(f"环境变量 {SOFFICE_VARIABLE} 指向的“{configured}”不是 LibreOffice 的 soffice 程序。")


@dataclass
class Office:
    """One LibreOffice, with a private profile kept for the conversions of one build."""

    program: str
    profile: Path
    timeout: float = DEFAULT_TIMEOUT

    def to_pdf(self, document: Path) -> Path:
        """Convert ``document`` to a PDF beside it and return the PDF's path."""
        command = [
            self.program,
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            _PDF_FILTER,
            "--outdir",
            str(document.parent),
            str(document),
        ]
        output = _run(command, self.timeout, self._environment())
        pdf = document.with_suffix(".pdf")
        if not pdf.is_file():
            raise OfficeError(f"LibreOffice 没有生成 PDF。它的输出：{output.strip() or '（无）'}")
        return pdf

    def _environment(self) -> dict[str, str]:
        """LibreOffice's temporary files go into the build's own folder, with the font aliases."""
        folder = self.profile.parent
        fonts = folder / "fonts.conf"
        if not fonts.exists():
            aliases = "".join(
                f"<alias><family>{name}</family><prefer><family>{target}</family></prefer></alias>"
                for names, target in _FONT_ALIASES.items()
                for name in names
            )
            system = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            fonts.write_text(f'<?xml version="1.0"?><fontconfig>{system}{aliases}</fontconfig>', encoding="utf-8")
        return {
            **os.environ,
            "TMPDIR": str(folder),
            "TMP": str(folder),
            "TEMP": str(folder),
            "FONTCONFIG_FILE": str(fonts),
        }


def open_office(workdir: Path, timeout: float = DEFAULT_TIMEOUT) -> Office | None:
    """An :class:`Office` with its profile in ``workdir``, or None when LibreOffice is not installed."""
    program = find_soffice()
    if program is None:
        return None
    profile = Path(tempfile.mkdtemp(prefix="libreoffice-profile-", dir=workdir))
    return Office(program, profile, timeout)


def _run(command: list[str], timeout: float, environment: dict[str, str] | None = None) -> str:
    """Run LibreOffice; stop it and all its children when it overruns or is interrupted."""
    posix = sys.platform != "win32"
    try:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=posix,
            env=environment,
        )
    except OSError as error:
        raise OfficeError(
            f"无法启动 LibreOffice（{command[0]}）：{describe_os_error(error)}。{INSTALL_HINT}"
        ) from error
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        _stop(process, posix)
        raise OfficeError(
            f"LibreOffice 在 {timeout:.0f} 秒内没有完成排版，已停止。文档很大时可以放宽时间限制（--timeout）。"
        ) from error
    except BaseException:  # Ctrl-C: LibreOffice runs in a session of its own and would live on
        _stop(process, posix)
        raise
    text = output.decode("utf-8", "replace")
    if process.returncode != 0:
        raise OfficeError(f"LibreOffice 转换失败（退出码 {process.returncode}）：{text.strip() or '没有输出'}")
    return text


def _stop(process: subprocess.Popen[bytes], posix: bool) -> None:
    """Stop LibreOffice and every process it started."""
    if posix:
        os.killpg(process.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows has no process groups
        process.kill()
    process.communicate()


def bookmark_pages(pdf: Path, headings: dict[str, str]) -> dict[str, int]:
    """The 1-based page on which each heading stands; ``headings`` maps its bookmark to its text.

    Pages come from the PDF's named destinations (one per bookmark); where a
    LibreOffice too old to write them left them out, from the PDF's outline,
    which lists headings by their text.
    """
    from pypdf import PdfReader  # noqa: PLC0415 - only builds with page numbers need it
    from pypdf.errors import PyPdfError  # noqa: PLC0415

    try:
        reader = PdfReader(pdf)
        by_name = {
            _destination_key(name): reader.get_destination_page_number(destination)
            for name, destination in reader.named_destinations.items()
        }
        by_title = {
            str(item.title).strip(): reader.get_destination_page_number(item) for item in _outline(reader.outline)
        }
    except (PyPdfError, OSError, ValueError) as error:
        raise OfficeError(f"无法读取 LibreOffice 生成的 PDF（{type(error).__name__}）。") from error
    found = {}
    for bookmark, text in headings.items():
        index = by_name.get(_destination_key(bookmark), by_title.get(text.strip()))
        if index is None:
            raise OfficeError(
                f"在 LibreOffice 排出的 PDF 中找不到标题“{text}”：模板的标题上是否还有书签 perfdocs_title？"
            )
        found[bookmark] = index + 1
    return found


def _outline(items: list[Any]) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def _destination_key(name: str) -> str:
    """A destination name as LibreOffice writes it: ``/`` dropped, other symbols as hex (``_`` → ``5F``)."""
    return "".join(char if char.isascii() and char.isalnum() else f"{ord(char):02X}" for char in name.lstrip("/"))
