"""LibreOffice as a layout engine: .docx to PDF, and the page each heading lands on.

Only a program that lays pages out knows where a page ends; perfdocs asks
LibreOffice (``soffice --headless``). Each run gets its own temporary profile
(``-env:UserInstallation``) so that builds running at once never share one.
LibreOffice runs under a watchdog (:mod:`perfdocs.watchdog`) that leads a
session of its own: after the time limit, on Ctrl-C, SIGTERM or SIGHUP, and
once it is done, every process of that session is stopped, and when perfdocs
itself is killed, the watchdog stops them. Its output goes to a file: a pipe
would keep perfdocs waiting, past any time limit, for as long as some process
LibreOffice started held the pipe open.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import html
import logging
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from perfdocs import officeprofile, watchdog
from perfdocs.errors import OfficeError, PerfdocsError, describe_os_error, printable
from perfdocs.interrupts import deferred_signals
from perfdocs.package import DOCUMENT_PART

#: Set this to the soffice program when it is not found on its own.
SOFFICE_VARIABLE = "PERFDOCS_SOFFICE"
DEFAULT_TIMEOUT = 300.0
#: LibreOffice's output, in the build's work folder.
LOG_NAME = "libreoffice.log"
_SHOWN_OUTPUT = 2000  # bytes of LibreOffice's output, from its end, quoted in a message
_LOW_SPACE = 1 << 20  # free bytes below which a failure is put down to a full disk
# Why a program that is there cannot be started.
_EXEC_ERRORS = {errno.ENOENT: "它第一行（#!）写的解释程序不存在", errno.ENOEXEC: "它不是能执行的程序"}
# What LibreOffice says on every run where Java is missing, which it does not need for a conversion.
_NOISE = re.compile(r"^Warning: failed to launch javaldx - java may not function correctly\n?", re.MULTILINE)
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
TIMEOUT_MESSAGE = "LibreOffice 在 {timeout:g} 秒内没有完成排版，已停止。文档很大时可以放宽时间限制（--timeout）。"


SERIF_SC, SANS_SC = "Noto Serif CJK SC", "Noto Sans CJK SC"
_FANGSONG = ("仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312")
_KAI = ("楷体", "KaiTi", "楷体_GB2312", "KaiTi_GB2312")
#: The Chinese font names a template may use, each group with the faces fontconfig tries after the
#: group's own names, best first. They bind strongly: Debian's zh-cn rule, strong too, would otherwise
#: set all CJK text in Noto Sans. They come after the name asked for, so that the real font still wins.
_FONT_ALIASES: dict[tuple[str, ...], tuple[str, ...]] = {
    ("宋体", "SimSun", "新宋体", "NSimSun"): (SERIF_SC,),
    ("黑体", "SimHei", "微软雅黑", "Microsoft YaHei"): (SANS_SC,),
    _FANGSONG: ("STFangsong", "华文仿宋", "FandolFang", SERIF_SC),
    _KAI: ("STKaiti", "华文楷体", "FandolKai", "AR PL UKai CN", "AR PL KaitiM GB", "LXGW WenKai", SERIF_SC),
}
#: Characters named in the notice before "等".
_LISTED_GLYPHS = 10
MISSING_GLYPHS_NOTICE = (
    "本机没有哪种字体能印出这些字：{chars}；PDF 里它们会印成方框或空白。"
    "请安装含有这些字的字体后重新生成（生僻字可装 fonts-hanazono 或“花园明朝”，表情符号可装 fonts-noto-color-emoji）。"
)
_TEXT_RUN = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
#: The fonts that have faces of their own; without one, Noto Serif CJK SC stands in (and a notice says so).
_STOOD_IN = {"仿宋": _FANGSONG, "楷体": _KAI}
STAND_IN_NOTICE = (
    "本机没有{fonts}字体，文档中的{fonts}文字改用宋体（{serif}）排版；安装{fonts}字体后重新生成，即按原字体排版。"
)
# Where a .docx names the fonts its text is set in: the attributes of w:rFonts, in these parts.
_RUN_FONTS = re.compile(r"<w:rFonts\b[^>]*>")
_FONT_NAME = re.compile(r'\bw:(?:ascii|hAnsi|eastAsia|cs)="([^"]+)"')
_FONT_PARTS = re.compile(r"word/(document|styles|header\d*|footer\d*)\.xml")


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
            if not os.access(candidate, os.X_OK):
                raise OfficeError(f"环境变量 {SOFFICE_VARIABLE} 指向的“{candidate}”不能执行：它没有执行权限。")
            return str(candidate)
    raise OfficeError(f"环境变量 {SOFFICE_VARIABLE} 指向的“{configured}”不是 LibreOffice 的 soffice 程序。")


def check_timeout(timeout: float) -> float:
    """``timeout`` if it is a time limit: a finite number of seconds above zero.

    ``nan`` passes every comparison (``click.FloatRange`` lets it through), and
    would make a limit that never ends.
    """
    if not (isinstance(timeout, int | float) and math.isfinite(timeout) and timeout > 0):
        raise OfficeError(f"LibreOffice 的时间限制应为大于 0 的有限秒数，不能是 {timeout!r}。")
    return timeout


class Converter(Protocol):
    """A LibreOffice that stays running between conversions (:mod:`perfdocs.officeserver`)."""

    def convert(self, document: Path, pdf: Path, timeout: float) -> bool:
        """Convert ``document`` to ``pdf``; False when this LibreOffice cannot be reached (it never listened)."""

    def close(self) -> None:
        """Stop what was started for it (or let go of a LibreOffice that others started)."""


@dataclass
class Office:
    """One LibreOffice, with a private profile kept for the conversions of one build.

    The profile's folder is the build's work folder: LibreOffice's temporary
    files and its output go there too. With a :class:`Converter`, conversions go
    to a LibreOffice that stays running; without one (or when it cannot be
    reached), each conversion runs ``soffice --convert-to``.
    """

    program: str
    profile: Path
    timeout: float = DEFAULT_TIMEOUT
    converter: Converter | None = None
    #: The fonts the documents converted so far name, for :attr:`notice`.
    fonts_named: set[str] = field(default_factory=set, init=False, repr=False)
    converted: bool = field(default=False, init=False, repr=False)

    @property
    def folder(self) -> Path:
        return self.profile.parent

    def to_pdf(self, document: Path) -> Path:
        """Convert ``document`` to a PDF beside it and return the PDF's path."""
        pdf = document.with_suffix(".pdf")
        if self.converter is not None and self.converter.convert(document, pdf, check_timeout(self.timeout)):
            problem = _pdf_problem(pdf)
            if problem:
                raise OfficeError(f"{problem}。{full_disk(self.folder)}")
        else:
            if self.converter is not None:  # unreachable: stopped, so that it holds the profile no longer
                self.converter.close()
                self.converter = None
            self._convert_once(document)
        self.fonts_named |= named_fonts(document)
        self.converted = True
        return pdf

    def close(self) -> None:
        """Stop the LibreOffice kept running for this build, if any; keep the profile it made for the next."""
        if self.converter is not None:
            self.converter.close()
            self.converter = None
        if self.converted:
            officeprofile.keep(self.profile, self.program)

    def _convert_once(self, document: Path) -> None:
        """Convert ``document`` with a LibreOffice of its own (``soffice --convert-to``)."""
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
        code, output = _run(command, check_timeout(self.timeout), self.environment(), self.folder / LOG_NAME)
        problem = f"LibreOffice 转换失败（退出码 {code}）" if code != 0 else _pdf_problem(document.with_suffix(".pdf"))
        if problem:
            shown = _NOISE.sub("", output).replace(str(self.folder), "（临时文件夹）").strip()
            shown = "\n".join(map(printable, shown.splitlines()))  # no escape sequence reaches the terminal
            raise OfficeError(f"{problem}。{full_disk(self.folder)}它的输出：{shown or '（无）'}")

    def environment(self) -> dict[str, str]:
        """LibreOffice's temporary files go into the build's own folder, with the font aliases."""
        fonts = self.folder / "fonts.conf"
        if not fonts.exists():
            fonts.write_text(font_config(), encoding="utf-8")
        folder = str(self.folder)
        return {**os.environ, "TMPDIR": folder, "TMP": folder, "TEMP": folder, "FONTCONFIG_FILE": str(fonts)}

    @property
    def notice(self) -> str | None:
        """The fonts that the converted documents name and that this machine has no face for, said once."""
        named = set(map(_family_key, self.fonts_named))
        asked = [label for label, names in _STOOD_IN.items() if named & set(map(_family_key, names))]
        installed = installed_families() if asked else None
        if installed is None:  # nothing to say, or no fontconfig (LibreOffice then does not read the aliases)
            return None
        missing = [label for label in asked if not _has_own_face(label, installed)]
        return STAND_IN_NOTICE.format(fonts="、".join(missing), serif=SERIF_SC) if missing else None


def font_config() -> str:
    """fontconfig's configuration for LibreOffice: the system's, then a strong alias for each Chinese font name."""
    rules = "".join(_alias(name, (*names, *faces)) for names, faces in _FONT_ALIASES.items() for name in names)
    system = '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
    return f'<?xml version="1.0"?><fontconfig>{system}{rules}</fontconfig>'


def _alias(name: str, faces: tuple[str, ...]) -> str:
    """A rule that puts ``faces`` right after ``name`` where a pattern asks for it, strongly bound."""
    strings = "".join(f"<string>{face}</string>" for face in faces)
    return (
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="append" binding="strong">{strings}</edit></match>'
    )


def named_fonts(document: Path) -> set[str]:
    """The fonts a .docx names for its text (in its body, styles, headers and footers); none for a file
    that is not one (the fonts only decide a notice)."""
    try:
        with zipfile.ZipFile(document) as archive:
            texts = [
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if _FONT_PARTS.fullmatch(name)
            ]
    except (OSError, zipfile.BadZipFile):
        return set()
    return {name for text in texts for element in _RUN_FONTS.findall(text) for name in _FONT_NAME.findall(element)}


def installed_families() -> set[str] | None:
    """The font families fontconfig knows (as :func:`_family_key` gives them); None without fontconfig."""
    listed = _font_list("%{family}")
    if listed is None:
        return None
    return {_family_key(family) for line in listed for family in line.split(",")}


def missing_glyphs(document: Path) -> str | None:
    """What to say of the characters a document prints that no installed font has a glyph for: LibreOffice
    prints them as a box, or leaves them out, so the PDF would not show the data. None when every
    character has a glyph, or without fontconfig (LibreOffice then finds fonts its own way)."""
    wanted = {char for char in printed_characters(document) if not char.isspace() and not char.isascii()}
    if not wanted or _one_font_covers(wanted):  # the usual case, found without reading every font's ranges
        return None
    listed = _font_list("%{charset}")
    if not listed:
        return None
    covered = _CoveredCodes(piece for line in listed for piece in line.split())
    missing = sorted(char for char in wanted if not covered.covers(ord(char)))
    if not missing:
        return None
    shown = "、".join(f"“{char}”（U+{ord(char):04X}）" for char in missing[:_LISTED_GLYPHS])
    more = f"等 {len(missing)} 个字" if len(missing) > _LISTED_GLYPHS else ""
    return MISSING_GLYPHS_NOTICE.format(chars=shown + more)


def _one_font_covers(chars: set[str]) -> bool:
    """Whether some installed font has a glyph for every one of ``chars`` (fontconfig answers at once)."""
    pattern = ":charset=" + " ".join(f"{ord(char):x}" for char in sorted(chars))
    listed = _font_list("%{family}", pattern)
    return bool(listed and any(line.strip() for line in listed))


class _CoveredCodes:
    """The code points of fontconfig's character-set ranges ("20-7e a0-1a9 2c6 ..."), merged for lookup."""

    def __init__(self, ranges: Iterable[str]) -> None:
        spans = []
        for piece in ranges:
            low, _, high = piece.partition("-")
            with contextlib.suppress(ValueError):
                spans.append((int(low, 16), int(high or low, 16)))
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start <= self.ends[-1] + 1:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def covers(self, code: int) -> bool:
        at = bisect.bisect_right(self.starts, code) - 1
        return at >= 0 and code <= self.ends[at]


def printed_characters(document: Path) -> set[str]:
    """The characters of the text a .docx prints (its document part's w:t), read as a stream."""
    found: set[str] = set()
    with zipfile.ZipFile(document) as archive, archive.open(DOCUMENT_PART) as stream:
        tail = ""
        for chunk in iter(lambda: stream.read(1 << 20).decode("utf-8", "replace"), ""):
            text = tail + chunk
            cut = text.rfind("<")
            text, tail = (text[:cut], text[cut:]) if cut >= 0 else (text, "")
            for piece in _TEXT_RUN.findall(text):
                found.update(html.unescape(piece))
    return found


def _font_list(field: str, pattern: str = "") -> list[str] | None:
    """One line per installed font (matching fontconfig's ``pattern``) of what ``fc-list`` says of it;
    None without fontconfig."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        listed = subprocess.run(
            [program, "--format", f"{field}\\n", *([pattern] if pattern else [])],
            capture_output=True,
            check=True,
            timeout=60,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return listed.splitlines()


def _has_own_face(label: str, installed: set[str]) -> bool:
    """Whether a face of font ``label`` (仿宋, 楷体) is installed: any of its names or faces but the stand-in."""
    names = _STOOD_IN[label]
    return any(_family_key(face) in installed for face in (*names, *_FONT_ALIASES[names][:-1]))


def _family_key(family: str) -> str:
    """A family name as fontconfig compares them: without case and blanks."""
    return "".join(family.split()).casefold()


def _pdf_problem(pdf: Path) -> str | None:
    """What is wrong with the file LibreOffice was to write, at a glance: missing, empty, not a PDF."""
    if not pdf.is_file():
        return "LibreOffice 没有生成 PDF"
    with pdf.open("rb") as file:
        head = file.read(1024)
    if not head:
        return "LibreOffice 生成的 PDF 是空的"
    return None if b"%PDF-" in head else "LibreOffice 生成的文件不是 PDF"


def full_disk(folder: Path) -> str:
    """A sentence for a failure's message when ``folder`` (a build's work folder) is on a full disk."""
    if shutil.disk_usage(folder).free >= _LOW_SPACE:
        return ""
    return f"临时文件夹 {folder.parent} 所在的磁盘已满：请腾出空间，或用环境变量 TMPDIR 指定别的临时文件夹。"


def open_office(workdir: Path, timeout: float = DEFAULT_TIMEOUT) -> Office | None:
    """An :class:`Office` with its profile in ``workdir``, or None when LibreOffice is not installed."""
    program = find_soffice()
    if program is None:
        return None
    profile = Path(tempfile.mkdtemp(prefix="libreoffice-profile-", dir=workdir))
    return Office(program, profile, check_timeout(timeout))


def _run(command: list[str], timeout: float, environment: dict[str, str], log: Path) -> tuple[int, str]:
    """Run LibreOffice, its output into ``log``: its exit code, and the end of its output."""
    with _running(command, environment, log) as process:
        try:
            _wait(process, timeout)
        except subprocess.TimeoutExpired as error:
            raise OfficeError(TIMEOUT_MESSAGE.format(timeout=timeout)) from error
    output = _tail(log)
    failed = re.fullmatch(rf"{re.escape(watchdog.START_FAILED_MARK)} (\d+)\s*", output)
    if process.returncode == watchdog.START_FAILED and failed:
        number = int(failed.group(1))
        reason = _EXEC_ERRORS.get(number) or describe_os_error(OSError(number, os.strerror(number)))
        raise OfficeError(f"无法启动 LibreOffice（{command[0]}）：{reason}。{INSTALL_HINT}")
    return process.returncode, output


@contextlib.contextmanager
def _running(command: list[str], environment: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """LibreOffice running; when the block ends, however it ends, every process of its session is stopped.

    The watchdog reads the pipe whose other end perfdocs holds until then.
    """
    watched, held = os.pipe()
    try:
        try:
            process = start_watched(command, environment, log, watched)
        finally:
            os.close(watched)
        try:
            yield process
        finally:
            with deferred_signals():  # a second Ctrl-C must not leave LibreOffice running
                stop_watched(process)
    finally:
        os.close(held)


def start_watched(command: list[str], environment: dict[str, str], log: Path, watched: int) -> subprocess.Popen[bytes]:
    """LibreOffice started, its output into ``log``; on POSIX under the watchdog, leader of a new session."""
    posix = sys.platform != "win32"
    launched = [sys.executable, "-I", watchdog.__file__, *command] if posix else command
    with log.open("wb") as output:
        try:
            return subprocess.Popen(
                launched,
                stdin=watched if posix else subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=posix,
                env=environment,
            )
        except OSError as error:
            raise OfficeError(
                f"无法启动 LibreOffice（{command[0]}）：{describe_os_error(error)}。{INSTALL_HINT}"
            ) from error


def _wait(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Wait for ``process`` to end, without reaping it: until it is reaped, its pid still names its session."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    while not has_ended(process):
        left = deadline - time.monotonic()
        if left <= 0:
            raise subprocess.TimeoutExpired(process.args, timeout)
        time.sleep(min(pause, left))
        pause = min(pause * 2, 0.05)


def has_ended(process: subprocess.Popen[bytes]) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows has no waitid
        return process.poll() is not None
    return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def stop_watched(process: subprocess.Popen[bytes]) -> None:
    """Stop every process of LibreOffice's session, left-over helpers too, then reap the watchdog."""
    if sys.platform == "win32":  # pragma: no cover - Windows has no process groups
        process.kill()
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def _tail(log: Path) -> str:
    """The end of LibreOffice's output: a runaway program may have written gigabytes."""
    with log.open("rb") as file:
        size = file.seek(0, os.SEEK_END)
        file.seek(max(size - _SHOWN_OUTPUT, 0))
        return ("…" if size > _SHOWN_OUTPUT else "") + file.read().decode("utf-8", "replace")


@contextlib.contextmanager
def reading_pdf(pdf: Path) -> Iterator[None]:
    """Whatever pypdf raises on a damaged PDF becomes an :class:`OfficeError`, and its log stays quiet.

    pypdf raises many kinds of exception on garbage (and logs warnings on the
    way): any of them means that the PDF LibreOffice wrote cannot be used. An
    :class:`OSError` is the disk's, not the PDF's, and passes.
    """
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    except (OSError, PerfdocsError):
        raise
    except Exception as error:  # see above
        advice = full_disk(pdf.parent) or "它可能没有正常完成，请再试一次。"
        reason = printable(f"{type(error).__name__}: {error}"[:200])
        raise OfficeError(f"LibreOffice 生成的 PDF 无法读取（{reason}）。{advice}") from error
    finally:
        logger.setLevel(level)


def bookmark_pages(pdf: Path, headings: Mapping[str, str | None]) -> dict[str, int]:
    """The 1-based page on which each heading stands; ``headings`` maps its bookmark to its text.

    Pages come from the PDF's named destinations (one per bookmark); where a
    LibreOffice too old to write them left them out, from the PDF's outline,
    which lists headings by their text. A bookmark without text (None: a place
    that is no heading, such as an indicator row's) may be missing: it is then
    left out of the answer.
    """
    from pypdf import PdfReader  # noqa: PLC0415 - only builds with page numbers need it

    with reading_pdf(pdf):
        reader = PdfReader(pdf)
        by_name = _on_pages(
            (_destination_key(name), reader.get_destination_page_number(destination))
            for name, destination in reader.named_destinations.items()
        )
        by_title = _on_pages(
            (str(item.title).strip(), reader.get_destination_page_number(item)) for item in _outline(reader.outline)
        )
    found = {}
    for bookmark, text in headings.items():
        index = by_name.get(_destination_key(bookmark), by_title.get(text.strip()) if text is not None else None)
        if index is None and text is None:
            continue
        if index is None:
            raise OfficeError(
                f"在 LibreOffice 排出的 PDF 中找不到标题“{text}”：模板的标题上是否还有书签 perfdocs_title？"
            )
        found[bookmark] = index + 1
    return found


def _on_pages(places: Iterator[tuple[str, int | None]]) -> dict[str, int]:
    """The places that are on a page (pypdf gives None for a destination that points to no page)."""
    return {key: index for key, index in places if index is not None}


def _outline(items: list[Any]) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list):
            yield from _outline(item)
        else:
            yield item


def _destination_key(name: str) -> str:
    """A destination name as LibreOffice writes it: ``/`` dropped, other symbols as hex (``_`` → ``5F``)."""
    return "".join(char if char.isascii() and char.isalnum() else f"{ord(char):02X}" for char in name.lstrip("/"))
