"""Published tables of the other layouts as Word and Excel files, for the import tests.

The tables are those of ``tests/golden/layouts/*.cells.txt`` (the transcriptions of
``../shared/layouts/``, cell by cell with their merges): :func:`golden_docx` writes one as a Word table
(python-docx's merges), :func:`golden_workbook` as a worksheet (openpyxl's), each with lines of text
before it as a unit's document or the budget system's export has them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
from layoutgolden import cell_parts, read_golden
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "layouts"
EXAMPLES = ROOT / "projects" / "examples"
NEIMENGGU = GOLDEN / "neimenggu_2025_export.cells.txt"
SHANGHAI = GOLDEN / "shanghai_2026_lanxilu.cells.txt"

#: A grid of cells: per row, each cell's (text, span, continues the merge above).
Grid = list[list[tuple[str, int, bool]]]


def golden_grid(path: Path, edit: Callable[[Grid], Grid] | None = None) -> Grid:
    """The first table of a golden file as cells (text, span, continued), edited by ``edit``."""
    (table, *_) = read_golden(path)
    grid = [[cell_parts(token) for token in row] for row in table]
    return edit(grid) if edit else grid


def golden_docx(path: Path, grid: Grid, before: Sequence[str] = ()) -> Path:
    """A .docx of ``before`` (paragraphs) and one table of ``grid``, merged as its tokens say."""
    document = docx.Document()
    for line in before:
        document.add_paragraph(line)
    width = sum(span for _, span, _ in grid[0])
    table = document.add_table(rows=len(grid), cols=width)
    table.style = "Table Grid"
    for row_index, row in enumerate(grid):
        column = 0
        for text, span, continued in row:
            cell = table.cell(row_index, column)
            if span > 1:
                cell = cell.merge(table.cell(row_index, column + span - 1))
            if continued:
                top = row_index
                while top > 0 and _continues(grid, top, column):
                    top -= 1
                cell = table.cell(top, column).merge(table.cell(row_index, column + span - 1))
            else:
                cell.text = text
            column += span
    document.save(str(path))
    return path


def _continues(grid: Grid, row_index: int, column: int) -> bool:
    at = 0
    for _, span, continued in grid[row_index]:
        if at == column:
            return continued
        at += span
    return False


def golden_workbook(path: Path, grid: Grid, before: Sequence[Sequence[Any]] = ()) -> Path:
    """An .xlsx with the rows ``before`` (cells in order), then ``grid``, merged as its tokens say."""
    book = Workbook()
    sheet = book.active
    sheet.title = "表11"
    for row in before:
        sheet.append(list(row))
    first = sheet.max_row + 1 if before else 1
    starts: dict[int, int] = {}  # column -> the row its vertical merge started at
    for offset, row in enumerate(grid):
        number = first + offset
        column = 1
        for text, span, continued in row:
            if continued:
                starts.setdefault(column, number - 1)
            else:
                _close(sheet, starts, column, number - 1, span)
                sheet.cell(number, column, _value(text))
                if span > 1:
                    sheet.merge_cells(
                        start_row=number, start_column=column, end_row=number, end_column=column + span - 1
                    )
            column += span
    last = first + len(grid) - 1
    for column in list(starts):
        _close(sheet, starts, column, last, 1)
    book.save(path)
    return path


def _close(sheet: Any, starts: dict[int, int], column: int, end: int, span: int) -> None:
    start = starts.pop(column, None)
    if start is not None and end > start:
        sheet.merge_cells(start_row=start, start_column=column, end_row=end, end_column=column + span - 1)


def _value(text: str) -> Any:
    """Numbers as numbers, as the budget system writes them (amounts with a format, 98, 7.5)."""
    plain = text.replace(",", "")
    try:
        number = float(plain)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number
