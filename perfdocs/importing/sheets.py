"""Reading an Excel workbook as the tables its sheets show, cell by cell as Excel shows them.

Each visible worksheet becomes one :class:`~perfdocs.importing.blocks.Table` (several
绩效目标表 stacked on a sheet stay in it, one after the other), its rows
numbered as the sheet numbers them. A merged range becomes a cell spanning its
columns; the rows below its first one get a cell that continues the merge, as
in Word. A run of empty columns is one ``filler`` cell, so a row costs what its
data costs, however wide the sheet claims to be.

What is read is what the user sees, or nothing:

- each value is shown with its number format (:mod:`perfdocs.importing.numberformat`):
  ``95%``, ``2025/1/31``, ``1,234.50``, ``18.80万元``; a value its format does
  not show exactly is refused, and so are error values, formulas whose result
  the file does not hold (or holds only until Excel recalculates it), NaN,
  Infinity and hidden characters;
- hidden and filtered rows, hidden columns, hidden sheets, and cells that a
  merged range covers are not read, and :attr:`Sheets.notices` says so;
- the package is checked first (:mod:`perfdocs.package`: zip bombs,
  encryption) and every part is parsed as a stream without trusting it
  (:mod:`perfdocs.ooxml`); cost grows with the cells that hold data, never with
  the size a sheet or a merged range claims.

Every problem names the file, the sheet and the cell; all are collected, then
the workbook is refused once (:class:`~perfdocs.errors.InputError`).
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from perfdocs.errors import IMPORT, InputError, Location, Problem, describe_os_error, printable
from perfdocs.importing.blocks import STRUCK, Cell, Table
from perfdocs.importing.numberformat import CellFormat, FormatError, builtin_format, cell_format, excerpt
from perfdocs.ooxml import Package, PartError, Relationship, drop_read, parse
from perfdocs.package import PackageError, open_package

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_STRICT = "http://purl.oclc.org/ooxml/"
_WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
}
_OTHER_TYPES = {
    "wordprocessingml": "它其实是 Word 文档，不是 Excel 工作簿：请把扩展名改为 .docx",
    "ms-word": "它其实是 Word 文档，不是 Excel 工作簿：请把扩展名改为 .docx",
    "presentationml": "它其实是 PowerPoint 演示文稿，不是 Excel 工作簿",
    "sheet.binary": "它是 Excel 二进制工作簿（.xlsb）：请在 Excel 中另存为 .xlsx",
}
#: Excel's own limits; a row or column beyond them is not a real sheet.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
#: Problems listed one by one; beyond them, one line says how many more there are.
MAX_PROBLEMS = 100
#: Cells that merged ranges may add to a sheet's data rows (each row a range covers gets one).
MAX_MERGED_CELLS = 2_000_000
#: Places listed in a notice before "等".
_LISTED = 10
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})", re.ASCII)
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_NOT_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
_INDEX = re.compile(r"[0-9]{1,9}", re.ASCII)
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Characters a cell cannot show as text: controls, and those that change the order text is displayed in.
_HIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_X14 = "{http://schemas.microsoft.com/office/spreadsheetml/2009/9/main}"
_XM = "{http://schemas.microsoft.com/office/excel/2006/main}"
_DRAWN_TEXT = "{http://schemas.openxmlformats.org/drawingml/2006/main}t"
_TRUE = ("1", "true")
#: Excel writes a number in at most 17 significant digits and an exponent: a longer one is not Excel's.
_LONGEST_NUMBER = 100
#: Conditional formats that change how cells show (another number format, icons without the value).
MAX_CHANGING_FORMATS = 100
_V, _F, _IS, _C, _T, _RUN = (f"{_MAIN}{tag}" for tag in ("v", "f", "is", "c", "t", "r"))
_DIGITS = "0123456789"


@dataclass(frozen=True)
class Sheets:
    """What a workbook shows: each visible worksheet's name and table, and what was left out.

    ``notices`` are Chinese sentences, one for each thing not read that a user
    may have meant to import (``工作表“表1”的第 7 行是隐藏的，没有导入。``).
    """

    tables: tuple[tuple[str, Table], ...]
    notices: tuple[str, ...] = ()


def read_sheets(path: str | Path, *, marked: bool = False) -> Sheets:
    """The tables and notices of the workbook at ``path``; :class:`InputError` naming every cell it cannot read.

    With ``marked``, a cell that cannot be read does not fail the workbook: its :attr:`Cell.problem` says
    why (``C5 单元格的值是…``), and the importer leaves out the table it is in (``--skip-bad``). A sheet
    or package that cannot be read fails it either way.
    """
    location = Location(str(path))
    problems = _Problems(location, marked=marked)
    try:
        with open_package(path) as archive:
            book = _Book(Package(archive))
            sheets = _read(book, problems)
    except (PackageError, PartError) as error:
        raise _refusal(location, str(error)) from error
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise _refusal(location, f"文件已损坏，无法解压（{type(error).__name__}）") from error
    except OSError as error:
        raise _refusal(location, describe_os_error(error)) from error
    if problems.found:
        raise InputError(problems.found)
    return sheets


def _refusal(location: Location, reason: str) -> InputError:
    return InputError([Problem(location, IMPORT, f"无法读取这个 Excel 文件：{reason}。")])


def _read(book: _Book, problems: _Problems) -> Sheets:
    tables, notices = [], []
    for entry in book.sheets:
        name = printable(entry.name)
        if entry.state != "visible":
            how = "深度隐藏的（Excel 的“取消隐藏”里也看不到它）" if entry.state == "veryHidden" else "隐藏的"
            notices.append(f"工作表“{name}”是{how}，没有导入。")
        elif not entry.relationship.type.endswith("/worksheet"):
            notices.append(f"工作表“{name}”不是普通的工作表（是图表或对话框），没有导入。")
        else:
            sheet = _SheetReader(name, book, problems)
            with book.package.open(entry.relationship.target) as stream:
                sheet.read(stream, entry.relationship.target)
            tables.append((name, sheet.table()))
            notices += sheet.notices()
            if drawn := book.drawn_text(entry.relationship.target):
                notices.append(f"工作表“{name}”上有文本框或图形，其中的文字没有导入：“{excerpt(drawn)}”。")
    return Sheets(tuple(tables), tuple(notices))


class _Problems:
    """Problems of one workbook, each a sentence about a place; past :data:`MAX_PROBLEMS` only counted."""

    def __init__(self, location: Location, *, marked: bool) -> None:
        self.location, self.marked = location, marked
        self.listed: list[str] = []
        self.more = 0

    def add(self, message: str) -> None:
        if len(self.listed) < MAX_PROBLEMS:
            self.listed.append(message)
        else:
            self.more += 1

    @property
    def found(self) -> list[Problem]:
        messages = [*self.listed]
        if self.more:
            messages.append(f"还有 {self.more} 处同样的问题没有一一列出，请先改正上面这些。")
        return [Problem(self.location, IMPORT, message) for message in messages]


# --- The workbook: its sheets, styles and shared strings --------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    name: str
    state: str
    relationship: Relationship


class _Book:
    """The workbook part and what every sheet needs of it: sheets, number formats, shared strings."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.part = self._main_part()
        relationships = {rel.id: rel for rel in package.relationships(self.part)}
        self.date1904 = False
        self.recalculates = False  # the file asks to recalculate every formula when it is opened
        self.formatting_styles: list[str] = []  # for each conditional format's style: how it changes what is shown
        self.struck: list[bool] = []  # for each cell style: whether its font strikes the text through
        self.sheets = self._read_workbook(relationships)
        self.formats = self._read_styles(relationships.values())
        self.strings, self.bad_strings = self._read_strings(relationships.values())

    def _main_part(self) -> str:
        main = [rel for rel in self.package.relationships("") if rel.type.endswith("/officeDocument")]
        if not main:
            if self.package.stored("word/document.xml") is not None:
                raise PartError(_OTHER_TYPES["wordprocessingml"])
            raise PartError("文件中找不到工作簿（_rels/.rels 没有指向它）：它不是 Excel 工作簿，或者已经损坏")
        if len(main) > 1:
            raise PartError(f"_rels/.rels 指定了 {len(main)} 个工作簿，无法确定读哪一个")
        if main[0].type.startswith(_STRICT):
            raise PartError("它是“严格 Open XML”格式的工作簿：请在 Excel 中另存为普通的“Excel 工作簿(*.xlsx)”")
        if main[0].external:
            raise PartError(f"它的工作簿在文件之外（{main[0].target}）")
        part = main[0].target
        kind = self.package.content_type(part)
        if kind not in _WORKBOOK_TYPES:
            other = next((what for key, what in _OTHER_TYPES.items() if key in kind), "")
            if not kind:
                raise PartError(f"文件没有说明 {part} 是什么（[Content_Types].xml 缺少或不全），它已经损坏")
            raise PartError(other or f"它的内容类型是“{kind}”，不是 Excel 工作簿")
        return part

    def _read_workbook(self, relationships: dict[str, Relationship]) -> list[_Entry]:
        entries, names = [], set()
        with self.package.open(self.part) as stream:
            for element in parse(stream, self.part, [f"{_MAIN}{tag}" for tag in ("workbookPr", "sheet", "calcPr")]):
                if element.tag == f"{_MAIN}workbookPr":
                    self.date1904 = element.get("date1904", "").casefold() in _TRUE
                elif element.tag == f"{_MAIN}calcPr":
                    self.recalculates = element.get("fullCalcOnLoad", "").casefold() in _TRUE
                else:
                    name = element.get("name", "")
                    relationship = relationships.get(element.get(f"{_R}id", ""))
                    if relationship is None or relationship.external:
                        raise PartError(f"工作表“{printable(name)}”的内容不在文件中，它已经损坏")
                    if name.casefold() in names:
                        raise PartError(f"有两张工作表都叫“{printable(name)}”，Excel 不允许这样，它已经损坏")
                    names.add(name.casefold())
                    entries.append(_Entry(name, element.get("state", "visible"), relationship))
                element.clear()
        return entries

    def _read_styles(self, relationships: Any) -> list[CellFormat | str]:
        """The number format of each cell style (``s`` of a cell), or why it cannot be used."""
        part = next((rel.target for rel in relationships if rel.type.endswith("/styles") and not rel.external), None)
        if part is None or self.package.stored(part) is None:
            return [cell_format("General")]
        custom: dict[int, str] = {}
        format_ids: list[str] = []
        struck_fonts: list[bool] = []
        font_ids: list[str] = []
        tags = [f"{_MAIN}{tag}" for tag in ("numFmt", "font", "xf", "dxf")]
        with self.package.open(part) as stream:
            for element in parse(stream, part, tags):
                parent = element.getparent()
                within = parent.tag if parent is not None else ""
                if element.tag == f"{_MAIN}dxf":  # the formats conditional formatting applies
                    self.formatting_styles.append(_formatting_change(element))
                elif element.tag == f"{_MAIN}font" and within == f"{_MAIN}fonts":
                    struck_fonts.append(_strikes(element))
                elif element.tag == f"{_MAIN}numFmt" and within == f"{_MAIN}numFmts":
                    if _INDEX.fullmatch(element.get("numFmtId", "")):
                        custom[int(element.get("numFmtId"))] = element.get("formatCode", "")
                elif within == f"{_MAIN}cellXfs":
                    format_ids.append(element.get("numFmtId", "0"))
                    font_ids.append(element.get("fontId", "0"))
                if within != f"{_MAIN}dxf":
                    element.clear()
        self.struck = [
            _INDEX.fullmatch(font) is not None and int(font) < len(struck_fonts) and struck_fonts[int(font)]
            for font in font_ids
        ]
        return [self._format(number, custom) for number in format_ids] or [cell_format("General")]

    @staticmethod
    def _format(number: str, custom: dict[int, str]) -> CellFormat | str:
        if not _INDEX.fullmatch(number):
            return f"的格式编号“{excerpt(number)}”不是数字，文件已损坏"
        try:
            code = custom.get(int(number)) or builtin_format(int(number))
        except FormatError as error:
            return str(error)
        return cell_format(code) if code is not None else f"的格式编号 {number} 没有定义，文件已损坏"

    def drawn_text(self, sheet: str) -> str:
        """The text of the text boxes and shapes drawn over a sheet: Excel shows it, but in no cell."""
        found: list[str] = []
        for drawing in self.package.relationships(sheet):
            if drawing.type.endswith("/drawing") and not drawing.external and self.package.stored(drawing.target):
                with self.package.open(drawing.target) as stream:
                    for element in parse(stream, drawing.target, [_DRAWN_TEXT]):
                        found.append(element.text or "")
                        element.clear()
        return "".join(found).strip()

    def _read_strings(self, relationships: Any) -> tuple[list[str], dict[int, str]]:
        """The shared strings as Excel shows them (phonetic guides left out), and why some cannot be shown."""
        part = next((r.target for r in relationships if r.type.endswith("/sharedStrings") and not r.external), None)
        strings: list[str] = []
        bad: dict[int, str] = {}
        if part is None or self.package.stored(part) is None:
            return strings, bad
        with self.package.open(part) as stream:
            for element in parse(stream, part, [f"{_MAIN}si"]):
                text, reason = rich_text(element)
                if reason:
                    bad[len(strings)] = reason
                strings.append(text)
                drop_read(element)
        return strings, bad


def rich_text(element: Any) -> tuple[str, str]:
    """The text of a string item (``<si>``, ``<is>``): its ``t`` and runs' ``t``, without phonetic runs;
    and why it cannot be shown as text, or ""."""
    parts, struck = [], []
    for child in element:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _RUN:
            text = "".join(node.text or "" for node in child.iterchildren(_T))
            parts.append(text)
            if text.strip() and _strikes(child.find(f"{_MAIN}rPr")):
                struck.append(text)
    text, reason = unescaped("".join(parts))
    return text, reason or (STRUCK.format(printable("".join(struck))) if struck else "")


def _strikes(font: Any) -> bool:
    """Whether font properties (``<font>``, a run's ``<rPr>``) strike the text through."""
    strike = font.find(f"{_MAIN}strike") if font is not None else None
    return strike is not None and strike.get("val", "1").casefold() in _TRUE


def _formatting_change(style: Any) -> str:
    """How a conditional format's style (``<dxf>``) changes what its cells show, or ""."""
    if style.find(f"{_MAIN}numFmt") is not None:
        return "它可能按条件格式自己的数字格式显示"
    if _strikes(style.find(f"{_MAIN}font")):
        return "条件格式可能给它加上删除线"
    return ""


def unescaped(text: str) -> tuple[str, str]:
    """Text with Office's escapes (``_x000D_``) read as the characters they stand for; and why the result
    cannot be shown, or "": a lone half of a surrogate pair, a control character, a change of text direction."""
    if "_x" in text:
        text = _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text)
        try:
            text = text.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            return text.encode("utf-8", "replace").decode("utf-8"), "含有无效的字符（不成对的代理项）"
    hidden = _HIDDEN_CHARACTERS.search(text)
    if hidden:
        return text, f"含有不显示的控制字符 U+{ord(hidden.group()):04X}（请删除它）"
    return text, ""


# --- A worksheet ------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Merge:
    """A merged range, 1-based and inclusive, as the sheet's XML wrote it."""

    ref: str
    top: int
    left: int
    bottom: int
    right: int


@dataclass
class _Hidden:
    """What a sheet does not show: hidden rows, and the hidden rows, columns and cells that hold data."""

    rows: list[int] = field(default_factory=list)  # every hidden row, in order
    data_rows: set[int] = field(default_factory=set)
    data_columns: set[int] = field(default_factory=set)
    cells: set[tuple[int, int]] = field(default_factory=set)  # for the first cell of a merged range
    covered: list[str] = field(default_factory=list)  # cells a merged range covers

    def rows_in(self, top: int, bottom: int) -> int:
        """How many rows from ``top`` to ``bottom`` are hidden."""
        return bisect.bisect_right(self.rows, bottom) - bisect.bisect_left(self.rows, top)


class _SheetReader:
    """One worksheet, read as a stream: rows of shown text, hidden places, merged ranges."""

    def __init__(self, name: str, book: _Book, problems: _Problems) -> None:
        self.name, self.book, self.problems = name, book, problems
        self.rows: dict[int, list[tuple[int, str]]] = {}  # row → (column, text) of each visible cell with text
        self.hidden = _Hidden()
        self.columns = _Columns()
        self.merges: list[_Merge] = []
        self.unreadable: dict[tuple[int, int], str] = {}  # the cells that cannot be read as shown, and why
        self.conditional: list[tuple[_Merge, str]] = []  # ranges a conditional format may show otherwise, and how
        self.filter_rows: tuple[int, int] | None = None
        self.show_zeros, self.show_formulas = True, False
        self._letters: dict[str, int] = {}
        self._styles: dict[str | None, CellFormat | str] = {}
        self._shown: dict[tuple[int, str], str | FormatError] = {}

    def cell_problem(self, row: int, column: int, clause: str) -> None:
        """A cell that cannot be read as shown; said when the table is built, unless a merged range covers it."""
        self.unreadable[(row, column)] = clause

    def sheet_problem(self, clause: str) -> None:
        self.problems.add(f"工作表“{self.name}”{clause}。")

    # --- Reading the XML

    def read(self, stream: IO[bytes], part: str) -> None:
        tags = [f"{_MAIN}{tag}" for tag in ("sheetView", "col", "row", "mergeCell", "autoFilter")]
        tags += [f"{_MAIN}conditionalFormatting", f"{_X14}conditionalFormatting"]
        last_row = 0
        for element in parse(stream, part, tags):
            tag = element.tag.rpartition("}")[2]
            if tag == "row":
                last_row = self._row(element, last_row)
                if last_row < 0:
                    return
            elif tag == "col":
                self._column(element)
            elif tag == "mergeCell":
                self._merge(element.get("ref", ""))
            elif tag == "sheetView":
                self.show_zeros &= element.get("showZeros", "1").casefold() not in ("0", "false")  # in any window
                self.show_formulas |= element.get("showFormulas", "0").casefold() in _TRUE
            elif tag.endswith("conditionalFormatting"):
                self._conditional(element)
            elif tag == "autoFilter":
                area = self._area(element.get("ref", ""))
                self.filter_rows = (area.top, area.bottom) if area else None
            drop_read(element)

    def _column(self, element: Any) -> None:
        low, high = element.get("min", ""), element.get("max", "")
        if not (_INDEX.fullmatch(low) and _INDEX.fullmatch(high) and 1 <= int(low) <= int(high) <= MAX_COLUMNS):
            self.sheet_problem(f"的列宽设置（第 {excerpt(low)} 至 {excerpt(high)} 列）不是有效的列，文件已损坏")
        elif self.rows or self.hidden.cells:
            self.sheet_problem("的列宽设置在单元格之后，文件已损坏")
        elif element.get("hidden", "").casefold() in _TRUE or _is_zero(element.get("width")):
            self.columns.hide(int(low), int(high))

    def _row(self, element: Any, previous: int) -> int:
        """Read a row's cells; the row's number, or -1 when the sheet is broken past reading."""
        number = element.get("r")
        row = int(number) if number is not None and _INDEX.fullmatch(number) else -1 if number else previous + 1
        if not previous < row <= MAX_ROWS:
            self.sheet_problem(
                f"的行号“{excerpt(number or '')}”不对（行号应在 1 至 {MAX_ROWS} 之间，且从上到下递增），文件已损坏"
            )
            return -1
        hidden = element.get("hidden", "").casefold() in _TRUE or _is_zero(element.get("ht"))
        if hidden:
            self.hidden.rows.append(row)
        cells: list[tuple[int, str]] = []
        column = 0
        row_text = str(row)
        for cell in element.iterchildren(_C):
            column = self._column_of(cell.get("r"), row, row_text, column)
            if column < 0:
                return -1
            if hidden or self.columns.hidden(column):
                self._hide(cell, row, column, hidden)
                continue
            text = self._text(cell, row, column)
            if (text and text.strip()) or (row, column) in self.unreadable:
                cells.append((column, text or ""))
        if cells:
            self.rows[row] = cells
        return row

    def _column_of(self, reference: str | None, row: int, row_text: str, previous: int) -> int:
        """The column of a cell from its reference (``C5``), or the one after the previous; -1 if broken."""
        if reference is None:
            column = previous + 1
        else:
            letters = reference.rstrip(_DIGITS)
            column = self._letters.get(letters, -1) if reference[len(letters) :] == row_text else -1
            if column < 0 and (match := _REFERENCE.fullmatch(reference)) and int(match.group(2)) == row:
                column = self._letters_to_column(match.group(1))
        if not previous < column <= MAX_COLUMNS:
            where = f"第 {row} 行的单元格“{excerpt(reference)}”" if reference else f"第 {row} 行第 {column} 个单元格"
            self.sheet_problem(f"{where}的位置不对（不在这一行，或不是从左到右排列），文件已损坏")
            return -1
        return column

    def _letters_to_column(self, letters: str) -> int:
        found = self._letters.get(letters)
        if found is None:
            found = 0
            for letter in letters:
                found = found * 26 + ord(letter) - 64
            self._letters[letters] = found
        return found

    def _hide(self, cell: Any, row: int, column: int, row_hidden: bool) -> None:
        """Note a cell that is not shown, if it holds anything: its row or column goes in a notice."""
        value = cell.find(_V)
        if (value is None or not value.text) and cell.find(_IS) is None and cell.find(_F) is None:
            return
        (self.hidden.data_rows if row_hidden else self.hidden.data_columns).add(row if row_hidden else column)
        self.hidden.cells.add((row, column))

    # --- A cell's value as Excel shows it

    def _text(self, cell: Any, row: int, column: int) -> str | None:
        """What a cell shows; None, and a problem said, when it cannot be read as data."""
        text = self._cell_value(cell, row, column)
        if text is not None and text.strip() and self._struck(cell.get("s")):
            self.cell_problem(row, column, STRUCK.format(excerpt(text)))
            return None
        return text

    def _struck(self, index: str | None) -> bool:
        """Whether a cell style's font strikes its text through (a style that does not exist is said elsewhere)."""
        struck = self.book.struck
        number = int(index) if index is not None and _INDEX.fullmatch(index) else 0
        return number < len(struck) and struck[number]

    def _cell_value(self, cell: Any, row: int, column: int) -> str | None:  # noqa: PLR0911 - one return per type of cell
        kind = cell.get("t", "n")
        value = formula = inline = None
        values = 0
        for child in cell:
            tag = child.tag
            if tag == _V:
                value = child.text  # None when empty: openpyxl writes <v></v> for a formula it did not calculate
                values += 1
            elif tag == _F:
                formula = child
            elif tag == _IS:
                inline = child
        inline_mismatch = (inline is not None) != (kind == "inlineStr") and (inline is not None or values > 0)
        if values > 1 or inline_mismatch:
            self.cell_problem(
                row, column, f"的内容与它的类型（“{excerpt(kind)}”）不符，文件已损坏：请在 Excel 中另存一次"
            )
            return None
        if formula is not None and not self._formula_shown(value, row, column, kind):
            return None
        if kind == "e":
            self.cell_problem(row, column, f"是错误值 {excerpt(value or '')}：请在 Excel 中改正后再导入")
            return None
        style = self._style(cell.get("s"), row, column)
        if style is None:
            return None
        try:
            if kind == "n":
                return None if value is None else self._number(value, style)
            if kind == "b":
                return self._boolean(value, row, column)
            text = self._string(kind, value, inline, row, column)
            return None if text is None else style.text(text)
        except FormatError as error:
            self.cell_problem(row, column, str(error))
            return None

    def _formula_shown(self, value: str | None, row: int, column: int, kind: str) -> bool:
        """Whether a formula's result, as the file holds it, is what Excel shows; if not, the cell is refused."""
        if value is None and kind != "str":
            reason = "是公式，但文件中没有它的计算结果（保存这个文件的程序没有计算公式）"
        elif self.book.recalculates:
            reason = "是公式，而这个文件要求 Excel 打开时重新计算所有公式，文件中存的结果可能不是 Excel 显示的"
        elif self.show_formulas:
            reason = "是公式，而这张工作表设置了“显示公式”，Excel 显示的是公式本身，不是结果"
        else:
            return True
        self.cell_problem(row, column, reason + "：请在 Excel 中打开、保存后再导入，或把公式改为数值")
        return False

    def _style(self, index: str | None, row: int, column: int) -> CellFormat | None:
        found = self._styles.get(index)
        if found is None:
            formats = self.book.formats
            number = int(index) if index is not None and _INDEX.fullmatch(index) else -1 if index else 0
            found = (
                formats[number]
                if 0 <= number < len(formats)
                else f"的样式编号“{excerpt(index or '')}”不存在，文件已损坏"
            )
            self._styles[index] = found
        if isinstance(found, str):
            self.cell_problem(row, column, found)
            return None
        return found

    def _number(self, value: str, style: CellFormat) -> str:
        """A number as its format shows it; a sheet repeats values, so each is worked out once per format."""
        key = (id(style), value)
        shown = self._shown.get(key)
        if shown is None:
            try:
                shown = self._shown[key] = self._shown_number(value, style)
            except FormatError as error:
                self._shown[key] = FormatError(str(error))
                raise
        if isinstance(shown, FormatError):
            raise FormatError(str(shown))
        return shown

    def _shown_number(self, value: str, style: CellFormat) -> str:
        if len(value) > _LONGEST_NUMBER or not _NUMBER.fullmatch(value):
            what = f"不是有限的数（{value}）" if _NOT_FINITE.fullmatch(value.strip()) else f"“{excerpt(value)}”不是数字"
            raise FormatError(f"的值{what}，文件已损坏或由别的程序写成")
        number = Decimal(value)
        if number.is_zero() and not self.show_zeros:
            raise FormatError("的值是 0，但这张工作表设置了不显示零值，它显示为空白：请取消这个设置")
        return style.number(number, date1904=self.book.date1904)

    def _boolean(self, value: str | None, row: int, column: int) -> str | None:
        if value in ("0", "1"):
            return "TRUE" if value == "1" else "FALSE"  # as Excel shows a logical value, whatever its format
        self.cell_problem(row, column, f"的逻辑值“{excerpt(value or '')}”不是 0 或 1，文件已损坏")
        return None

    def _string(self, kind: str, value: str | None, inline: Any, row: int, column: int) -> str | None:
        if kind == "s":
            strings = self.book.strings
            index = int(value) if value is not None and _INDEX.fullmatch(value) else -1
            if not 0 <= index < len(strings):
                self.cell_problem(
                    row, column, f"引用的文字（共享字符串第“{excerpt(value or '')}”项）不存在，文件已损坏"
                )
                return None
            text, reason = strings[index], self.book.bad_strings.get(index, "")
        elif kind == "str":
            text, reason = unescaped(value or "")
        elif kind == "inlineStr":
            text, reason = rich_text(inline) if inline is not None else ("", "")
        else:
            why = "用 ISO 格式存放的日期" if kind == "d" else f"不认识的类型“{excerpt(kind)}”"
            self.cell_problem(row, column, f"是{why}：请在 Excel 中打开、保存后再导入")
            return None
        if reason:
            self.cell_problem(row, column, reason)
            return None
        return text

    # --- Merged ranges

    def _area(self, reference: str) -> _Merge | None:
        """A range ``A1:C3`` (or one cell), or None when it is not a valid range."""
        corners = []
        for corner in reference.split(":") if reference.count(":") <= 1 else ():
            match = _REFERENCE.fullmatch(corner)
            if match is None:
                return None
            corners.append((int(match.group(2)), self._letters_to_column(match.group(1))))
        if not corners:
            return None
        (top, left), (bottom, right) = corners[0], corners[-1]
        if not (1 <= top <= bottom <= MAX_ROWS and 1 <= left <= right <= MAX_COLUMNS):
            return None
        return _Merge(reference, top, left, bottom, right)

    def _merge(self, reference: str) -> None:
        area = self._area(reference)
        if area is None:
            self.sheet_problem(f"的合并单元格“{excerpt(reference)}”不是有效的区域，文件已损坏")
        elif (area.top, area.left) != (area.bottom, area.right):
            self.merges.append(area)

    def _conditional(self, formatting: Any) -> None:
        """Note the ranges of a conditional format that changes what cells show: a number format of its own
        (which may hide the value, or show it rounded), or icons or bars without the value."""
        rules = formatting.iter(f"{_MAIN}cfRule", f"{_X14}cfRule")
        change = next((change for change in map(self._display_change, rules) if change), "")
        if change:
            for reference in (formatting.get("sqref") or formatting.findtext(f"{_XM}sqref") or "").split():
                area = self._area(reference)
                if area is not None:
                    self.conditional.append((area, change))

    def _display_change(self, rule: Any) -> str:
        """How a conditional format's rule changes what its cells show, or ""."""
        style = rule.get("dxfId", "")
        styles = self.book.formatting_styles
        if _INDEX.fullmatch(style) and int(style) < len(styles) and styles[int(style)]:
            return styles[int(style)]
        inline = rule.find(f"{_X14}dxf")
        if inline is not None and (change := _formatting_change(inline)):
            return change
        shown = rule.iter(*(f"{ns}{tag}" for ns in (_MAIN, _X14) for tag in ("iconSet", "dataBar")))
        if any(element.get("showValue", "1").casefold() in ("0", "false") for element in shown):
            return "条件格式让它只显示图标或数据条，不显示值"
        return ""

    def _checked_merges(self) -> list[_Merge]:
        """The merged ranges, sorted by their top row, once none overlaps another (Excel never writes that)
        and none hides its content in a hidden first row or column."""
        merges = sorted(self.merges, key=lambda merge: (merge.top, merge.left))
        clash = _overlap(merges)
        if clash:
            self.sheet_problem(f"的合并单元格 {clash[0].ref} 与 {clash[1].ref} 重叠，文件已损坏：请在 Excel 中另存一次")
            return []
        for merge in merges:
            if (merge.top, merge.left) in self.hidden.cells and self._partly_shown(merge):
                corner = f"{column_letters(merge.left)}{merge.top}"
                self.sheet_problem(
                    f"的合并单元格 {merge.ref} 的内容在隐藏的行或列里（{corner}），无法确定 Excel 是否显示它："
                    "请取消隐藏，或拆开这个合并单元格"
                )
        return merges

    def _check_conditional(self) -> None:
        """Refuse every cell with data that a conditional format may show otherwise than its number format."""
        if len(self.conditional) > MAX_CHANGING_FORMATS:
            self.sheet_problem(
                f"有 {len(self.conditional)} 处会改变显示的条件格式，无法确定 Excel 显示的样子：请删除这些条件格式"
            )
            return
        numbers = list(self.rows)
        for area, change in self.conditional:
            for row in numbers[bisect.bisect_left(numbers, area.top) : bisect.bisect_right(numbers, area.bottom)]:
                for column, _ in self.rows[row]:
                    if area.left <= column <= area.right:
                        clause = f"在条件格式 {area.ref} 之中，{change}，无法确定 Excel 显示的样子：请删除这条条件格式"
                        self.cell_problem(row, column, clause)

    def _partly_shown(self, merge: _Merge) -> bool:
        """Whether some cell of a merged range is in a visible row and a visible column."""
        rows_shown = merge.bottom - merge.top + 1 > self.hidden.rows_in(merge.top, merge.bottom)
        return rows_shown and self.columns.position(merge.right + 1) > self.columns.position(merge.left)

    # --- The table

    def table(self) -> Table:
        """The sheet's rows that hold data as a table, each with its number in the sheet (``Table.numbers``)
        and as wide as the widest, so that grid columns line up: a sheet costs what its data costs."""
        merges = self._checked_merges()
        self._check_conditional()
        if not self.rows:
            return Table(())
        built: dict[int, tuple[Cell, ...]] = {}
        ranges = _OpenRanges()
        waiting = added = 0
        widths: dict[int, int] = {}
        for row, data in sorted(self.rows.items()):
            while waiting < len(merges) and merges[waiting].top <= row:
                ranges.open(merges[waiting])
                waiting += 1
            ranges.close_before(row)
            added += len(ranges.active)
            if added > MAX_MERGED_CELLS:
                self.sheet_problem(f"的合并单元格太多（超过 {MAX_MERGED_CELLS:,} 个格子），不像正常的表格")
                return Table(())
            built[row] = self._cells(row, data, ranges.active)
            widths[row] = sum(cell.span for cell in built[row])
        width = max(widths.values())
        for row, used in widths.items():
            if used < width:
                built[row] += (Cell("", width - used, filler=True),)
        return Table(tuple(built.values()), tuple(built))

    def _cells(self, row: int, data: list[tuple[int, str]], merges: list[_Merge]) -> tuple[Cell, ...]:
        """One row: its data cells and the merged ranges over it, in column order, empty columns as fillers."""
        position = self.columns.position
        placed: list[tuple[int, Cell]] = []
        index = 0
        for merge in merges:
            while index < len(data) and data[index][0] < merge.left:
                placed.append((position(data[index][0]), self._cell(row, *data[index])))
                index += 1
            corner = None
            while index < len(data) and data[index][0] <= merge.right:
                column, text = data[index]
                if row == merge.top and column == merge.left:
                    corner = column, text
                else:
                    self.hidden.covered.append(f"{column_letters(column)}{row}")
                index += 1
            span = position(merge.right + 1) - position(merge.left)
            if span > 0:
                placed.append((position(merge.left), self._merged_cell(row, merge, corner, span)))
        placed += [(position(column), self._cell(row, column, text)) for column, text in data[index:]]
        cells: list[Cell] = []
        grid = 0
        for start, cell in placed:
            if start > grid:
                cells.append(Cell("", start - grid, filler=True))
            cells.append(cell)
            grid = start + cell.span
        return tuple(cells)

    def _merged_cell(self, row: int, merge: _Merge, corner: tuple[int, str] | None, span: int) -> Cell:
        if self.hidden.rows_in(merge.top, merge.top) or self.columns.hidden(merge.left):
            return Cell("", span, filler=True)  # its first cell is hidden: the range shows nothing (or is refused)
        if row > merge.top:
            return Cell("", span, "continue")
        restart = "restart" if merge.bottom > merge.top else ""
        return self._cell(row, *corner, span, restart) if corner else Cell("", span, restart)

    def _cell(self, row: int, column: int, text: str, span: int = 1, merge: str = "") -> Cell:
        """A cell shown in the table; one that cannot be read fails the workbook, or is marked (``marked``)."""
        clause = self.unreadable.get((row, column))
        if clause is None:
            return Cell(text, span, merge)
        if not self.problems.marked:
            self.problems.add(f"工作表“{self.name}”的 {column_letters(column)}{row} 单元格{clause}。")
        return Cell(text, span, merge, problem=f"{column_letters(column)}{row} 单元格{clause}")

    # --- Notices

    def notices(self) -> list[str]:
        """What this sheet holds but does not show, in sentences."""
        found = []
        rows = sorted(self.hidden.data_rows)
        filtered = [row for row in rows if self.filter_rows and self.filter_rows[0] < row <= self.filter_rows[1]]
        others = sorted(set(rows) - set(filtered))
        if others:
            found.append(f"工作表“{self.name}”的第 {_ranges(others, str)} 行是隐藏的，没有导入。")
        if filtered:
            found.append(f"工作表“{self.name}”的第 {_ranges(filtered, str)} 行被筛选隐藏了，没有导入。")
        if columns := sorted(self.hidden.data_columns):
            found.append(f"工作表“{self.name}”的 {_ranges(columns, column_letters)} 列是隐藏的，没有导入。")
        if covered := self.hidden.covered:
            listed = "、".join(covered[:_LISTED]) + ("等" if len(covered) > _LISTED else "")
            found.append(
                f"工作表“{self.name}”中有 {len(covered)} 个单元格（{listed}）被合并单元格盖住了，"
                "Excel 不显示它们的内容，没有导入。"
            )
        return found


def _is_zero(size: str | None) -> bool:
    """Whether a row height or column width is given and is 0: the row or column cannot be seen."""
    return size is not None and _NUMBER.fullmatch(size) is not None and Decimal(size).is_zero()


def _joined(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Intervals of columns with those that overlap or touch joined."""
    joined: list[tuple[int, int]] = []
    for low, high in sorted(intervals):
        if joined and low <= joined[-1][1] + 1:
            joined[-1] = (joined[-1][0], max(joined[-1][1], high))
        else:
            joined.append((low, high))
    return joined


class _Columns:
    """A sheet's hidden columns, and where each visible column stands in the table (hidden ones left out).

    Hidden columns are all known before the first row (``<cols>`` comes first); they are joined once, and
    each column's answer is kept, so a sheet of 16,384 ``<col>`` elements costs no more than one.
    """

    def __init__(self) -> None:
        self._given: list[tuple[int, int]] = []
        self._joined: list[tuple[int, int]] | None = None
        self._before: list[int] = []  # hidden columns before each joined interval
        self._hidden: dict[int, bool] = {}
        self._positions: dict[int, int] = {}

    def hide(self, low: int, high: int) -> None:
        self._given.append((low, high))
        self._joined = None
        self._hidden.clear()
        self._positions.clear()

    @property
    def intervals(self) -> list[tuple[int, int]]:
        if self._joined is None:
            self._joined = _joined(self._given)
            self._before = list(itertools.accumulate((high - low + 1 for low, high in self._joined), initial=0))
        return self._joined

    def hidden(self, column: int) -> bool:
        found = self._hidden.get(column)
        if found is None:
            intervals = self.intervals
            place = bisect.bisect_right(intervals, (column, MAX_COLUMNS + 1)) - 1
            found = self._hidden[column] = place >= 0 and intervals[place][1] >= column
        return found

    def position(self, column: int) -> int:
        """The grid column (0-based) of a sheet column: the visible columns to its left."""
        if not self._given:
            return column - 1
        found = self._positions.get(column)
        if found is None:
            intervals = self.intervals
            place = bisect.bisect_left(intervals, (column, 0))  # the intervals that start left of ``column``
            hidden = self._before[place]
            if place and intervals[place - 1][1] >= column:  # ``column`` is inside the last of them
                hidden -= intervals[place - 1][1] - column + 1
            found = self._positions[column] = column - 1 - hidden
        return found


class _OpenRanges:
    """The merged ranges open at a row, sorted by column; they never overlap, so each has one place."""

    def __init__(self) -> None:
        self.active: list[_Merge] = []
        self._ending: list[tuple[int, int, _Merge]] = []
        self._opened = 0

    def open(self, merge: _Merge) -> None:
        bisect.insort(self.active, merge, key=_left)
        heapq.heappush(self._ending, (merge.bottom, self._opened, merge))
        self._opened += 1

    def close_before(self, row: int) -> None:
        while self._ending and self._ending[0][0] < row:
            _, _, merge = heapq.heappop(self._ending)
            del self.active[bisect.bisect_left(self.active, merge.left, key=_left)]

    def clash(self, merge: _Merge) -> _Merge | None:
        """An open range that ``merge`` would overlap; only its neighbours by column can."""
        place = bisect.bisect_left(self.active, merge.left, key=_left)
        if place < len(self.active) and self.active[place].left <= merge.right:
            return self.active[place]
        if place and self.active[place - 1].right >= merge.left:
            return self.active[place - 1]
        return None


def _left(merge: _Merge) -> int:
    return merge.left


def _overlap(merges: list[_Merge]) -> tuple[_Merge, _Merge] | None:
    """Two merged ranges that overlap, if any (``merges`` sorted by top row): O(n log n), however large they are."""
    ranges = _OpenRanges()
    for merge in merges:
        ranges.close_before(merge.top)
        clash = ranges.clash(merge)
        if clash is not None:
            return clash, merge
        ranges.open(merge)
    return None


def column_letters(column: int) -> str:
    """A column's letters (1 → ``A``, 28 → ``AB``)."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _ranges(numbers: list[int], name: Any) -> str:
    """Sorted numbers as ranges in words: ``7、9 至 12``, the first ones only when there are many."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    words = [name(low) if low == high else f"{name(low)} 至 {name(high)}" for low, high in runs[:_LISTED]]
    return "、".join(words) + ("等" if len(runs) > _LISTED else "")
