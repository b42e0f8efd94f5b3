"""The 一体化 table as an Excel workbook (``-o 绩效目标.xlsx``): what Excel users and the budget system take in.

It is the Word table's twin, made from the same prepared text (:func:`perfdocs.prepared.prepare`), so the two
cannot disagree: title rows, 单位：元, the header row (frozen), one row per indicator, a project's five cells
merged over its rows and 一级/二级 over equal neighbours. Amounts, 分值 and numeric 目标值 are real numbers,
read back exactly from their printed text (Decimal, never float), with number formats that show them as
printed; 长期 or 11月底之前 stay text. Written atomically and stamped like a .docx, so that a later build
replaces it only while nobody has saved over it.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from perfdocs.errors import VALUE, InputError, Location, Problem
from perfdocs.layouts import get_layout
from perfdocs.layouts.views import ProjectView, RowView
from perfdocs.layouts.yitihua import WORKBOOK_LAYOUT, workbook_layout
from perfdocs.model import Unit
from perfdocs.money import AmountError, parse_amount
from perfdocs.output import WORKBOOK_PART, atomic_path, stamp
from perfdocs.prepared import Prepared, prepare

#: The layout a workbook is written in, whatever the unit's 版式.
SHEET_TITLE = "项目绩效目标表"
AMOUNT_FORMAT = "#,##0.00"
#: Column widths in characters, as the header names the columns.
WIDTHS = {
    "项目名称": 24, "项目单位": 26, "项目类别": 16, "预算数": 16, "年度绩效目标": 40, "一级指标": 16,
    "二级指标": 16, "三级指标": 30, "指标性质": 9, "指标方向": 10, "目标值": 12, "计量单位": 9, "分值": 7,
}  # fmt: skip
_PROJECT_COLUMNS = 5  # 项目名称, 项目单位, 项目类别, 预算数, 年度绩效目标: merged over the project's rows
_BUDGET_COLUMN, _GOAL_COLUMN, _LEVEL1_COLUMN, _TARGET_COLUMN, _SCORE_COLUMN = 4, 5, 6, 11, 13
_NUMBER = re.compile(r"[+-]?\d+(?:\.(\d+))?")
_THIN = Side(style="thin", color="000000")
_RULED = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)
_GOAL = Alignment(horizontal="left", vertical="center", wrap_text=True)


def write_workbook(unit: Unit | Prepared, path: str | Path) -> Path:
    """Write the 一体化 table of ``unit`` to the workbook ``path`` (atomically) and return its path."""
    target = Path(path)
    prepared = prepare(unit, WORKBOOK_LAYOUT)
    workbook_layout(prepared.layout)  # a unit prepared in another layout has the other's text
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    _fill(sheet, prepared)
    with atomic_path(target) as temporary:
        book.save(temporary)
        with zipfile.ZipFile(temporary, "a") as archive:
            stamp(archive, WORKBOOK_PART)
    return target


def _fill(sheet: Worksheet, prepared: Prepared) -> None:
    columns = get_layout(WORKBOOK_LAYOUT).columns
    for line in prepared.unit.title_lines:
        _banner(sheet, line, Font(bold=True, size=14), Alignment(horizontal="center", vertical="center"))
    _banner(sheet, f"单位：{prepared.unit.money_unit}", Font(), Alignment(horizontal="right", vertical="center"))
    sheet.append(list(columns))
    header = sheet.max_row
    for column in range(1, len(columns) + 1):
        sheet.cell(header, column).font = Font(bold=True)
    owner = f"{prepared.unit.code}-{prepared.unit.name}"
    for _, project in prepared.projects:
        first = sheet.max_row + 1
        for row in project.rows:
            _append(sheet, project, owner, row)
        _merge(sheet, project, first)
    for row in sheet.iter_rows(min_row=header, max_row=sheet.max_row, max_col=len(columns)):
        for cell in row:
            cell.border = _RULED
            cell.alignment = _GOAL if cell.column == _GOAL_COLUMN and cell.row > header else _CENTRED
    for column, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS[name]
    sheet.freeze_panes = sheet.cell(header + 1, 1)
    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _banner(sheet: Worksheet, text: str, font: Font, alignment: Alignment) -> None:
    """A line above the table, across all its columns."""
    sheet.append([text])
    number = sheet.max_row
    sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(WIDTHS))
    sheet.cell(number, 1).font = font
    sheet.cell(number, 1).alignment = alignment


def _append(sheet: Worksheet, project: ProjectView, owner: str, row: RowView) -> None:
    """One indicator's row, its numbers with the formats that show them as the Word table prints them."""
    goals = project.annual_goals
    goal_text = "\n".join(f"{n}.{goal}" for n, goal in enumerate(goals, 1)) if len(goals) > 1 else "".join(goals)
    sheet.append(
        [
            project.name,
            owner,
            project.category or None,
            _number(project, project.budget),
            goal_text,
            row.level1,
            row.level2,
            row.name,
            row.nature or None,
            row.direction or None,
            row.target or None,
            row.measure_unit or None,
            row.score or None,
        ]
    )
    number = sheet.max_row
    sheet.cell(number, _BUDGET_COLUMN).number_format = AMOUNT_FORMAT
    for column in (_TARGET_COLUMN, _SCORE_COLUMN):
        cell = sheet.cell(number, column)
        written = _NUMBER.fullmatch(cell.value) if isinstance(cell.value, str) else None
        if written is not None:  # 98, 7.5: a number, shown with the places it is written with
            cell.value = Decimal(cell.value)
            cell.number_format = "0." + "0" * len(written.group(1)) if written.group(1) else "0"


def _number(project: ProjectView, printed: str) -> Decimal | None:
    """An amount as printed, as the number Excel stores; one Excel cannot hold exactly (more than 15
    digits: it keeps a binary double) is refused rather than rounded."""
    if not printed:
        return None
    try:
        return parse_amount(printed, thousands=True)
    except AmountError as error:
        message = f"项目“{project.name}”的预算数 {printed} 元{error}，Excel 存不准这个数：请生成 .docx 或 .pdf。"
        raise InputError([Problem(Location(project.name), VALUE, message, "预算数")]) from error


def _merge(sheet: Worksheet, project: ProjectView, first: int) -> None:
    """Merge a project's own cells over its rows (starting at row ``first``), and its equal 一级/二级."""
    rows = len(project.rows)
    if rows > 1:
        for column in range(1, _PROJECT_COLUMNS + 1):
            sheet.merge_cells(start_row=first, start_column=column, end_row=first + rows - 1, end_column=column)
    for column, field in ((_LEVEL1_COLUMN, "level1_merge"), (_LEVEL1_COLUMN + 1, "level2_merge")):
        start = 0
        for offset, row in enumerate(project.rows):
            if getattr(row, field) == "restart":
                start = first + offset
            ends = offset + 1 == rows or getattr(project.rows[offset + 1], field) != "continue"
            if getattr(row, field) == "continue" and ends:
                sheet.merge_cells(start_row=start, start_column=column, end_row=first + offset, end_column=column)
