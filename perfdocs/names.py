"""Project names as file names: which names a file can carry, and when two names are the same name.

A project is one file named after it, so a name must make a file name on
every system (Windows included), and two files must never stand for one
project: ``X.yaml`` beside ``X.YAML``, or names that differ only by Unicode
normalisation, invisible characters or full-width forms, look like one name
to a reviewer, and only one of them would be printed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

#: What a file name may not hold on Windows, or anywhere.
UNSAFE_CHARACTERS = frozenset('\\/:*?"<>|')
#: The longest file name most file systems take, in bytes of UTF-8 (the extension included).
MAX_NAME_BYTES = 255
_RESERVED = frozenset(
    ("CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10)))
)


def file_name_problem(name: str, suffix: str = ".yaml") -> str | None:
    """Why ``name`` cannot be the file name of a project (with ``suffix``), as a sentence; None if it can."""
    return next(_file_name_reasons(name, suffix), None)


def _file_name_reasons(name: str, suffix: str) -> Iterator[str]:
    if not name.strip():
        yield "项目名称不能为空"
    if name != name.strip():
        yield f"项目名称“{name}”的开头或结尾有空格"
    bad = next((char for char in name if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        yield f"项目名称含有不可见的字符 U+{ord(bad):04X}（如换行、零宽字符）"
    if set(name) & UNSAFE_CHARACTERS:
        yield f'项目名称“{name}”不能用作文件名（不能含 \\ / : * ? " < > |）'
    if name in (".", "..") or name.endswith("."):
        yield f"项目名称“{name}”不能用作文件名（不能是“.”“..”，也不能以“.”结尾）"
    device = unicodedata.normalize("NFKC", name).split(".", 1)[0].rstrip(" ").upper()  # COM¹ and CON.txt too
    if device in _RESERVED:
        yield f"项目名称“{name}”是 Windows 保留的设备名，不能用作文件名"
    size = len((name + suffix).encode("utf-8"))
    if size > MAX_NAME_BYTES:
        yield f"项目名称太长：文件名有 {size} 字节，超过 {MAX_NAME_BYTES} 字节的上限（约 80 个汉字）"


def same_name_key(name: str) -> str:
    """What two names share when a reader cannot tell them apart: NFKC (full-width folded), invisible
    characters dropped, case folded. Two files with one key stand for one project."""
    folded = unicodedata.normalize("NFKC", name)
    visible = "".join(char for char in folded if unicodedata.category(char) != "Cf")
    return visible.casefold()
