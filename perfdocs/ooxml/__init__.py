"""Reading the XML parts of an Office package (.xlsx, .docx) without trusting them.

An Office file is a ZIP archive of XML parts that point at each other through
relationship parts (``_rels/.rels``, ``xl/_rels/workbook.xml.rels``). Anyone can
write one by hand, so:

- part names are looked up as Office does, ignoring case, and an archive that
  holds two parts of one name is refused (programs would disagree on which one
  is read);
- every part is parsed as a stream, without a DOCTYPE (entities, XXE), network
  access or huge-tree mode, and in UTF-8 or UTF-16 only;
- a relationship that points outside the package is never followed.

The archive itself is opened through :mod:`perfdocs.package` (zip bombs,
encryption) before anything here runs. Errors are :class:`PartError`, whose
message says what is wrong without the file's name: the caller names the file.

What perfdocs knows of the Word XML inside (element order, bookmarks, fields,
vMerge) is :mod:`perfdocs.ooxml.wordml`.
"""

from __future__ import annotations

import codecs
import posixpath
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, Final
from urllib.parse import unquote

from lxml import etree

from perfdocs.errors import PerfdocsError

RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
#: How much of a part's beginning is read to check its XML declaration and that it has no DOCTYPE.
PROLOG_BYTES = 4096
_PROLOG = re.compile(r"\ufeff?\s*(<\?xml\b[^>]*\?>)?(?:\s+|<!--.*?-->|<\?.*?\?>)*", re.DOTALL)
_ENCODINGS = {"utf-8": ("utf-8", "utf8"), "utf-16": ("utf-16", "utf16", "utf-16le", "utf-16be")}
#: Byte order marks, longest first (UTF-32's starts like UTF-16's), and how UTF-16 starts without one ("<?").
_BYTE_ORDERS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"<\0?\0", "utf-16-le"),
    (b"\0<\0?", "utf-16-be"),
)
_DOCTYPE = "其中的 {} 含有 DOCTYPE 声明：Office 文件从不含有它，这个文件可能是恶意的"
#: What a file is called in a message, unless the caller says (“Word 文档”).
OFFICE_FILE = "Office 文件"
#: lxml's options for a part from anyone: no DTD, entities or network, and its limits on size and depth.
SAFE_PARSING: Final = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


class PartError(PerfdocsError):
    """A part of the package cannot be read; the message says why, without the file name."""


@dataclass(frozen=True, slots=True)
class Relationship:
    """One entry of a relationships part: its id, its type (a URI) and the part it points at."""

    id: str
    type: str
    target: str
    external: bool


class Package:
    """The parts of an open, checked archive, found by name as Office finds them (ignoring case).

    ``kind`` is what the file is, for messages (“不像正常的 Word 文档”).
    """

    def __init__(self, archive: zipfile.ZipFile, kind: str = OFFICE_FILE) -> None:
        self.archive, self.kind = archive, kind
        self.names: dict[str, str] = {}
        for name in archive.namelist():
            key = name.casefold()
            if key in self.names:
                raise PartError(f"其中有两个同名的部分（{name}），不同的软件会读到不同的内容")
            self.names[key] = name

    def stored(self, part: str) -> str | None:
        """The name ``part`` is stored under, or None when the package lacks it."""
        return self.names.get(part.casefold())

    def open(self, part: str) -> IO[bytes]:
        stored = self.stored(part)
        if stored is None:
            raise PartError(f"文件中缺少 {part}，它已经损坏")
        return self.archive.open(stored)

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of ``part`` ("" for the package itself), targets resolved to part names."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        found = []
        for element in self._elements(rels, [f"{RELATIONSHIPS}Relationship"]):
            external = element.get("TargetMode") == "External"
            target = element.get("Target", "")
            found.append(
                Relationship(
                    element.get("Id", ""),
                    element.get("Type", ""),
                    target if external else resolve(folder, target),
                    external,
                )
            )
        return found

    def content_type(self, part: str) -> str:
        """The content type ``[Content_Types].xml`` gives ``part``; empty when it says nothing."""
        overrides: dict[str, str] = {}
        defaults: dict[str, str] = {}
        tags = [f"{CONTENT_TYPES}Override", f"{CONTENT_TYPES}Default"]
        for element in self._elements("[Content_Types].xml", tags):
            if element.tag.endswith("Override"):
                overrides[element.get("PartName", "").lstrip("/").casefold()] = element.get("ContentType", "")
            else:
                defaults[element.get("Extension", "").casefold()] = element.get("ContentType", "")
        extension = posixpath.splitext(part)[1].lstrip(".").casefold()
        return overrides.get(part.casefold()) or defaults.get(extension, "")

    def _elements(self, part: str, tags: list[str]) -> Iterator[Any]:
        """The elements of ``tags`` in ``part``, none when the package lacks it; messages name the part as
        the package stores it (``_RELS/.RELS``), which is what a user who unpacks the file finds."""
        stored = self.stored(part)
        if stored is None:
            return
        with self.archive.open(stored) as stream:
            yield from parse(stream, stored, tags, kind=self.kind)


def resolve(folder: str, target: str) -> str:
    """A relationship's target as a part name: relative to the folder of its source, or absolute."""
    path = unquote(target.split("#", 1)[0])
    return posixpath.normpath(posixpath.join("/", folder, path)).lstrip("/")


def parse(stream: IO[bytes], part: str, tags: Iterable[str], *, kind: str = OFFICE_FILE) -> Iterator[Any]:
    """The elements of ``tags`` in an XML part, each at its end, parsed safely (see the module).

    The caller clears what it has read (``element.clear()``) to keep memory flat.
    """
    for _, element in parse_events(stream, part, tags, ("end",), kind=kind):
        yield element


def parse_events(
    stream: IO[bytes], part: str, tags: Iterable[str], events: tuple[str, ...], *, kind: str = OFFICE_FILE
) -> Iterator[tuple[str, Any]]:
    """(event, element) for ``events`` ("start", "end") of ``tags`` in an XML part, parsed as :func:`parse` does;
    ``kind`` is what the file is, for messages."""
    head = stream.read(PROLOG_BYTES)
    _check_prolog(head, part)
    parsed = etree.iterparse(
        _Prefixed(head, stream), events=events, tag=list(tags), remove_comments=True, remove_pis=True, **SAFE_PARSING
    )
    checked = False
    try:
        for event, element in parsed:
            if not checked and element.getroottree().docinfo.doctype:
                raise PartError(_DOCTYPE.format(part))
            checked = True
            yield event, element
    except etree.XMLSyntaxError as error:
        line, column = error.position
        if "depth" in str(error):
            raise PartError(f"其中的 {part} 嵌套过深（第 {line} 行第 {column} 列），不像正常的 {kind}") from error
        raise PartError(f"其中的 {part} 已损坏，不是格式正确的 XML（第 {line} 行第 {column} 列）") from error


def drop_read(element: Any) -> None:
    """Free an element that has been read, and the siblings read before it (a streamed row, a string)."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


class _Prefixed:
    """A stream whose first bytes were read ahead (to check the prolog), read from the start again."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.rest.read(size)
        if size < 0:
            data, self.head = self.head + self.rest.read(), b""
        else:
            data, self.head = self.head[:size], self.head[size:]
        return data


def byte_order(data: bytes) -> str | None:
    """The codec an XML part's first bytes name, as XML parsers read them: its byte order mark, or UTF-16's
    "<?" without one; None when they name none (the part is UTF-8, or in the encoding it declares)."""
    return next((codec for mark, codec in _BYTE_ORDERS if data.startswith(mark)), None)


def _check_prolog(head: bytes, part: str) -> None:
    """Refuse a part in an encoding Office never writes, or with a DOCTYPE (entities, XXE)."""
    codec = byte_order(head) or "utf-8"
    if codec.startswith("utf-32"):
        raise PartError(f"其中的 {part} 用了 UTF-32 编码：Office 文件只用 UTF-8 或 UTF-16")
    family = "utf-16" if codec.startswith("utf-16") else "utf-8"
    text = head.decode(codec, errors="ignore")
    prolog = _PROLOG.match(text)
    assert prolog is not None  # the pattern matches the empty string
    rest = text[prolog.end() :]
    if rest.startswith("<!DOCTYPE"):
        raise PartError(_DOCTYPE.format(part))
    if (not rest or rest.startswith(("<!--", "<?"))) and len(head) == PROLOG_BYTES:  # a comment that goes on
        raise PartError(f"其中的 {part} 开头的声明和注释过长，不像正常的 Office 文件")
    declared = re.search(r"encoding\s*=\s*[\"']([^\"']*)[\"']", prolog.group(1) or "")
    if declared and declared.group(1).casefold() not in _ENCODINGS[family]:
        raise PartError(
            f"其中的 {part} 声明的编码是“{declared.group(1)}”：Office 文件只用 UTF-8 或 UTF-16，这个文件可能被改动过"
        )
