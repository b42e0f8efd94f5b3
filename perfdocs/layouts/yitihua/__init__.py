"""The 一体化 layout: the budget system's flat export, as a Word table or an Excel workbook.

Only what the command needs to decide the format lives here; :mod:`.workbook` (openpyxl) is imported
when a workbook is written, so that every other build starts without it.
"""

from __future__ import annotations

from perfdocs.errors import OutputError

#: The layout an .xlsx is written in.
WORKBOOK_LAYOUT = "一体化"


def workbook_layout(requested: str | None) -> str:
    """The layout of a workbook: 一体化, whatever the unit's 版式; OutputError for another one asked for."""
    if requested not in (None, WORKBOOK_LAYOUT):
        raise OutputError(
            f"Excel 文件（.xlsx）只能按{WORKBOOK_LAYOUT}版式生成，不能用“{requested}”版式："
            f"请去掉 --layout，或写 --layout {WORKBOOK_LAYOUT}，或生成 .docx。"
        )
    return WORKBOOK_LAYOUT
