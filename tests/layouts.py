"""Documents laid out unlike perfdocs' own, written from the example unit, for the import tests.

``word_document`` writes one table per project with labels spaced out, half-width
colons, 一级指标 repeated on every row (never merged), 二级指标 merged, a title
inside one table, a table split in two with its header repeated, an empty row,
``>=`` for ``≥`` and a note between tables. ``workbook`` writes a sheet per
project, the last two projects stacked on one sheet, with merged cells and
numbers stored as numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from openpyxl import Workbook

import perfdocs
from perfdocs.layouts import get_layout
from perfdocs.layouts.views import project_view
from perfdocs.model import Project

TOP_LABELS = ("预算规模及资金用途", "预算数", "其中:财政资金", "其他资金")


def money(amount: Any) -> str:
    return "" if amount is None else f"{amount:.2f}"


def grid_rows(project: Project) -> list[tuple[str, str, str, str, str]]:
    return [(i.level1, i.level2, i.name, i.description, i.value.text.replace("≥", ">=", 1)) for i in project.indicators]


def word_document(unit: perfdocs.Unit, path: Path) -> Path:
    document = docx.Document()
    for line in unit.title_lines:
        document.add_paragraph(line)
    for number, project in enumerate(unit.projects, start=1):
        title_inside = number == 3
        if not title_inside:
            document.add_paragraph(f"{number}、{project.title}")
        table = document.add_table(rows=0, cols=7)
        table.style = "Table Grid"
        if title_inside:
            _merged_row(table, [(f"{project.title}", 7)])
        _merged_row(table, [(f"{unit.code} {unit.name}", 5), ("单位:万元", 2)])
        _merged_row(table, [("项 目 名 称", 1), (project.name, 6)])
        budget = [money(project.budget), money(project.fiscal_funds), money(project.other_funds)]
        labels_and_values = [
            TOP_LABELS[0],
            TOP_LABELS[1],
            budget[0],
            TOP_LABELS[2],
            budget[1],
            TOP_LABELS[3],
            budget[2],
        ]
        _merged_row(table, [(text, 1) for text in labels_and_values])
        _merged_row(table, [("预算规模及资金用途", 1), (project.purpose, 6)])
        goals = "\n".join(f"（{i}）{goal}" for i, goal in enumerate(project.goals, 1))
        _merged_row(table, [("绩效目标", 1), (goals, 6)])
        rows = grid_rows(project)
        split = len(rows) // 2 if number == 2 else len(rows)
        _grid(table, rows[:split], empty_row=number == 6)
        if split < len(rows):
            document.add_paragraph("（续表）")
            second = document.add_table(rows=0, cols=7)
            _grid(second, rows[split:], empty_row=False)
        document.add_paragraph("注：本表由项目单位填报。")
    document.save(str(path))
    return path


def _merged_row(table: Any, cells: list[tuple[str, int]]) -> None:
    row = table.add_row()
    column = 0
    for text, span in cells:
        cell = row.cells[column]
        if span > 1:
            cell = cell.merge(row.cells[column + span - 1])
        cell.text = text
        column += span


def _grid(table: Any, rows: list[tuple[str, str, str, str, str]], *, empty_row: bool) -> None:
    """Header, then rows; 二级指标 merged down its run, 一级指标 written on every row."""
    _merged_row(table, [("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("绩效指标描述", 2), ("指标值", 2)])
    first_of_run = None
    for index, (level1, level2, name, description, value) in enumerate(rows):
        if empty_row and index == 1:
            table.add_row()
        _merged_row(table, [(level1, 1), (level2, 1), (name, 1), (description, 2), (value, 2)])
        cell = table.rows[-1].cells[1]
        if index and rows[index - 1][:2] == (level1, level2) and first_of_run is not None:
            merged = first_of_run.merge(cell)
            merged.text = level2
        else:
            first_of_run = cell


def workbook(unit: perfdocs.Unit, path: Path) -> Path:
    book = Workbook()
    book.remove(book.active)
    sheet = None
    row = 1
    for number, project in enumerate(unit.projects, start=1):
        if number <= 6:
            sheet, row = book.create_sheet(f"表{number}"), 1
        assert sheet is not None
        row = _sheet_project(sheet, row, number, unit, project) + 2
    book.save(path)
    return path


def _sheet_project(sheet: Any, row: int, number: int, unit: perfdocs.Unit, project: Project) -> int:
    def put(r: int, column: int, value: Any, last_column: int | None = None, last_row: int | None = None) -> None:
        sheet.cell(r, column, value)
        if last_column or last_row:
            sheet.merge_cells(start_row=r, start_column=column, end_row=last_row or r, end_column=last_column or column)

    put(row, 1, f"{number}.{project.title}", 7)
    put(row + 1, 1, f"{unit.code}{unit.name}", 5)
    put(row + 1, 6, "单位：万元", 7)
    put(row + 2, 1, "项目名称")
    put(row + 2, 2, project.name, 7)
    put(row + 3, 1, "预算规模及资金用途", last_row=row + 4)
    budget_row = ["预算数", project.budget, "其中：财政资金", project.fiscal_funds, "其他资金", project.other_funds]
    for column, value in enumerate(budget_row, 2):
        sheet.cell(row + 3, column, float(value) if value is not None and not isinstance(value, str) else value)
    put(row + 4, 2, project.purpose, 7)
    put(row + 5, 1, "绩效目标")
    put(row + 5, 2, "\n".join(f"{i}.{goal}" for i, goal in enumerate(project.goals, 1)), 7)
    for column, text in ((1, "一级指标"), (2, "二级指标"), (3, "三级指标")):
        put(row + 6, column, text)
    put(row + 6, 4, "绩效指标描述", 5)
    put(row + 6, 6, "指标值", 7)
    current = row + 7
    view = project_view(project, unit, get_layout()).rows
    for offset, item in enumerate(view):
        r = current + offset
        if item.level1_merge != "continue":
            rest = view[offset + 1 :]
            run = 1 + next((n for n, later in enumerate(rest) if later.level1_merge != "continue"), len(rest))
            put(r, 1, item.level1, last_row=r + run - 1 if run > 1 else None)
        put(r, 2, item.level2)
        put(r, 3, item.name)
        put(r, 4, item.description, 5)
        put(r, 6, item.value, 7)
    return current + len(view)
