"""The one exception hierarchy of perfdocs and the problem records its errors carry.

Every error a user can cause is a :class:`PerfdocsError`. Errors about input data
carry *all* the problems found, each with its file, line and column, so that a
user fixes everything in one round instead of one message at a time.
"""

from __future__ import annotations

import difflib
import errno
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """A place in a source file: 1-based line and column, as editors count them."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


# C0 and C1 controls (a tab included), line and paragraph separators, and the invisible format characters.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)

ERROR = "error"
WARNING = "warning"

# Codes of the problems found while reading the files; ``perfdocs check`` rules have the others.
UNREADABLE = "PD001"  #: not UTF-8, not YAML, empty, or with aliases
KEY = "PD002"  #: a key repeated, unknown or missing
VALUE = "PD003"  #: a value of the wrong kind (text, list, number) or blank where it may not be
FILES = "PD004"  #: the unit file and the project files do not match
IMPORT = "PD005"  #: a Word or Excel file, or a table in it, that cannot be read


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    """One thing wrong with the input: where, which rule (``PD101``), what, and how bad.

    ``message`` is a complete Chinese sentence that says what is wrong, with the
    values involved, and what to do; ``field`` is the dotted YAML path
    (``绩效指标.产出指标``) for tools; ``severity`` is ``"error"`` or ``"warning"``.
    """

    location: Location
    code: str
    message: str
    field: str = ""
    severity: str = ERROR
    #: The text of the line, quoted under the message; only what perfdocs read as YAML is ever quoted.
    source_line: str = dataclass_field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def to_dict(self) -> dict[str, str | int]:
        """The problem for other tools (``--format json``)."""
        where = self.location
        return {
            "file": where.path,
            "line": where.line,
            "column": where.column,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "field": self.field,
        }

    def format(self) -> str:
        """The problem as a compiler prints it: ``file:line:col: CODE message``, the line, a caret."""
        label = "" if self.is_error else "警告："
        head = printable(f"{self.location}: {self.code} {label}{self.message}")
        line_text = self.source_line
        if not line_text or self.location.line <= 0:
            return head
        number = str(self.location.line)
        gutter = " " * len(number)
        before, after = _window(line_text, max(self.location.column - 1, 0))
        before, after = printable(before), printable(after)
        caret = " " * _display_width(before) + "^"
        return f"{head}\n {number} | {before}{after}\n {gutter} | {caret}"

    def with_line(self, lines: list[str]) -> Problem:
        """This problem quoting its line of ``lines`` (the file's text as read), unless it quotes one already."""
        if self.source_line or not 0 < self.location.line <= len(lines):
            return self
        return replace(self, source_line=lines[self.location.line - 1].rstrip("\r"))


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control, line-breaking and invisible format characters as
    ``‹U+001B›``, so that a value cannot move the cursor, change colours or hide what follows."""
    if text.isascii() and text.isprintable():
        return text
    return _UNPRINTABLE.sub(lambda match: f"‹U+{ord(match.group()):04X}›", text)


def _window(line: str, column: int, width: int = 60) -> tuple[str, str]:
    """The text before and from ``column``, cut to about ``width`` characters each side with ``…``."""
    before, after = line[:column], line[column:]
    if len(before) > width:
        before = "…" + before[-width:]
    if len(after) > width:
        after = after[:width] + "…"
    return before, after


def _display_width(text: str) -> int:
    """Columns a terminal uses for ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class PerfdocsError(Exception):
    """Base of every error perfdocs raises on purpose."""


class InputError(PerfdocsError):
    """The input files have problems; ``problems`` lists every one, sorted by place."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=_order))
        super().__init__("\n".join(problem.format() for problem in self.problems))


def _order(problem: Problem) -> tuple[object, ...]:
    """A problem's place in a report: by file, line and column, then by its message with the numbers in it
    taken as numbers (第 6 行 before 第 10 行)."""
    parts = re.split(r"(\d+)", problem.message)
    natural = tuple((0, int(part), "") if index % 2 else (1, 0, part) for index, part in enumerate(parts))
    return (problem.location, problem.code, natural, problem)


class CheckError(InputError):
    """The unit loads, but the rules of ``perfdocs check`` found errors in it."""


class OfficeError(PerfdocsError):
    """LibreOffice is missing, failed, or did not finish in time."""


class TemplateError(PerfdocsError):
    """The Word template cannot be used (not a .docx, or its tags are wrong)."""


class OutputError(PerfdocsError):
    """The document cannot be written where the user asked."""


#: Characters that XML 1.0 cannot carry: a document with one of them is corrupt.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_OS_ERRORS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOENT: "找不到",
    errno.ENOSPC: "磁盘已满",
    errno.EROFS: "磁盘是只读的",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EEXIST: "已经存在",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.ELOOP: "符号链接绕成了圈",
    errno.ENOEXEC: "不是能执行的程序",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件太大",
    errno.EIO: "读写出错",
}


def describe_os_error(error: OSError) -> str:
    """An operating-system error in words for the user (the system's own text may be English)."""
    return _OS_ERRORS.get(error.errno or 0, f"系统错误 {error.errno}：{error.strerror}")


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``是不是“X”？`` for the candidate closest to a mistyped ``word``, or nothing."""
    guess = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.5)
    return f"是不是“{guess[0]}”？" if guess else ""
