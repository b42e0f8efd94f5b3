"""Reading workbooks: tables of what each sheet shows, notices of what it hides, refusals naming the cell."""

from __future__ import annotations

import datetime
import itertools
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import perfdocs
from perfdocs.errors import InputError
from perfdocs.importing.blocks import Cell
from perfdocs.importing.sheets import Sheets, read_sheets
from perfdocs.model import Indicator, IndicatorValue, Project, Unit
from perfdocs.writer import project_yaml, unit_yaml

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def package(path: Path, sheets: dict[str, str], *, strings: str = "", styles: str = "", book: str = "") -> Path:
    """A workbook written part by part: ``sheets`` maps names to the XML inside <worksheet>; ``strings``
    and ``styles`` are the XML inside <sst> and <styleSheet>; ``book`` goes inside <workbook>."""
    entries = "".join(f'<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>' for n, name in enumerate(sheets, 1))
    relationships = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, len(sheets) + 1)
    )
    relationships += f'<Relationship Id="s" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
    relationships += f'<Relationship Id="t" Type="{OFFICE}/styles" Target="styles.xml"/>'
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        for n in range(1, len(sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}</Types>",
        "_rels/.rels": f'<Relationships xmlns="{RELS}">'
        f'<Relationship Id="r1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">{book}<sheets>{entries}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{RELS}">{relationships}</Relationships>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{strings}</sst>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}">{styles}</styleSheet>',
    }
    for n, xml in enumerate(sheets.values(), 1):
        parts[f"xl/worksheets/sheet{n}.xml"] = f'<worksheet xmlns="{MAIN}">{xml}</worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    return path


def texts(sheets: Sheets, index: int = 0) -> list[list[str]]:
    """Each row of a table as the texts of its cells (fillers as "…"), rows without data as empty lists."""
    table = sheets.tables[index][1]
    rows = dict(zip(table.numbers, table.rows, strict=True))
    return [
        ["…" if cell.filler else cell.shown_text for cell in rows.get(number, ())]
        for number in range(1, max(rows, default=0) + 1)
    ]


def refusals(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        read_sheets(path)
    assert {problem.location.path for problem in caught.value.problems} == {str(path)}
    return [problem.message for problem in caught.value.problems]


def test_rows_keep_the_sheets_numbers_and_empty_columns_cost_one_filler(tmp_path: Path) -> None:
    rows = '<row r="2"><c r="B2" t="inlineStr"><is><t>甲</t></is></c><c r="XFD2"><v>5</v></c></row>'
    rows += '<row r="4"><c r="A4" t="inlineStr"><is><t>乙</t></is></c></row>'
    sheets = read_sheets(package(tmp_path / "a.xlsx", {"表1": f"<sheetData>{rows}</sheetData>"}))
    assert sheets.tables[0][0] == "表1"
    table = sheets.tables[0][1]
    assert table.numbers == (2, 4)  # rows without data are not there, and cost nothing
    assert table.rows[0] == (Cell("", 1, filler=True), Cell("甲"), Cell("", 16381, filler=True), Cell("5"))
    assert table.rows[1] == (Cell("乙"), Cell("", 16383, filler=True))  # as wide as the widest row
    assert sheets.notices == ()


def test_merged_ranges_span_and_continue_as_in_word(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["D1"] = "一级", "标题", "尾"
    sheet["B2"] = "二"
    sheet.merge_cells("A1:A3")
    sheet.merge_cells("B1:C1")
    sheet["B3"] = "三"
    book.save(tmp_path / "a.xlsx")
    assert read_sheets(tmp_path / "a.xlsx").tables[0][1].rows == (
        (Cell("一级", 1, "restart"), Cell("标题", 2), Cell("尾")),
        (Cell("", 1, "continue"), Cell("二"), Cell("", 2, filler=True)),
        (Cell("", 1, "continue"), Cell("三"), Cell("", 2, filler=True)),
    )


def test_hidden_rows_columns_and_sheets_are_left_out_and_said(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "表1"
    for row in range(1, 8):
        sheet.append([f"A{row}", f"B{row}", f"C{row}"])
    for row in (2, 4, 5, 6, 7):
        sheet.row_dimensions[row].hidden = True
    sheet.column_dimensions["B"].hidden = True
    sheet.column_dimensions["E"].hidden = True  # hidden but empty: nothing to say
    book.create_sheet("草稿").sheet_state = "hidden"
    book.save(tmp_path / "a.xlsx")
    sheets = read_sheets(tmp_path / "a.xlsx")
    assert [table[0] for table in sheets.tables] == ["表1"]
    assert texts(sheets) == [["A1", "C1"], [], ["A3", "C3"]]
    assert sheets.notices == (
        "工作表“表1”的第 2、4 至 7 行是隐藏的，没有导入。",
        "工作表“表1”的 B 列是隐藏的，没有导入。",
        "工作表“草稿”是隐藏的，没有导入。",
    )


def test_merged_ranges_over_hidden_columns_span_the_visible_ones(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet["A1"], sheet["E1"] = "跨三列", "后"
    sheet.merge_cells("A1:D1")
    sheet.column_dimensions["C"].hidden = True
    book.save(tmp_path / "a.xlsx")
    assert read_sheets(tmp_path / "a.xlsx").tables[0][1].rows == ((Cell("跨三列", 3), Cell("后")),)


def test_strings_read_as_excel_shows_them(tmp_path: Path) -> None:
    strings = (
        "<si><t>普通</t></si>"
        "<si><r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r><rPh sb='0' eb='1'><t>ふ</t></rPh></si>"
        "<si><t>换_x000D_\n行</t></si>"
    )
    cells = '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    cells += '<c r="D1" t="str"><f>"公"&amp;"式"</f><v>公式</v></c><c r="E1" t="b"><v>1</v></c>'
    path = package(tmp_path / "a.xlsx", {"表1": f'<sheetData><row r="1">{cells}</row></sheetData>'}, strings=strings)
    assert texts(read_sheets(path)) == [["普通", "富文本", "换\r\n行", "公式", "TRUE"]]


def test_number_formats_from_the_styles(tmp_path: Path) -> None:
    styles = (
        '<numFmts><numFmt numFmtId="164" formatCode="0.00&quot;万元&quot;"/></numFmts>'
        '<cellStyleXfs><xf numFmtId="10"/></cellStyleXfs>'  # not a cell's style: left alone
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="31"/><xf numFmtId="14"/>'
        "</cellXfs>"
    )
    cells = "".join(
        f'<c r="{c}1" s="{s}"><v>{v}</v></c>'
        for c, s, v in zip("ABCDE", "01234", [3.3, 1, 18.8, 46022, 46022], strict=True)
    )
    path = package(tmp_path / "a.xlsx", {"表1": f'<sheetData><row r="1">{cells}</row></sheetData>'}, styles=styles)
    assert texts(read_sheets(path)) == [["3.3", "100%", "18.80万元", "2025年12月31日", "2025/12/31"]]


def test_the_1904_date_system_of_old_mac_workbooks(tmp_path: Path) -> None:
    styles = '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    sheet = '<sheetData><row r="1"><c r="A1" s="1"><v>44226</v></c></row></sheetData>'
    path = package(tmp_path / "a.xlsx", {"表1": sheet}, styles=styles, book='<workbookPr date1904="1"/>')
    assert texts(read_sheets(path)) == [["2025/1/31"]]


def test_every_cell_it_cannot_read_is_named(tmp_path: Path) -> None:
    styles = '<cellXfs><xf numFmtId="0"/><xf numFmtId="2"/><xf numFmtId="200"/><xf numFmtId="7"/></cellXfs>'
    cells = (
        '<c r="A1" s="1"><v>18.8049</v></c>'
        '<c r="B1" s="2"><v>1</v></c>'
        '<c r="C1" s="3"><v>1</v></c>'
        '<c r="D1" t="e"><v>#REF!</v></c>'
        '<c r="E1"><f>A1*2</f></c>'
        '<c r="F1" t="d"><v>2025-01-31</v></c>'
        '<c r="G1" t="inlineStr"><is><t>右&#x202E;左</t></is></c>'
    )
    path = package(tmp_path / "a.xlsx", {"表1": f'<sheetData><row r="1">{cells}</row></sheetData>'}, styles=styles)
    assert refusals(path) == [
        "工作表“表1”的 A1 单元格的值是 18.8049，按格式“0.00”显示为“18.80”，显示的数与存放的数不同"
        "（存放的数有格式没显示的位数）：请把数改为显示的样子（如用 ROUND 函数），或改格式显示全部位数。",
        "工作表“表1”的 B1 单元格的格式编号 200 没有定义，文件已损坏。",
        "工作表“表1”的 C1 单元格用了内置的货币格式（编号 7），它的货币符号取决于 Excel 的语言，"
        "无法确定 Excel 显示的样子。",
        "工作表“表1”的 D1 单元格是错误值 #REF!：请在 Excel 中改正后再导入。",
        "工作表“表1”的 E1 单元格是公式，但文件中没有它的计算结果（保存这个文件的程序没有计算公式）："
        "请在 Excel 中打开、保存后再导入，或把公式改为数值。",
        "工作表“表1”的 F1 单元格是用 ISO 格式存放的日期：请在 Excel 中打开、保存后再导入。",
        "工作表“表1”的 G1 单元格含有不显示的控制字符 U+202E（请删除它）。",
    ]


def test_hidden_cells_are_not_refused(tmp_path: Path) -> None:
    """What is not shown is not imported, so an error there stops nothing; the notice says it was left out."""
    rows = '<row r="1" hidden="1"><c r="A1" t="e"><v>#DIV/0!</v></c></row><row r="2"><c r="A2"><v>1</v></c></row>'
    sheets = read_sheets(package(tmp_path / "a.xlsx", {"表1": f"<sheetData>{rows}</sheetData>"}))
    assert texts(sheets) == [[], ["1"]]
    assert sheets.notices == ("工作表“表1”的第 1 行是隐藏的，没有导入。",)


def test_many_problems_are_counted_not_listed(tmp_path: Path) -> None:
    cells = "".join(f'<row r="{row}"><c r="A{row}" t="e"><v>#N/A</v></c></row>' for row in range(1, 131))
    messages = refusals(package(tmp_path / "a.xlsx", {"表1": f"<sheetData>{cells}</sheetData>"}))
    assert len(messages) == 101
    assert "还有 30 处同样的问题没有一一列出，请先改正上面这些。" in messages


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            '<row r="2"/><row r="1"/>',
            "工作表“表1”的行号“1”不对（行号应在 1 至 1048576 之间，且从上到下递增），文件已损坏。",
        ),
        ('<row r="1048577"/>', "工作表“表1”的行号“1048577”不对"),
        ('<row r="x"/>', "工作表“表1”的行号“x”不对"),
        (
            '<row r="1"><c r="B1"><v>1</v></c><c r="A1"><v>2</v></c></row>',
            "工作表“表1”第 1 行的单元格“A1”的位置不对（不在这一行，或不是从左到右排列），文件已损坏。",
        ),
        ('<row r="1"><c r="A2"><v>1</v></c></row>', "工作表“表1”第 1 行的单元格“A2”的位置不对"),
        ('<row r="1"><c r="XFE1"><v>1</v></c></row>', "工作表“表1”第 1 行的单元格“XFE1”的位置不对"),
        ('<row r="1"><c r="A1" s="x"><v>1</v></c></row>', "工作表“表1”的 A1 单元格的样式编号“x”不存在，文件已损坏。"),
        ('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', "的 A1 单元格引用的文字（共享字符串第“-1”项）不存在"),
        ('<row r="1"><c r="A1" t="s"><v>١</v></c></row>', "的 A1 单元格引用的文字（共享字符串第“١”项）不存在"),
        ('<row r="1"><c r="A1" t="x"><v>1</v></c></row>', "的 A1 单元格是不认识的类型“x”"),
        ('<row r="1"><c r="A1"><v>٣</v></c></row>', "的 A1 单元格的值“٣”不是数字，文件已损坏或由别的程序写成。"),
        (f'<row r="1"><c r="A1"><v>{"1" * 101}</v></c></row>', "的 A1 单元格的值“111"),
        ('<row r="1"><c r="A1" t="inlineStr"><v>1</v></c></row>', "的 A1 单元格的内容与它的类型（“inlineStr”）不符"),
        ('<row r="1"><c r="A1" t="s"><is><t>甲</t></is></c></row>', "的 A1 单元格的内容与它的类型（“s”）不符"),
    ],
)
def test_broken_sheets_are_refused_with_the_place(tmp_path: Path, rows: str, message: str) -> None:
    messages = refusals(package(tmp_path / "a.xlsx", {"表1": f"<sheetData>{rows}</sheetData>"}))
    assert any(message in found for found in messages), messages


@pytest.mark.parametrize(
    ("merges", "message"),
    [
        ('<mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/>', "的合并单元格 A1:B2 与 B2:C3 重叠，文件已损坏"),
        ('<mergeCell ref="A1:XFD1048576"/><mergeCell ref="C3:D4"/>', "的合并单元格 A1:XFD1048576 与 C3:D4 重叠"),
        ('<mergeCell ref="B1:B9"/><mergeCell ref="A5:C5"/>', "的合并单元格 B1:B9 与 A5:C5 重叠"),
        ('<mergeCell ref="B2:A1"/>', "的合并单元格“B2:A1”不是有效的区域，文件已损坏"),
        ('<mergeCell ref="A1:B2:C3"/>', "的合并单元格“A1:B2:C3”不是有效的区域"),
    ],
)
def test_broken_merged_ranges_are_refused(tmp_path: Path, merges: str, message: str) -> None:
    xml = f'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><mergeCells>{merges}</mergeCells>'
    messages = refusals(package(tmp_path / "a.xlsx", {"表1": xml}))
    assert any(message in found for found in messages), messages


def test_huge_claims_cost_nothing(tmp_path: Path) -> None:
    """A million-row dimension, styled rows and cells, and merged ranges over the whole sheet cost no time:
    only cells that hold data are read, and a merged range costs its rows that hold data."""
    styled = "".join(f'<row r="{row}" s="1" customFormat="1"><c r="A{row}" s="1"/></row>' for row in range(3, 20_000))
    xml = (
        '<dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c>'
        '<c r="C1"><v>3</v></c></row>'
        f'{styled}<row r="1048576" s="1"/></sheetData>'
        '<mergeCells><mergeCell ref="B1:XFD1048576"/><mergeCell ref="A2:A1048576"/></mergeCells>'
    )
    path = package(tmp_path / "a.xlsx", {"表1": xml}, styles='<cellXfs><xf numFmtId="0"/><xf numFmtId="2"/></cellXfs>')
    started = time.perf_counter()
    sheets = read_sheets(path)
    assert time.perf_counter() - started < 1
    assert sheets.tables[0][1].rows == ((Cell("1"), Cell("2", 16383, "restart")),)
    assert sheets.notices == ("工作表“表1”中有 1 个单元格（C1）被合并单元格盖住了，Excel 不显示它们的内容，没有导入。",)


def test_rows_and_columns_of_no_height_or_width_are_hidden(tmp_path: Path) -> None:
    xml = (
        '<cols><col min="2" max="2" width="0" customWidth="1"/></cols><sheetData>'
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
        '<row r="2" ht="0" customHeight="1"><c r="A2"><v>3</v></c></row></sheetData>'
    )
    sheets = read_sheets(package(tmp_path / "a.xlsx", {"表1": xml}))
    assert texts(sheets) == [["1"]]
    assert sheets.notices == ("工作表“表1”的第 2 行是隐藏的，没有导入。", "工作表“表1”的 B 列是隐藏的，没有导入。")


def test_many_hidden_columns_cost_nothing(tmp_path: Path) -> None:
    columns = "".join(f'<col min="{n}" max="{n}" hidden="1"/>' for n in range(2, 16_385, 2))
    cells = "".join(f'<c r="{letters}1"><v>{n}</v></c>' for n, letters in enumerate(["A", "C", "XFC"], 1))
    xml = f'<cols>{columns}</cols><sheetData><row r="1">{cells}</row></sheetData>'
    started = time.perf_counter()
    sheets = read_sheets(package(tmp_path / "a.xlsx", {"表1": xml}))
    assert time.perf_counter() - started < 1
    assert sheets.tables[0][1].rows == ((Cell("1"), Cell("2"), Cell("", 8189, filler=True), Cell("3")),)


def test_conditional_formats_that_change_what_cells_show_are_refused(tmp_path: Path) -> None:
    """Excel 2010's own conditional formats (x14, in the sheet's extension list) too."""
    x14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
    xm = "http://schemas.microsoft.com/office/excel/2006/main"
    extension = (
        f'<extLst><ext uri="{{78C0D931-6437-407d-A8EE-F0AAD7539E65}}" xmlns:x14="{x14}">'
        f'<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="{xm}">'
        '<x14:cfRule type="dataBar" id="{1}"><x14:dataBar showValue="0"/></x14:cfRule><xm:sqref>B1</xm:sqref>'
        "</x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"
    )
    xml = (
        '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row></sheetData>'
        '<conditionalFormatting sqref="A1"><cfRule type="cellIs" dxfId="0" operator="equal"><formula>1</formula>'
        '</cfRule></conditionalFormatting><conditionalFormatting sqref="C1"><cfRule type="cellIs" dxfId="1" '
        f'operator="equal"><formula>1</formula></cfRule></conditionalFormatting>{extension}'
    )
    styles = '<dxfs count="2"><dxf><numFmt numFmtId="200" formatCode=";;;"/></dxf><dxf><font><b/></font></dxf></dxfs>'
    assert refusals(package(tmp_path / "a.xlsx", {"表1": xml}, styles=styles)) == [
        "工作表“表1”的 A1 单元格在条件格式 A1 之中，它可能按条件格式自己的数字格式显示，无法确定 Excel 显示的样子："
        "请删除这条条件格式。",
        "工作表“表1”的 B1 单元格在条件格式 B1 之中，条件格式让它只显示图标或数据条，不显示值，"
        "无法确定 Excel 显示的样子：请删除这条条件格式。",
    ]  # C1's conditional format only makes it bold


def test_the_number_formats_of_conditional_formats_are_not_the_cells(tmp_path: Path) -> None:
    styles = (
        '<numFmts><numFmt numFmtId="164" formatCode="0.00"/></numFmts>'
        '<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs>'
        '<dxfs><dxf><numFmt numFmtId="164" formatCode="0%"/></dxf></dxfs>'
    )
    xml = '<sheetData><row r="1"><c r="A1" s="1"><v>1</v></c></row></sheetData>'
    assert texts(read_sheets(package(tmp_path / "a.xlsx", {"表1": xml}, styles=styles))) == [["1.00"]]


def test_the_sheet_name_is_shown_safely(tmp_path: Path) -> None:
    rows = '<row r="1" hidden="1"><c r="A1"><v>1</v></c></row>'
    sheets = read_sheets(package(tmp_path / "a.xlsx", {"甲&#x202E;乙&#10;丙": f"<sheetData>{rows}</sheetData>"}))
    assert sheets.notices == ("工作表“甲‹U+202E›乙‹U+000A›丙”的第 1 行是隐藏的，没有导入。",)
    assert sheets.tables[0][0] == "甲‹U+202E›乙‹U+000A›丙"


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda parts: parts.pop("xl/styles.xml") and None, None),  # no styles: every cell is General
        (lambda parts: parts.update({"_rels/.rels": parts["_rels/.rels"].replace("officeDocument", "other")}),
         "无法读取这个 Excel 文件：文件中找不到工作簿（_rels/.rels 没有指向它）：它不是 Excel 工作簿，或者已经损坏。"),
        (lambda parts: parts.update({"xl/workbook.xml": parts["xl/workbook.xml"].replace('r:id="rId1"', 'r:id="x"')}),
         "无法读取这个 Excel 文件：工作表“表1”的内容不在文件中，它已经损坏。"),
        (lambda parts: parts.update({"xl/workbook.xml": parts["xl/workbook.xml"].replace("</sheets>",
         '<sheet name="表1" sheetId="2" r:id="rId1"/></sheets>')}),
         "无法读取这个 Excel 文件：有两张工作表都叫“表1”，Excel 不允许这样，它已经损坏。"),
        (lambda parts: parts.update({"xl/sharedStrings.xml": '<?xml version="1.0" encoding="GBK"?><sst/>'}),
         "无法读取这个 Excel 文件：其中的 xl/sharedStrings.xml 声明的编码是“GBK”：Office 文件只用 UTF-8 或 UTF-16，"
         "这个文件可能被改动过。"),
        (lambda parts: parts.update({"[Content_Types].xml": parts["[Content_Types].xml"].replace("sheet.main", "x")}),
         "无法读取这个 Excel 文件：它的内容类型是“application/vnd.openxmlformats-officedocument.spreadsheetml.x+xml”，"
         "不是 Excel 工作簿。"),
    ],
)  # fmt: skip
def test_broken_packages(tmp_path: Path, edit: object, message: str | None) -> None:
    path = package(tmp_path / "a.xlsx", {"表1": '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    edit(parts)  # type: ignore[operator]
    with zipfile.ZipFile(path, "w") as archive:
        for name, xml in parts.items():
            archive.writestr(name, xml)
    if message is None:
        assert texts(read_sheets(path)) == [["1"]]
    else:
        assert refusals(path) == [message]


# --- Any unit, laid out as the published table with Excel's number formats, imports as the same YAML -------------

WORDS = ["数据", "服务", "保障", "车辆", "设备", "培训", "维护", "系统", "安全", "质量", "审判", "执行", "网络", "档案"]
word_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map("".join)
AMOUNT_FORMATS = ("0.00", "#,##0.00", '0.00"万元"', "General")
CATEGORIES = {
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("社会效益指标",),
    "满意度指标": ("服务对象满意度指标",),
}
Drawn = tuple[Project, list[tuple[object, str]], list[str]]


@st.composite
def shown_values(draw: st.DrawFn) -> tuple[object, str, str]:
    """An indicator value as a sheet holds it: (cell value, number format, the text Excel shows)."""
    kind = draw(st.sampled_from(["text", "percent", "percent2", "count", "limit", "date", "builtin date"]))
    if kind == "text":
        text = draw(word_text)
        return text, "General", text
    if kind in ("percent", "percent2"):
        places = 0 if kind == "percent" else 2
        shown = draw(st.decimals(0, 100, places=places))
        sign = draw(st.sampled_from(["", "≥", "≤"]))
        code = (f'"{sign}"' if sign else "") + ("0%" if places == 0 else "0.00%")
        return float(shown / 100), code, f"{sign}{shown}%"
    if kind == "count":
        count = draw(st.integers(0, 100_000))
        return count, '0"辆"', f"{count}辆"
    if kind == "limit":
        limit = draw(st.decimals(0, 10_000, places=1))
        return float(limit), '"≤"0.0"万元"', f"≤{limit}万元"
    day = draw(st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)))
    serial = (day - datetime.date(1899, 12, 30)).days
    if kind == "date":
        return serial, 'yyyy"年"m"月"d"日"', f"{day.year}年{day.month}月{day.day}日"
    return serial, "mm-dd-yy", f"{day.year}/{day.month}/{day.day}"  # openpyxl writes format 14: 2025/1/31


@st.composite
def sheet_projects(draw: st.DrawFn, name: str) -> Drawn:
    """A project, the cell value and format of each indicator value, and the formats of its three amounts."""
    indicators, cells = [], []
    for level1, level2s in CATEGORIES.items():
        for level2 in draw(st.lists(st.sampled_from(level2s), max_size=2, unique=True)):
            for index in range(draw(st.integers(1, 3))):
                value, code, shown = draw(shown_values())
                description = draw(st.one_of(st.none(), word_text)) or f"{level2}{index}"
                value_read = IndicatorValue.parse(shown)
                indicators.append(Indicator(level1, level2, f"{level2}{index}", value_read, description))
                cells.append((value, code))
    if not indicators:
        indicators.append(Indicator("产出指标", "数量指标", "数量", IndicatorValue.parse("1辆"), "数量"))
        cells.append(("1辆", "General"))
    money = st.decimals(0, 10**9, places=2)
    budget, fiscal, other = draw(money), draw(st.none() | money), draw(st.none() | money)
    goals = tuple(draw(st.lists(word_text, min_size=1, max_size=3)))
    project = Project(name, budget, fiscal, other, draw(word_text), goals, tuple(indicators))
    return project, cells, [draw(st.sampled_from(AMOUNT_FORMATS)) for _ in range(3)]


def published_sheet(sheet: Any, unit: Unit, drawn: list[Drawn]) -> None:
    """The projects one below the other, as the published table lays them out (columns A to G)."""
    row = 1
    for number, (project, cells, amount_formats) in enumerate(drawn, 1):
        put_head(sheet, row, unit, project, title=f"{number}.{project.title}", amount_formats=amount_formats)
        put_indicators(sheet, row + 7, project, cells)
        row += 7 + len(project.indicators) + 2


def put_head(sheet: Any, row: int, unit: Unit, project: Project, *, title: str, amount_formats: list[str]) -> None:
    """The rows above the indicators: title, unit, name, the amounts (numbers, formatted), purpose, goals."""
    labels = [(0, 1, title), (1, 1, f"{unit.code}{unit.name}"), (1, 6, "单位：万元"), (2, 1, "项目名称")]
    labels += [(2, 2, project.name), (3, 1, "预算规模及资金用途"), (4, 2, project.purpose), (5, 1, "绩效目标")]
    labels += [(5, 2, "\n".join(f"{n}.{goal}" for n, goal in enumerate(project.goals, 1)))]
    labels += [
        (6, column, text)
        for column, text in enumerate(("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值"), 1)
    ]
    for offset, column, text in labels:
        sheet.cell(row + offset, column, text)
    sheet.merge_cells(start_row=row + 3, start_column=1, end_row=row + 4, end_column=1)
    amounts = (project.budget, project.fiscal_funds, project.other_funds)
    for index, (label, amount) in enumerate(zip(("预算数", "其中：财政资金", "其他资金"), amounts, strict=True)):
        sheet.cell(row + 3, 2 * index + 2, label)
        sheet.cell(row + 3, 2 * index + 3, None if amount is None else float(amount)).number_format = amount_formats[
            index
        ]


def put_indicators(sheet: Any, row: int, project: Project, cells: list[tuple[object, str]]) -> None:
    """One row an indicator, 一级指标 merged down its run; each value a number with its format, or text."""
    for level1, run in itertools.groupby(range(len(project.indicators)), lambda n: project.indicators[n].level1):
        offsets = list(run)
        sheet.cell(row + offsets[0], 1, level1)
        if len(offsets) > 1:
            sheet.merge_cells(start_row=row + offsets[0], start_column=1, end_row=row + offsets[-1], end_column=1)
    for offset, (indicator, (value, code)) in enumerate(zip(project.indicators, cells, strict=True)):
        for column, text in ((2, indicator.level2), (3, indicator.name), (4, indicator.description)):
            sheet.cell(row + offset, column, text)
        sheet.cell(row + offset, 5, value).number_format = code


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_xlsx_round_trip(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    names = data.draw(st.lists(word_text, min_size=1, max_size=3, unique=True))
    drawn = [data.draw(sheet_projects(name)) for name in names]
    unit_name = data.draw(word_text)
    unit = Unit("207101", unit_name, "万元", (unit_name, "项目支出绩效目标表"), tuple(p for p, _, _ in drawn))
    folder = tmp_path_factory.mktemp("xlsx")
    book = Workbook()
    published_sheet(book.active, unit, drawn)
    book.save(folder / "绩效目标.xlsx")
    perfdocs.import_document(folder / "绩效目标.xlsx", folder / "导入")
    written = {path.name: path.read_text(encoding="utf-8") for path in (folder / "导入").iterdir()}
    expected = {f"{project.name}.yaml": project_yaml(project) for project in unit.projects}
    assert written == {**expected, "单位.yaml": unit_yaml(unit)}


def test_parts_are_found_as_excel_finds_them(tmp_path: Path) -> None:
    """A relationship's target may be absolute, a part's name may differ in case, a part may be in UTF-16;
    a chart sheet holds no table and is said."""
    sheet = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>甲</t></is></c></row></sheetData>'
    path = package(tmp_path / "a.xlsx", {"表1": sheet, "图表": sheet})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    rels = rels.replace('Target="worksheets/sheet1.xml"', 'Target="/xl/worksheets/sheet1.xml"')
    rels = rels.replace(f'Id="rId2" Type="{OFFICE}/worksheet"', f'Id="rId2" Type="{OFFICE}/chartsheet"')
    parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    parts["XL/Worksheets/Sheet1.XML"] = parts.pop("xl/worksheets/sheet1.xml").decode("utf-8").encode("utf-16")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    sheets = read_sheets(path)
    assert texts(sheets) == [["甲"]]
    assert sheets.notices == ("工作表“图表”不是普通的工作表（是图表或对话框），没有导入。",)


def test_marked_cells_say_why_instead_of_failing_the_workbook(tmp_path: Path) -> None:
    """For ``--skip-bad``: the importer leaves out the table of a marked cell, and names it."""
    cells = '<c r="A1" t="e"><v>#N/A</v></c><c r="B1" t="inlineStr"><is><t>好</t></is></c>'
    path = package(tmp_path / "a.xlsx", {"表1": f'<sheetData><row r="1">{cells}</row></sheetData>'})
    assert read_sheets(path, marked=True).tables[0][1].rows == (
        (Cell("", problem="A1 单元格是错误值 #N/A：请在 Excel 中改正后再导入"), Cell("好")),
    )


def test_a_cell_a_merged_range_covers_is_not_read_even_when_broken(tmp_path: Path) -> None:
    cells = '<c r="A1"><v>1</v></c><c r="B1" t="e"><v>#REF!</v></c>'
    xml = f'<sheetData><row r="1">{cells}</row></sheetData><mergeCells><mergeCell ref="A1:B1"/></mergeCells>'
    sheets = read_sheets(package(tmp_path / "a.xlsx", {"表1": xml}))
    assert sheets.tables[0][1].rows == ((Cell("1", 2),),)
    assert sheets.notices == ("工作表“表1”中有 1 个单元格（B1）被合并单元格盖住了，Excel 不显示它们的内容，没有导入。",)
