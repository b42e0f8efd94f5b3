"""A document as plain text, one paragraph or table cell a line: ``perfdocs text``, git's textconv, golden files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from perfdocs.importing.blocks import Block, Cell, Paragraph
from perfdocs.importing.docx import read_blocks


def blocks_text(blocks: Iterable[Block]) -> str:
    """A document as plain text, one paragraph or table cell a line, for diffs and golden files.

    A cell line reads ``行.列 文字`` (grid column, 1-based) with ``‹跨N列›`` for a
    horizontal merge, ``‹向下合并›`` where a vertical merge starts and
    ``‹并入上格›`` for a cell that continues it; a line break inside a cell is ``↵``.
    Columns a row leaves out read ``‹此处无单元格›``. What cannot be read as data
    is marked ``‹种类：文字›`` where it stands (``‹隐藏：9›``). Empty paragraphs are left out.
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
    marks = f" ‹跨{cell.span}列›" if cell.span > 1 else ""
    if cell.filler:
        return "‹此处无单元格›" + marks + cell.text
    if cell.merge == "continue":
        return "‹并入上格›" + (f" {cell.text.replace(chr(10), '↵')}" if cell.problem else "")
    marks += " ‹向下合并›" if cell.merge == "restart" else ""
    return cell.text.replace("\n", "↵") + marks


def document_text(path: str | Path) -> str:
    """A .docx as plain text (:func:`blocks_text`); for ``perfdocs text`` and git's textconv.

    Nothing is left out and nothing fails for content it cannot read as data: that is
    marked where it stands, so that a reviewer sees it in the diff.
    """
    return blocks_text(read_blocks(path, marked=True))
