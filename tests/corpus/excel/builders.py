"""Excel workbooks as careless and hostile users hand them in.

Every case starts from one sheet that holds one 绩效目标表 in the Tianjin layout
(:func:`project_book`: the project of the Word corpus, amounts and indicator
values as a user types them), written with openpyxl. A case then sets number
formats, hides rows, columns or sheets, merges cells, or edits the package's XML
the way Excel, WPS, another program or an attacker would. Each builder says what
it does, so that a reviewer can read the input without opening Excel.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inputfiles import edit_part, patch_headers, read_parts, write_parts
from openpyxl import Workbook
from openpyxl.formatting.rule import IconSetRule, Rule
from openpyxl.styles import Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat

INPUT = "input.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
WORKBOOK = "xl/workbook.xml"
#: The project's rows from row 8 on: 一级指标 (merged down its run), 二级指标, 三级指标, 指标值.
INDICATORS = [
    ("产出指标", "数量指标", "更新车辆数量", "1辆"),
    ("产出指标", "质量指标", "验收合格率", "100百分比"),
    ("产出指标", "时效指标", "资金支付及时率", "100百分比"),
    ("产出指标", "成本指标", "更新成本", "≤18.8万元"),
    ("效益指标", "社会效益指标", "持续保障审判工作", "持续保障"),
    ("满意度指标", "服务对象满意度指标", "法院干警满意度", "≥95百分比"),
]
FIRST_INDICATOR = 8
Sheet = Any


def project_book(title: str = "表1") -> tuple[Workbook, Sheet]:
    """A workbook whose one sheet holds the project, laid out as the published table (A to G)."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    write_project(sheet)
    return book, sheet


def write_project(sheet: Sheet, name: str = "执法执勤用车更新-2025年") -> None:
    """The project's table on ``sheet``, from row 1: budget 18.80 (C4), fiscal 18.80 (E4), values in F."""

    def put(cell: str, value: Any, merge_to: str = "") -> None:
        sheet[cell] = value
        if merge_to:
            sheet.merge_cells(f"{cell}:{merge_to}")

    put("A1", f"1.{name}绩效目标表", "G1")
    put("A2", "207101天津市河北区人民法院", "E2")
    put("F2", "单位：万元", "G2")
    put("A3", "项目名称")
    put("B3", name, "G3")
    put("A4", "预算规模及资金用途", "A5")
    for column, value in zip("BCDEF", ["预算数", 18.8, "其中：财政资金", 18.8, "其他资金"], strict=True):
        put(f"{column}4", value)
    put("B5", "全部用于更新执法执勤用车1辆", "G5")
    put("A6", "绩效目标")
    put("B6", "1.购入1辆执法执勤用车，确保提审、调查、查封扣押等工作正常运转。", "G6")
    for column, text in zip("ABC", ["一级指标", "二级指标", "三级指标"], strict=True):
        put(f"{column}7", text)
    put("D7", "绩效指标描述", "E7")
    put("F7", "指标值", "G7")
    for row, (level1, level2, indicator, value) in enumerate(INDICATORS, FIRST_INDICATOR):
        if row == FIRST_INDICATOR or INDICATORS[row - FIRST_INDICATOR - 1][0] != level1:
            last = max(r for r, item in enumerate(INDICATORS, FIRST_INDICATOR) if item[0] == level1)
            put(f"A{row}", level1, f"A{last}" if last > row else "")
        put(f"B{row}", level2)
        put(f"C{row}", indicator)
        put(f"D{row}", indicator, f"E{row}")
        put(f"F{row}", value, f"G{row}")


def indicator_row(name: str) -> int:
    return next(row for row, item in enumerate(INDICATORS, FIRST_INDICATOR) if item[2] == name)


def save(book: Workbook, folder: Path) -> Path:
    path = folder / INPUT
    book.save(path)
    return path


def saved_by_excel(path: Path) -> None:
    """Take out what openpyxl writes and Excel does not keep once it has calculated: fullCalcOnLoad."""
    edit_part(path, WORKBOOK, lambda xml: xml.replace(' fullCalcOnLoad="1"', ""))


def cell_xml(address: str, inner: str, attributes: str = "") -> Callable[[str], str]:
    """An edit that replaces the XML of cell ``address`` (which must exist) by one with ``inner``."""

    def edit(xml: str) -> str:
        pattern = re.compile(rf'<c r="{address}"[^>]*?(/>|>.*?</c>)')
        assert pattern.search(xml), address
        return pattern.sub(f'<c r="{address}"{attributes}>{inner}</c>', xml, count=1)

    return edit


# --- Number formats shown as Excel shows them -------------------------------------------------------------------


def percent(folder: Path) -> None:
    """验收合格率 holds 1 shown as 100% ("0%"); 法院干警满意度 holds 0.95 shown as ≥95% ('"≥"0%');
    资金支付及时率 holds 0.985 shown as 98.5% ("0.0%")."""
    book, sheet = project_book()
    for name, value, code in [
        ("验收合格率", 1, "0%"),
        ("法院干警满意度", 0.95, '"≥"0%'),
        ("资金支付及时率", 0.985, "0.0%"),
    ]:
        cell = sheet[f"F{indicator_row(name)}"]
        cell.value, cell.number_format = value, code
    save(book, folder)


def dates(folder: Path) -> None:
    """Three dates typed into a sheet: the Chinese long date, Excel's built-in short date (number 14, shown
    2025/12/31 by Chinese Excel) and yyyy-mm-dd; and a time of day with seconds."""
    book, sheet = project_book()
    sheet["F9"], sheet["F10"], sheet["F12"] = 46022, 46022, 46022.0
    sheet["F9"].number_format = 'yyyy"年"m"月"d"日"'
    sheet["F10"].number_format = "mm-dd-yy"  # openpyxl writes this as the built-in format 14
    sheet["F12"].number_format = "yyyy-mm-dd"
    sheet["D8"], sheet["D8"].number_format = 0.5208333333333334, "h:mm:ss"
    save(book, folder)


def float_noise(folder: Path) -> None:
    """Amounts and values as a formula leaves them in binary: 18.800000000000001, 3.3000000000000003 and
    0.30000000000000004 (General), which Excel shows as 18.8, 3.3 and 0.3."""
    book, sheet = project_book()
    sheet["F8"] = 3.3
    sheet["F12"] = 0.3
    path = save(book, folder)
    noisy = {"C4": "18.800000000000001", "E4": "18.800000000000001", "F8": "3.3000000000000003"}
    noisy["F12"] = "0.30000000000000004"
    for address, value in noisy.items():
        edit_part(path, SHEET, cell_xml(address, f"<v>{value}</v>", ' t="n"'))


def thousands(folder: Path) -> None:
    """A budget of 1234.5 shown as 1,234.50 ("#,##0.00"), fiscal funds in the Chinese comma style (built-in
    format 43 as zh-CN Excel writes it), and 0 other funds shown 0.00."""
    book, sheet = project_book()
    sheet["C4"], sheet["C4"].number_format = 1234.5, "#,##0.00"
    sheet["E4"], sheet["E4"].number_format = 1234.5, '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ '
    sheet["G4"], sheet["G4"].number_format = 0, "0.00"
    save(book, folder)


def units_in_format(folder: Path) -> None:
    """Units written by the format, not the cell: 18.8 shown as 18.80万元 ('0.00"万元"'), 1 shown as 1辆
    ('0"辆"'), 18.8 shown as ≤18.8万元 ('"≤"0.0"万元"'), and a number in a cell formatted as text (@)."""
    book, sheet = project_book()
    sheet["C4"].number_format = '0.00"万元"'
    sheet["F8"], sheet["F8"].number_format = 1, '0"辆"'
    sheet["F11"], sheet["F11"].number_format = 18.8, '"≤"0.0"万元"'
    sheet["E4"].number_format = "@"
    save(book, folder)


# --- What is hidden is not read, and is said ---------------------------------------------------------------------


def hidden_row(folder: Path) -> None:
    """Row 12 (持续保障审判工作, the only 效益指标) is hidden: it is not imported."""
    book, sheet = project_book()
    sheet.row_dimensions[12].hidden = True
    save(book, folder)


def filtered_rows(folder: Path) -> None:
    """An AutoFilter over the indicator rows has hidden rows 9 and 10, as Excel does when a filter is on."""
    book, sheet = project_book()
    sheet.auto_filter.ref = "A7:G13"
    for row in (9, 10):
        sheet.row_dimensions[row].hidden = True
    save(book, folder)


def hidden_column(folder: Path) -> None:
    """Column H holds a reviewer's notes beside the table and is hidden; a hidden, empty column I is not mentioned."""
    book, sheet = project_book()
    sheet["H8"], sheet["H9"] = "待核实", "已核实"
    for letter in "HI":
        sheet.column_dimensions[letter].hidden = True
    save(book, folder)


def hidden_sheets(folder: Path) -> None:
    """A second project on a hidden sheet, a third on a "very hidden" one (only VBA can show it)."""
    book, _ = project_book()
    for title, state in (("草稿", "hidden"), ("旧版", "veryHidden")):
        sheet = book.create_sheet(title)
        write_project(sheet, f"{title}项目")
        sheet.sheet_state = state
    save(book, folder)


def covered_by_merge(folder: Path) -> None:
    """G8 is inside the merged F8:G8 but holds "2辆": Excel shows only F8's "1辆"."""
    book, _ = project_book()
    path = save(book, folder)
    g8 = '<c r="G8" t="inlineStr"><is><t>2辆</t></is></c>'
    edit_part(path, SHEET, lambda xml: re.sub(r'<c r="F8".*?</c>', lambda match: match.group() + g8, xml, count=1))


def odd_sheet_name(folder: Path) -> None:
    """The sheet's name holds a right-to-left override (U+202E) and a line break, and its row 12 is hidden:
    the notice spells those characters out instead of printing them."""
    book, sheet = project_book()
    sheet.row_dimensions[12].hidden = True
    path = save(book, folder)
    edit_part(path, WORKBOOK, lambda xml: xml.replace('name="表1"', 'name="表1&#x202E;甲&#10;乙"'))


# --- Values that are not what Excel shows, or not values at all --------------------------------------------------


def formula_without_result(folder: Path) -> None:
    """The budget is a formula (=E4+0) saved by a program that does not calculate (openpyxl): the file holds
    no result, so the cell would be empty."""
    book, sheet = project_book()
    sheet["C4"] = "=E4+0"
    save(book, folder)


def stale_formula_result(folder: Path) -> None:
    """The budget is a formula with the result 0 that XlsxWriter writes for every formula, and the workbook
    asks Excel to recalculate on opening (fullCalcOnLoad): Excel would show 18.8, the file says 0."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(path, SHEET, cell_xml("C4", "<f>E4+0</f><v>0</v>"))


def error_values(folder: Path) -> None:
    """Two error values where numbers should be: #DIV/0! (a formula's cached result) and #N/A."""
    book, _ = project_book()
    path = save(book, folder)
    saved_by_excel(path)
    edit_part(path, SHEET, cell_xml("C4", "<f>E4/0</f><v>#DIV/0!</v>", ' t="e"'))
    edit_part(path, SHEET, cell_xml("F9", "<v>#N/A</v>", ' t="e"'))


def not_finite(folder: Path) -> None:
    """Numbers a program wrote that Excel cannot hold: NaN, INF and 1E+400; and "1_000", which Python reads as 1000."""
    book, sheet = project_book()
    sheet["F8"], sheet["F9"], sheet["F10"] = 0, 0, 0
    path = save(book, folder)
    for address, value in (("C4", "NaN"), ("E4", "INF"), ("F8", "1E+400"), ("F9", "1_000")):
        edit_part(path, SHEET, cell_xml(address, f"<v>{value}</v>", ' t="n"'))


def formats_not_shown_exactly(folder: Path) -> None:
    """Formats whose output perfdocs cannot know for sure: scientific notation, a fraction, a currency code,
    a condition, Chinese numerals ([DBNum2]) and month names."""
    book, sheet = project_book()
    codes = ["0.00E+00", "# ?/?", "[$¥-804]#,##0.00", "[>100]0;0.00", "[DBNum2]General", "d-mmm-yy"]
    for row, code in enumerate(codes, FIRST_INDICATOR):
        sheet[f"F{row}"], sheet[f"F{row}"].number_format = 12.5 if row < 13 else 46022, code
    save(book, folder)


def hidden_digits(folder: Path) -> None:
    """Values with more digits than their format shows: a budget of 18.8049 shown as 18.80, 0.955 shown as 96%,
    a date that holds a time of day (2025-12-31 12:00 shown as 2025-12-31), and 12:30:45 shown as 12:30."""
    book, sheet = project_book()
    sheet["C4"], sheet["C4"].number_format = 18.8049, "0.00"
    sheet["F9"], sheet["F9"].number_format = 0.955, "0%"
    sheet["F10"], sheet["F10"].number_format = 46022.5, "yyyy-mm-dd"
    sheet["F12"], sheet["F12"].number_format = 0.5213541666666667, "h:mm"
    save(book, folder)


def zero_shown_as_dash(folder: Path) -> None:
    """Other funds of 0 in the Chinese comma style shows "-", and a negative number whose format drops the
    sign ("0.00;0.00") shows as positive; and the 1900-02-29 that Excel counts but never was."""
    book, sheet = project_book()
    sheet["G4"], sheet["G4"].number_format = 0, '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ '
    sheet["F8"], sheet["F8"].number_format = -5, "0.00;0.00"
    sheet["F9"], sheet["F9"].number_format = 60, "yyyy-mm-dd"
    save(book, folder)


def zeros_not_shown(folder: Path) -> None:
    """The sheet is set not to show zero values ("在具有零值的单元格中显示零" off): other funds of 0 look blank."""
    book, sheet = project_book()
    sheet["G4"] = 0
    sheet.sheet_view.showZeros = False
    save(book, folder)


def broken_cells(folder: Path) -> None:
    """Cells a careless program writes: a shared string that does not exist, a logical value of 2, a style
    that does not exist, text with a control character, and a lone half of a surrogate pair."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(path, SHEET, cell_xml("F8", "<v>99</v>", ' t="s"'))
    edit_part(path, SHEET, cell_xml("F9", "<v>2</v>", ' t="b"'))
    edit_part(path, SHEET, cell_xml("F10", "<v>1</v>", ' s="999"'))
    edit_part(path, SHEET, cell_xml("F12", "<is><t>持续_x0007_保障</t></is>", ' t="inlineStr"'))
    edit_part(path, SHEET, cell_xml("F13", "<is><t>_xD800_95%</t></is>", ' t="inlineStr"'))


def skip_the_bad_table(folder: Path) -> None:
    """With --skip-bad: the second sheet's project has a budget of 18.8049 shown as 18.80; it is left out
    and named, the first sheet's project is imported."""
    book, _ = project_book()
    second = book.create_sheet("表2")
    write_project(second, "第二个项目")
    second["C4"], second["C4"].number_format = 18.8049, "0.00"
    save(book, folder)


def escaped_characters(folder: Path) -> None:
    """Excel's escapes in text: the purpose holds a line break written as _x000D_ and a literal "_x005F_x0041_",
    which Excel shows as "_x0041_"; both are read as Excel shows them."""
    book, _ = project_book()
    path = save(book, folder)
    purpose = "<is><t>全部用于更新_x000D_\n执法执勤用车1辆_x005F_x0041_</t></is>"
    edit_part(path, SHEET, cell_xml("B5", purpose, ' t="inlineStr"'))


def logical_value(folder: Path) -> None:
    """持续保障审判工作's value is the logical value TRUE: it is read as Excel shows it, TRUE."""
    book, sheet = project_book()
    sheet["F12"] = True
    save(book, folder)


def conditional_formats(folder: Path) -> None:
    """A conditional format gives values over 50 a number format that hides them (";;;"), and an icon set
    shows only arrows instead of the satisfaction rate: Excel does not show these values as they are."""
    book, sheet = project_book()
    hide = DifferentialStyle(numFmt=NumberFormat(numFmtId=200, formatCode=";;;"))
    sheet.conditional_formatting.add("C4:E4", Rule(type="cellIs", operator="greaterThan", formula=["50"], dxf=hide))
    sheet["F13"] = 0.95
    sheet.conditional_formatting.add("F13", IconSetRule("3Arrows", "num", [0, 0.5, 0.9], showValue=False))
    save(book, folder)


def struck_cells(folder: Path) -> None:
    """Struck-through text, as a user leaves an old value to show what changed: the budget's cell font
    strikes 18.80 through, and the purpose holds a rich-text run "2辆" struck through before "1辆"."""
    runs = "<r><t>全部用于更新执法执勤用车</t></r><r><rPr><strike/></rPr><t>2辆</t></r><r><t>1辆</t></r>"
    budget_font_and_purpose_runs(folder, struck=True, runs=runs)


def budget_font_and_purpose_runs(folder: Path, *, struck: bool, runs: str) -> None:
    """The project with the budget cell's font striking it through or not, and the purpose as rich-text ``runs``."""
    book, sheet = project_book()
    sheet["C4"].font = Font(strike=struck)
    path = save(book, folder)
    edit_part(path, SHEET, cell_xml("B5", f"<is>{runs}</is>", ' t="inlineStr"'))


def struck_by_a_conditional_format(folder: Path) -> None:
    """A conditional format strikes the amounts through when they are over 50: whether Excel shows them
    struck depends on the values, so the cells are refused, like a conditional number format."""
    book, sheet = project_book()
    strike = DifferentialStyle(font=Font(strike=True))
    sheet.conditional_formatting.add("C4:E4", Rule(type="cellIs", operator="greaterThan", formula=["50"], dxf=strike))
    save(book, folder)


def not_struck(folder: Path) -> None:
    """A cell font that turns strike-through off (``<strike val="0"/>``) and a struck-through blank run:
    nothing struck shows, and the project imports as typed."""
    runs = "<r><t>全部用于更新执法执勤用车1辆</t></r><r><rPr><strike/></rPr><t> </t></r>"
    budget_font_and_purpose_runs(folder, struck=False, runs=runs)


def type_and_content_disagree(folder: Path) -> None:
    """A program wrote text into a number cell (t="n" with an inline string), and two values into one cell:
    Excel shows neither as written."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(path, SHEET, cell_xml("F8", "<is><t>1辆</t></is>", ' t="n"'))
    edit_part(path, SHEET, cell_xml("C4", "<v>18.8</v><v>99.8</v>"))


def text_box(folder: Path) -> None:
    """A text box drawn over the sheet holds a second goal: Excel shows it, but it is in no cell."""
    book, _ = project_book()
    path = save(book, folder)
    xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    drawing = (
        f'<xdr:wsDr xmlns:xdr="{xdr}" xmlns:a="{a}"><xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col>'
        "<xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>6</xdr:col>"
        "<xdr:colOff>0</xdr:colOff><xdr:row>6</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp><xdr:nvSpPr>"
        '<xdr:cNvPr id="2" name="文本框 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/>'
        "<a:p><a:r><a:t>2.保障审判执行工作车辆需求。</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/>"
        "</xdr:twoCellAnchor></xdr:wsDr>"
    )
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="d1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing" '
        'Target="../drawings/drawing1.xml"/></Relationships>'
    )
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/drawings/drawing1.xml", drawing)
        archive.writestr("xl/worksheets/_rels/sheet1.xml.rels", relationships)


# --- Sheets that claim to be huge -------------------------------------------------------------------------------


def huge_dimension(folder: Path) -> None:
    """The sheet claims A1:XFD1048576, holds one styled empty cell in its last row and a merged range that
    covers the rest of the sheet below the table: nothing of it costs time, and the project imports."""
    book, sheet = project_book()
    sheet["A1048576"].number_format = "0.00"
    path = save(book, folder)  # the range is added to the XML: openpyxl would make an object of each of its cells
    edit_part(path, SHEET, lambda xml: re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml))
    edit_part(path, SHEET, lambda xml: xml.replace("</mergeCells>", '<mergeCell ref="A20:XFD1048576"/></mergeCells>'))


def overlapping_merges(folder: Path) -> None:
    """Two merged ranges overlap (B8:C9 and C9:D10), which Excel never writes."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(
        path,
        SHEET,
        lambda xml: xml.replace("</mergeCells>", '<mergeCell ref="B8:C9"/><mergeCell ref="C9:D10"/></mergeCells>'),
    )


def merge_in_hidden_corner(folder: Path) -> None:
    """Row 8 is hidden, and the merged 一级指标 cell A8:A11 keeps its text there: whether Excel shows
    "产出指标" over rows 9 to 11 cannot be known, so the workbook is refused."""
    book, sheet = project_book()
    sheet.row_dimensions[8].hidden = True
    save(book, folder)


# --- Broken and hostile packages ---------------------------------------------------------------------------------


def zip_bomb(folder: Path) -> None:
    """A sheet part of 20 MB, nearly all spaces, packed into a few kilobytes."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(path, SHEET, lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * 20 * 2**20))


def truncated_xml(folder: Path) -> None:
    """The sheet part ends in the middle of a row, as a download cut short leaves it."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(path, SHEET, lambda xml: xml[: xml.index('<c r="C8"')])


def external_entity(folder: Path) -> None:
    """The sheet declares an external entity (XXE) that would read /etc/passwd into a cell."""
    book, _ = project_book()
    path = save(book, folder)
    doctype = '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    edit_part(path, SHEET, lambda xml: doctype + xml.replace("<t>项目名称</t>", "<t>&x;</t>"))


def deep_nesting(folder: Path) -> None:
    """The sheet ends with elements nested 300 deep, more than any XML parser should follow."""
    book, _ = project_book()
    path = save(book, folder)
    nested = "<extLst>" + "<ext>" * 300 + "</ext>" * 300 + "</extLst>"
    edit_part(path, SHEET, lambda xml: xml.replace("</worksheet>", nested + "</worksheet>"))


def long_opening_comment(folder: Path) -> None:
    """The sheet part starts with a comment of 6 KB: what comes after it (a DOCTYPE?) is not looked at."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(path, SHEET, lambda xml: "<!--" + "注" * 2000 + "-->" + xml)


def missing_sheet_part(folder: Path) -> None:
    """The workbook names a sheet whose part is not in the package."""
    book, _ = project_book()
    path = save(book, folder)
    write_parts(path, [(name, data) for name, data in read_parts(path).items() if name != SHEET])


def really_a_word_document(folder: Path) -> None:
    """A Word document renamed to .xlsx."""
    import docx  # noqa: PLC0415 - only this case needs python-docx

    document = docx.Document()
    document.add_paragraph("项目名称")
    document.save(str(folder / INPUT))


def really_text(folder: Path) -> None:
    """A text file (a CSV export) renamed to .xlsx."""
    (folder / INPUT).write_text("项目名称,执法执勤用车更新-2025年\n预算数,18.80\n", encoding="utf-8")


def deflate64(folder: Path) -> None:
    """The sheet part is packed with Deflate64 (method 9), which some zip tools use and Python cannot unpack."""
    book, _ = project_book()
    patch_headers(save(book, folder), "method", 9, SHEET)


def password_protected(folder: Path) -> None:
    """A workbook saved with a password to open: Excel writes it as an encrypted OLE compound file."""
    (folder / INPUT).write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(4096))


def encrypted_zip_entry(folder: Path) -> None:
    """A zip tool's password on the sheet part (the entry's "encrypted" flag)."""
    book, _ = project_book()
    patch_headers(save(book, folder), "flags", 1, SHEET)


def two_parts_one_name(folder: Path) -> None:
    """The package holds the sheet part twice, the second with another budget: Excel and Python would read
    different ones."""
    book, _ = project_book()
    path = save(book, folder)
    parts = read_parts(path)
    write_parts(path, {**parts, SHEET.upper(): parts[SHEET].replace(b"<v>18.8</v>", b"<v>99.8</v>", 1)})


def strict_open_xml(folder: Path) -> None:
    """A workbook saved as "Strict Open XML", whose names perfdocs does not read."""
    book, _ = project_book()
    path = save(book, folder)
    edit_part(
        path,
        "_rels/.rels",
        lambda xml: xml.replace(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
            "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
        ),
    )


# --- The budget system's flat export (一体化), one row an indicator ----------------------------------------------

#: The header row, then two projects of three indicators each: a row a line, cells split at “|” (a blank cell is
#: empty, digits a number); flat_book merges the five project columns over each project's rows.
FLAT_TABLE = """
项目名称|项目单位|项目类别|预算数|年度绩效目标|一级指标|二级指标|三级指标|指标性质|指标方向|目标值|计量单位|分值
业务装备经费|776001-扎赉特旗人民检察院|32-专项资金项目|1030700|保障日常办公办案装备需要。|产出指标|数量指标|车辆采购数量|正向|大于等于|1|辆|50
|||||产出指标|质量指标|设备验收合格率|正向|等于|100|%|30
|||||满意度指标|服务对象满意度|使用人员满意度|正向|大于等于|98|%|20
办案经费|776001-扎赉特旗人民检察院|32-专项资金项目|50000|保障办案。|产出指标|数量指标|办案数量|正向|大于等于|100|件|60
|||||效益指标|社会效益|提升司法公信力|定性||有效提升||20
|||||满意度指标|服务对象满意度|群众满意度|正向|大于等于|90|%|20
"""


def flat_cell(text: str) -> Any:
    if not text:
        return None
    return int(text) if text.isdigit() else text


FLAT_HEADER, *FLAT_ROWS = [[flat_cell(cell) for cell in line.split("|")] for line in FLAT_TABLE.strip().splitlines()]
FLAT_TITLE = (["扎赉特旗人民检察院"], ["表11 项目绩效目标表"], ["单位：元"])


def flat_book(
    folder: Path,
    rows: list[list[Any]] | None = None,
    header: list[Any] | None = None,
    above: tuple[list[Any], ...] = FLAT_TITLE,
    merge: bool = True,
) -> None:
    """A flat export as the budget system writes it: title lines, the header row, then ``rows`` (FLAT_ROWS);
    each project's first five cells merged down its rows (a project starts where 项目名称 is filled)."""
    rows = [list(row) for row in (FLAT_ROWS if rows is None else rows)]
    book = Workbook()
    sheet = book.active
    sheet.title = "项目绩效目标表"
    for line in above:
        sheet.append(line)
    sheet.append(list(header or FLAT_HEADER))
    first = len(above) + 2
    for row in rows:
        sheet.append(row)
    if merge:
        starts = [index for index, row in enumerate(rows) if row[0] is not None] + [len(rows)]
        for start, end in itertools.pairwise(starts):
            if end - start > 1:
                for column in "ABCDE":
                    sheet.merge_cells(f"{column}{first + start}:{column}{first + end - 1}")
    save(book, folder)


def flat_changed(row: int, column: str, value: Any) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        rows = [list(item) for item in FLAT_ROWS]
        rows[row][FLAT_HEADER.index(column)] = value
        flat_book(folder, rows)

    build.__doc__ = f"The flat export, its row {row + 1} with {column} “{value}”."
    return build


def flat_score_as_text(folder: Path) -> None:
    """车辆采购数量's 分值 is the text “10分”."""
    flat_changed(0, "分值", "10分")(folder)


def flat_nature_unknown(folder: Path) -> None:
    """车辆采购数量's 指标性质 is “正面”, a word no system uses."""
    flat_changed(0, "指标性质", "正面")(folder)


def flat_budget_full_width_commas(folder: Path) -> None:
    """业务装备经费's 预算数 is the text “1，030，700”, with full-width commas."""
    flat_changed(0, "预算数", "1，030，700")(folder)


def flat_budget_three_places(folder: Path) -> None:
    """业务装备经费's 预算数 is 1030700.123."""
    flat_changed(0, "预算数", 1030700.123)(folder)


def flat_same_name_twice(folder: Path) -> None:
    """The second project is also called 业务装备经费."""
    flat_changed(3, "项目名称", "业务装备经费")(folder)


def flat_two_units(folder: Path) -> None:
    """The second project's 项目单位 is another unit (776002-别的单位)."""
    flat_changed(3, "项目单位", "776002-别的单位")(folder)


def flat_project_on_rows_apart(folder: Path) -> None:
    """No merged cells; every row repeats its project's cells, and the two projects' rows alternate."""
    rows, last = [], FLAT_ROWS[0]
    for row in FLAT_ROWS:
        last = row if row[0] is not None else last[:5] + row[5:]
        rows.append(list(last))
    flat_book(folder, [rows[0], rows[3], rows[1], rows[4], rows[2], rows[5]], merge=False)


def flat_two_money_units(folder: Path) -> None:
    """Above the header, “单位：元” and then “单位：万元”."""
    flat_book(folder, above=(["扎赉特旗人民检察院"], ["单位：元"], ["单位：万元"]))


def flat_only_header(folder: Path) -> None:
    """The title lines and the header row, and no project below."""
    flat_book(folder, rows=[])


def flat_columns_shuffled(folder: Path) -> None:
    """The columns in reverse order, header names with spaces (“ 项目名称 ”, “项目 单位”) and 预算数（元），
    a 备注 column the budget system adds, and a blank row between the two projects."""
    header = list(reversed(FLAT_HEADER))
    header[header.index("项目名称")] = " 项目名称 "
    header[header.index("项目单位")] = "项目 单位"
    header[header.index("预算数")] = "预算数（元）"
    header.append("备注")
    rows = [[*reversed(row), f"备注{index}"] for index, row in enumerate(FLAT_ROWS)]
    rows.insert(3, [None] * len(header))
    book = Workbook()
    sheet = book.active
    sheet.title = "项目绩效目标表"
    for line in FLAT_TITLE:
        sheet.append(line)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for column in "IJKLM":  # the five project columns, reversed to the right
        sheet.merge_cells(f"{column}5:{column}7")
        sheet.merge_cells(f"{column}9:{column}11")
    save(book, folder)


def flat_target_blank(folder: Path) -> None:
    """车辆采购数量 is 正向 and 大于等于, and its 目标值 is blank."""
    flat_changed(0, "目标值", None)(folder)


def flat_level3_blank(folder: Path) -> None:
    """The first row's 三级指标 is blank."""
    flat_changed(0, "三级指标", None)(folder)


def flat_budget_in_thousands(folder: Path) -> None:
    """No “单位：” line; the header says 预算数（千元）, so the amounts are in 千元."""
    flat_book(folder, header=[*FLAT_HEADER[:3], "预算数（千元）", *FLAT_HEADER[4:]], above=(["扎赉特旗人民检察院"],))


BUILDERS = {
    "百分比格式": percent,
    "日期格式": dates,
    "浮点误差": float_noise,
    "千分位": thousands,
    "格式里的单位": units_in_format,
    "隐藏的行": hidden_row,
    "筛选隐藏的行": filtered_rows,
    "隐藏的列": hidden_column,
    "隐藏的工作表": hidden_sheets,
    "合并单元格盖住的内容": covered_by_merge,
    "工作表名含控制字符": odd_sheet_name,
    "没有计算结果的公式": formula_without_result,
    "等待重算的公式结果": stale_formula_result,
    "错误值": error_values,
    "不是有限的数": not_finite,
    "无法确定显示的格式": formats_not_shown_exactly,
    "格式没显示的位数": hidden_digits,
    "零显示为横线": zero_shown_as_dash,
    "不显示零值": zeros_not_shown,
    "损坏的单元格": broken_cells,
    "跳过无法读取的表": skip_the_bad_table,
    "转义的字符": escaped_characters,
    "逻辑值": logical_value,
    "条件格式改变显示": conditional_formats,
    "删除线": struck_cells,
    "条件格式加删除线": struck_by_a_conditional_format,
    "取消的删除线": not_struck,
    "类型与内容不符": type_and_content_disagree,
    "文本框里的文字": text_box,
    "超大的维度和合并区域": huge_dimension,
    "合并单元格重叠": overlapping_merges,
    "合并单元格的内容在隐藏行": merge_in_hidden_corner,
    "压缩炸弹": zip_bomb,
    "XML被截断": truncated_xml,
    "外部实体": external_entity,
    "嵌套过深": deep_nesting,
    "开头的注释过长": long_opening_comment,
    "缺少工作表": missing_sheet_part,
    "其实是Word文档": really_a_word_document,
    "其实是文本文件": really_text,
    "Deflate64压缩": deflate64,
    "两个同名的部分": two_parts_one_name,
    "设置了打开密码": password_protected,
    "压缩包加密": encrypted_zip_entry,
    "Strict格式": strict_open_xml,
    "一体化分值写成文字": flat_score_as_text,
    "一体化指标性质写错": flat_nature_unknown,
    "一体化预算数用全角逗号": flat_budget_full_width_commas,
    "一体化预算数超过两位小数": flat_budget_three_places,
    "一体化两个项目同名": flat_same_name_twice,
    "一体化两个不同的单位": flat_two_units,
    "一体化项目分在不相邻的行": flat_project_on_rows_apart,
    "一体化两种金额单位": flat_two_money_units,
    "一体化只有表头": flat_only_header,
    "一体化列的顺序打乱": flat_columns_shuffled,
    "一体化目标值是空的": flat_target_blank,
    "一体化三级指标是空的": flat_level3_blank,
    "一体化表头写明千元": flat_budget_in_thousands,
}
