"""Reading a .docx back as paragraphs and tables, with merged cells made explicit.

This is how perfdocs (and its tests) see what a document really says: the text
of every paragraph and every cell, and how cells are merged (``gridSpan`` across,
``vMerge`` down). It reads the XML directly and incrementally, so a large
document costs little memory.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from perfdocs.errors import IMPORT, InputError, Location, Problem

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: The part of a .docx package that holds the body of the document.
DOCUMENT_PART = "word/document.xml"


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text (one line per paragraph), columns spanned, vertical merge."""

    text: str
    span: int = 1
    merge: str = ""  # "restart" begins a vertical merge, "continue" joins the cell above

    @property
    def shown_text(self) -> str:
        """What the cell shows: a cell that continues a merge shows nothing of its own."""
        return "" if self.merge == "continue" else self.text


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]

    def merged_regions(self) -> list[tuple[int, int, int, int]]:
        """Every merged region as (row, grid column, rows spanned, columns spanned), 0-based."""
        regions: dict[tuple[int, int], list[int]] = {}
        running: dict[int, tuple[int, int]] = {}  # grid column -> the vertical merge open there
        for row_index, row in enumerate(self.rows):
            column = 0
            for cell in row:
                if cell.merge == "continue" and column in running:
                    regions[running[column]][0] += 1
                else:
                    running.pop(column, None)
                    if cell.merge == "restart" or cell.span > 1:
                        regions[(row_index, column)] = [1, cell.span]
                    if cell.merge == "restart":
                        running[column] = (row_index, column)
                column += cell.span
        return [(row, column, rows, columns) for (row, column), (rows, columns) in sorted(regions.items())]


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    style: str = ""


Block = Paragraph | Table


def read_blocks(path: str | Path) -> Iterator[Block]:
    """The body of a .docx, in order: its paragraphs and tables."""
    with zipfile.ZipFile(path) as archive, archive.open(DOCUMENT_PART) as stream:
        depth = 0
        for event, element in etree.iterparse(stream, events=("start", "end")):
            if element.tag not in (f"{_W}p", f"{_W}tbl"):
                continue
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 0:
                yield _table(element) if element.tag == f"{_W}tbl" else _paragraph(element)
                element.clear()
                _drop_previous_siblings(element)


def _drop_previous_siblings(element: etree._Element) -> None:
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _paragraph(element: etree._Element) -> Paragraph:
    style = element.find(f"{_W}pPr/{_W}pStyle")
    return Paragraph(paragraph_text(element), style.get(f"{_W}val", "") if style is not None else "")


def paragraph_text(element: etree._Element) -> str:
    """The text a paragraph shows: runs' text, tabs and line breaks; field codes left out."""
    parts = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.getparent().tag == f"{_W}r":  # a w:tab in w:tabs is a tab stop, not text
            parts.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(parts)


def _table(element: etree._Element) -> Table:
    rows = []
    for row in element.iterchildren(f"{_W}tr"):
        cells = []
        for cell in row.iterchildren(f"{_W}tc"):
            span = cell.find(f"{_W}tcPr/{_W}gridSpan")
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            text = "\n".join(paragraph_text(p) for p in cell.iterchildren(f"{_W}p"))
            cells.append(
                Cell(
                    text,
                    int(span.get(f"{_W}val")) if span is not None else 1,
                    (merge.get(f"{_W}val") or "continue") if merge is not None else "",
                )
            )
        rows.append(tuple(cells))
    return Table(tuple(rows))


def blocks_text(blocks: Iterator[Block] | list[Block]) -> str:
    """A document as plain text, one paragraph or table cell a line, for diffs and golden files.

    A cell line reads ``行.列 文字`` (grid column, 1-based) with ``‹跨N列›`` for a
    horizontal merge, ``‹向下合并›`` where a vertical merge starts and
    ``‹并入上格›`` for a cell that continues it; a line break inside a cell is ``↵``.
    Empty paragraphs are left out.
    """
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                lines.append(f"[{block.style}] {block.text}" if block.style else block.text)
            continue
        lines.append(f"表格：{len(block.rows)} 行")
        for row_number, row in enumerate(block.rows, start=1):
            column = 1
            for cell in row:
                lines.append(f"  {row_number}.{column} {_cell_line(cell)}".rstrip())
                column += cell.span
    return "\n".join(lines) + "\n"


def _cell_line(cell: Cell) -> str:
    if cell.merge == "continue":
        return "‹并入上格›"
    marks = (f" ‹跨{cell.span}列›" if cell.span > 1 else "") + (" ‹向下合并›" if cell.merge == "restart" else "")
    return cell.text.replace("\n", "↵") + marks


def document_text(path: str | Path) -> str:
    """A .docx as plain text (:func:`blocks_text`); for ``perfdocs text`` and git's textconv."""
    try:
        return blocks_text(list(read_blocks(path)))
    except (zipfile.BadZipFile, KeyError, OSError, etree.LxmlError) as error:
        message = f"无法读取这个 Word 文档（{type(error).__name__}）：它不是 .docx，或者已经损坏。"
        raise InputError([Problem(Location(str(path)), IMPORT, message)]) from error
