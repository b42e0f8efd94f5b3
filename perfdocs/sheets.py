"""Reading an Excel workbook as tables of cells, merges included, like :mod:`perfdocs.docxread`.

Each worksheet becomes one :class:`~perfdocs.docxread.Table` (several 绩效目标表
stacked on a sheet stay in it, one after the other). A merged range becomes a
cell spanning its columns; the rows below its first one get a cell that
continues the merge, as in Word.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from perfdocs.docxread import Cell, Table


def read_sheets(path: str | Path) -> Iterator[tuple[str, Table]]:
    """Each worksheet's name and its cells as a table."""
    from openpyxl import load_workbook  # noqa: PLC0415 - only imports from Excel need it

    workbook = load_workbook(path, data_only=True)  # merged ranges need the full (not read-only) reader
    try:
        for sheet in workbook.worksheets:
            yield sheet.title, _table(sheet)
    finally:
        workbook.close()


def _table(sheet: Any) -> Table:
    ranges = {}
    for merged in sheet.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            ranges[(row, merged.min_col)] = merged
    rows = []
    for row in range(1, sheet.max_row + 1):
        cells = []
        column = 1
        while column <= sheet.max_column:
            merged = ranges.get((row, column))
            span = merged.max_col - merged.min_col + 1 if merged else 1
            if merged and row > merged.min_row:
                cells.append(Cell("", span, "continue"))
            else:
                restart = "restart" if merged and merged.max_row > merged.min_row else ""
                cells.append(Cell(cell_text(sheet.cell(row, column).value), span, restart))
            column += span
        rows.append(tuple(cells))
    return Table(tuple(rows))


def cell_text(value: object) -> str:
    """A cell's value as the text the sheet shows: 418.0 → ``418``, a date → ``2025-01-31``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    return str(value)
