"""How import reads the budget system's flat export (一体化): one table of every project, one row an indicator.

The Inner Mongolia 表11 (``../shared/layouts/neimenggu_2025_export.txt``) is the reference, and what
perfdocs writes in the 一体化 layout (.docx and .xlsx) reads back the same way:

* the columns are found by their names in a header row, in any order, with title rows above it
  (the unit's title lines, 单位：元, a unit line): other systems' names for a column are read too
  (指标值, 计算符号, 权重, 指标解释, 评(扣)分标准…, :data:`COLUMNS`); a column it does not know is left
  out and said;
* a project's own cells (项目名称, 项目单位, 项目类别, 预算数, 年度绩效目标) are merged over its rows,
  or repeated on each; a new 项目名称 starts the next project;
* an indicator's 指标值 is made again from its parts, 指标方向 + 目标值 + 计量单位 (大于等于 98 % is
  ``≥98%``; 等于 100 % is ``=100%``); a 定性 row's 指标值 is its 目标值. The parts are written into the
  YAML only where they differ from what the value itself gives (:mod:`perfdocs.indicators`), so that a
  file built in this layout reads back as it was.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from perfdocs.errors import IMPORT, Location, Problem
from perfdocs.fields import INDICATOR_FIELDS, PROJECT_FIELDS, Field, Kind
from perfdocs.importing.blocks import Block, Cell, Paragraph, Table
from perfdocs.importing.recognise import DocumentImporter
from perfdocs.importing.tables import (
    MONEY_UNIT_IN_TEXT,
    ImportedDocument,
    Row,
    goals_of,
    label,
    one_line,
)
from perfdocs.indicators import DIRECTIONS, NEGATIVE, POSITIVE, QUALITATIVE, value_parts
from perfdocs.layouts.yitihua import WORKBOOK_LAYOUT as LAYOUT
from perfdocs.model import Indicator, IndicatorValue, Project
from perfdocs.money import MONEY_UNITS, AmountError, parse_amount

PROJECT, INDICATOR = "project", "indicator"
#: Column names as the vocabulary gives them (a field's YAML key), for the fields a flat table can hold.
_VOCABULARY = {
    **{f.key: (PROJECT, f.attribute) for f in PROJECT_FIELDS if f.kind in (Kind.TEXT, Kind.MONEY, Kind.DATE)},
    **{f.key: (INDICATOR, f.attribute) for f in INDICATOR_FIELDS},
}
#: Every column name a flat table is read by: the vocabulary's, this layout's own and the names other
#: budget systems and vendor modules use (export_columns_notes.txt), each with the field it fills.
COLUMNS: dict[str, tuple[str, str]] = {
    **{key: column for key, column in _VOCABULARY.items() if key not in ("标题", "资金用途", "指标值")},
    "项目单位": (PROJECT, "owner"),
    "单位名称": (PROJECT, "owner"),
    "年度绩效目标": (PROJECT, "goals"),
    "绩效目标": (PROJECT, "goals"),
    "年度总体目标": (PROJECT, "goals"),
    "项目绩效目标": (PROJECT, "goals"),
    "其中财政资金": (PROJECT, "fiscal_funds"),
    "一级指标": (INDICATOR, "level1"),
    "一级绩效指标": (INDICATOR, "level1"),
    "二级指标": (INDICATOR, "level2"),
    "二级绩效指标": (INDICATOR, "level2"),
    "三级指标": (INDICATOR, "name"),
    "三级绩效指标": (INDICATOR, "name"),
    "指标名称": (INDICATOR, "name"),
    "指标值": (INDICATOR, "value"),  # the whole value, or its number where 计算符号 and 计量单位 stand apart
    "计算符号": (INDICATOR, "direction"),
    "权重": (INDICATOR, "score"),
    "指标权重": (INDICATOR, "score"),
    "指标内容": (INDICATOR, "description"),
    "扣分标准": (INDICATOR, "scoring"),
    "评分标准": (INDICATOR, "scoring"),
    "指标说明": (INDICATOR, "explanation"),
}
_VALUE_COLUMNS = ((INDICATOR, "target"), (INDICATOR, "value"))
_BRACKETED_UNIT = re.compile(r"^(.*?)\((万元|千元|亿元|元)\)$")
_OWNER = re.compile(r"^(\d+)\s*[-－—]?\s*(\D.*)$")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_AMOUNT_UNIT = re.compile(r"(万元|千元|亿元|元)$")


@dataclass(frozen=True)
class Header:
    """Where a flat table's columns stand: each field's grid column, and the columns it does not know."""

    row: int  # the header's index among the table's rows (its lower row, where it has two)
    columns: dict[tuple[str, str], int]
    unknown: tuple[tuple[int, str], ...]
    money_unit: str | None  # as a column name says it: 预算数（万元）
    width: int
    #: A column name found twice: the name, and the two grid columns.
    duplicates: tuple[tuple[str, int, str, int], ...] = ()
    #: The names of the columns every flat table has that this header lacks.
    missing: tuple[str, ...] = ()
    rows: int = 1  # how many rows the header has

    @property
    def top(self) -> int:
        return self.row - self.rows + 1


_REQUIRED_NAMES = {(PROJECT, "name"): "项目名称", (INDICATOR, "level1"): "一级指标",
                   (INDICATOR, "level2"): "二级指标", (INDICATOR, "name"): "三级指标"}  # fmt: skip
_BRACKETED = re.compile(r"^(.*?)\s*[(（]([^()（）]*)[)）]$")


def column_of(text: str) -> tuple[tuple[str, str] | None, str | None]:
    """The field a column name stands for, and the money unit in brackets after it (预算数（元）); a
    bracketed unit of another kind (分值（分）) is left out."""
    name = label(text)
    found = COLUMNS.get(name)
    if found is not None:
        return found, None
    bracketed = _BRACKETED_UNIT.match(name)
    if bracketed and (found := COLUMNS.get(bracketed.group(1))) is not None:
        return found, bracketed.group(2)
    other = _BRACKETED.match(name)
    if other and (found := COLUMNS.get(label(other.group(1)))) is not None:
        unit = other.group(2).strip()
        return found, unit if unit in MONEY_UNITS else None
    return None, None


def _names(cells: tuple[Cell, ...]) -> dict[int, str]:
    return {column: text for column, cell in Row(cells, "").by_column().items() if (text := one_line(cell.shown_text))}


def _header_of(index: int, names: dict[int, str], width: int) -> Header | None:
    """The header a row's column names make, if they are a flat table's: 项目名称 with at least two
    indicator columns beside it (the columns it lacks are then said)."""
    columns: dict[tuple[str, str], int] = {}
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[str, int, str, int]] = []
    money_unit = None
    for column, text in sorted(names.items()):
        found, unit = column_of(text)
        if found is None:
            unknown.append((column, text))
        elif found in columns:
            duplicates.append((names[columns[found]], columns[found], text, column))
        else:
            columns[found] = column
            money_unit = money_unit or unit
    if (PROJECT, "name") not in columns or sum(scope == INDICATOR for scope, _ in columns) < 2:
        return None
    missing = [name for key, name in _REQUIRED_NAMES.items() if key not in columns]
    if not any(key in columns for key in _VALUE_COLUMNS):
        missing.append("目标值”或“指标值")
    return Header(index, columns, tuple(unknown), money_unit, width, tuple(duplicates), tuple(missing))


def find_header(table: Table, *, within: int = 30) -> Header | None:
    """The header row of a flat table: the first row (of the first ``within``) with 项目名称 and
    indicator columns, 一级, 二级, 三级指标 and a value column among them. A header of two rows
    (绩效指标 merged over 一级, 二级, 三级指标) is read as one: the lower row's names under the upper's."""
    rows = table.rows[:within]
    for index, cells in enumerate(rows):
        width = sum(cell.span for cell in cells)
        upper = _names(cells)
        header = _header_of(index, upper, width)
        if header is not None and not header.missing:
            return header
        if header is not None and index + 1 < len(table.rows):
            upper_cells = Row(cells, "").by_column()
            lower = _names(table.rows[index + 1])
            joined = dict(upper)
            for column, cell in upper_cells.items():
                under = {c: t for c, t in lower.items() if column <= c < column + cell.span}
                if cell.span > 1 and under and column_of(upper.get(column, ""))[0] is None:
                    joined.pop(column, None)
                    joined.update(under)
            if joined != upper:
                two = _header_of(index + 1, joined, width)
                if two is not None and not two.missing:
                    return replace(two, rows=2)
        if header is not None:
            return header
    return None


def is_flat(block: Block) -> bool:
    return isinstance(block, Table) and find_header(block) is not None


@dataclass(frozen=True)
class _Printed:
    """An indicator's parts as a row prints them ("" where blank); ``sign`` is the direction's."""

    nature: str
    direction: str
    sign: str | None
    target: str
    measure_unit: str

    def value(self) -> str:
        """The 指标值 the parts say: ``≥98%``, ``=100%``; a 定性 row's (or one without a sign) as its 目标值."""
        if self.nature == QUALITATIVE or self.sign is None:
            number = self.measure_unit and _NUMBER.fullmatch(self.target)
            return self.target + self.measure_unit if number else self.target
        return self.sign + self.target + self.measure_unit  # the sign as the YAML writes it: ≥, ≤, =


@dataclass
class _Draft:
    """A project while its rows are read: its own cells, as its first row gives them, and its indicators."""

    start: str
    cells: dict[str, str]
    indicators: list[Indicator] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    unmerged: dict[str, None] = field(default_factory=dict)
    level1: str = ""
    level2: str = ""
    broken: bool = False

    @property
    def name(self) -> str:
        return self.cells.get("name", "")

    def named(self, where: str) -> str:
        return f"{where}（项目“{self.name}”）" if self.name else where


class FlatReader:
    """Reads the blocks of one file whose tables are flat exports into an :class:`ImportedDocument`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.result = ImportedDocument(layout=LAYOUT)
        self.drafts: list[_Draft] = []
        self.draft: _Draft | None = None
        self.header: Header | None = None
        self.owner: str | None = None
        self.titles: list[str] = []
        self.reported: set[str] = set()
        self.merged_level1 = False

    def read(self, blocks: Iterable[tuple[str, Block]]) -> ImportedDocument:
        for where, block in blocks:
            if isinstance(block, Paragraph):
                if not self.header:
                    self._preamble(block.place or "段落", one_line(block.text))
                elif text := one_line(block.text):
                    self.result.notices.append(f"“{text[:30]}”不是表格的内容，没有导入。")
            else:
                self._table(where, block)
        self._finish()
        self.result.title_lines = self.titles
        if self.titles:
            self.result.notices.append(f"文档的标题取自表头之前的文字：{' / '.join(self.titles)}，请核对。")
        for draft in self.drafts:
            project = self._project(draft)
            if project is not None:
                self.result.projects.append(project)
        return self.result

    def problem(self, where: str, message: str) -> None:
        self.result.problems.append(Problem(Location(self.source), IMPORT, f"{where}：{message}"))

    # Title lines, the unit and the money unit.

    def _preamble(self, where: str, text: str) -> None:
        """A line above the header: a title line, 单位：元, the unit line, or a title that ends with its
        money unit (“表11 项目绩效目标表      单位:元”)."""
        if not text or label(text) == "目录":
            return
        folded = unicodedata.normalize("NFKC", text)
        money = MONEY_UNIT_IN_TEXT.search(folded)
        rest = folded[: money.start()].strip() if money else text
        if money is not None:
            self._money_unit(where, money.group(1))
        if not rest:
            return
        unit = re.match(r"^(\d{5,})\s*[-－—]?\s*([^\d\s年].*)$", one_line(rest))
        if unit is not None:
            self._owner(where, one_line(rest))
        elif not self.drafts and self.draft is None:
            self.titles.append(rest)

    def _money_unit(self, where: str, found: str) -> None:
        if self.result.money_unit not in (None, found):
            message = (
                f"这里的金额单位是{found}，与前面的{self.result.money_unit}不同：一个单位只能用一种金额单位，无法导入。"
            )
            self.problem(where, message)
        self.result.money_unit = self.result.money_unit or found

    def _owner(self, where: str, text: str) -> None:
        """The unit, as 项目单位 (776001-扎赉特旗人民检察院) or a unit line gives it: one for the whole file."""
        if self.owner is not None:
            if text != self.owner:
                message = f"这里的单位是“{text}”，与前面的“{self.owner}”不同：一个文件只能导入一个单位，无法导入。"
                self.problem(where, message)
            return
        self.owner = text
        match = _OWNER.match(text)
        code, name = (match.group(1), match.group(2).strip().lstrip("-－—").strip()) if match else (None, text)
        self.result.unit_code, self.result.unit_name, self.result.unit_row = code, name, text

    # Tables.

    def _table(self, where: str, table: Table) -> None:
        header = find_header(table)
        numbers = table.numbers or tuple(range(1, len(table.rows) + 1))
        if header is None:
            widths = {sum(cell.span for cell in cells) for cells in table.rows if any(c.shown_text for c in cells)}
            if self.header is not None and widths == {self.header.width}:
                self.result.notices.append(f"{where}没有表头，作为上一张表的续表读入，请核对。")
                for number, cells in zip(numbers, table.rows, strict=False):
                    self._row(Row(cells, f"{where}第 {number} 行"))
                return
            texts = [one_line(cell.shown_text) for cells in table.rows for cell in cells if cell.shown_text.strip()]
            if texts:
                self.result.notices.append(f"{where}不是绩效目标表（没有表头），没有导入：“{texts[0][:20]}”……")
            return
        for number, cells in zip(numbers, table.rows[: header.top], strict=False):
            for cell in cells:
                self._preamble(f"{where}第 {number} 行", one_line(cell.shown_text))
        if self.header is not None and header.columns != self.header.columns:
            self._finish()
        if header.missing or header.duplicates:
            self._bad_header(where, numbers[header.row], header)
            return
        self.header = header
        if header.money_unit:
            self._money_unit(f"{where}第 {numbers[header.row]} 行", header.money_unit)
        for column, text in header.unknown:
            if text not in self.reported:
                self.reported.add(text)
                self.result.notices.append(
                    f"{where}第 {numbers[header.row]} 行第 {column + 1} 列“{text}”不是 perfdocs 认识的列，没有导入。"
                )
        self.merged_level1 = self.merged_level1 or any(
            cell.merge == "continue"
            for cells in table.rows[header.row + 1 :]
            for column, cell in Row(cells, "").by_column().items()
            if column == header.columns[(INDICATOR, "level1")]
        )
        for number, cells in zip(numbers[header.row + 1 :], table.rows[header.row + 1 :], strict=False):
            self._row(Row(cells, f"{where}第 {number} 行"))

    def _bad_header(self, where: str, number: int, header: Header) -> None:
        at = f"{where}第 {number} 行"
        if header.missing:
            lacking = "、".join(f"“{name}”" for name in header.missing)
            self.problem(at, f"一体化表头缺少{lacking}列，这张表无法导入。")
        for first_name, first, second_name, second in header.duplicates:
            self.problem(
                at,
                f"第 {first + 1} 列“{first_name}”和第 {second + 1} 列“{second_name}”是同一栏（出现了两次），"
                "看不出该用哪一列，这张表无法导入。",
            )

    def _row(self, row: Row) -> None:
        header = self.header
        assert header is not None
        unreadable = [(column, cell) for column, cell in row.by_column().items() if cell.problem]
        for column, cell in unreadable:
            where = f"{row.where}第 {column + 1} 列"
            self.problem(self.draft.named(where) if self.draft else where, f"{cell.problem}，这一行无法导入。")
        if unreadable:
            if self.draft is not None:
                self.draft.broken = True
            return
        by_column = row.by_column()
        texts = [one_line(cell.shown_text) for cell in row.cells if cell.shown_text.strip()]
        if not texts:
            return
        if len(texts) == 1 and (len(row.cells) == 1 or row.cells[0].span > 1):
            self.result.notices.append(f"{row.where}“{texts[0][:20]}”不是指标行，没有导入。")
            return
        cells = {key: by_column.get(column) for key, column in header.columns.items()}
        name_cell = cells[(PROJECT, "name")]
        name = one_line(name_cell.shown_text) if name_cell is not None else ""
        merge = name_cell.merge if name_cell is not None else ""
        continued = merge == "continue"
        if name and (self.draft is None or name != self.draft.name or merge == "restart"):
            self._start(row, cells)
        elif (not name and not continued) or self.draft is None:
            self.problem(row.where, "项目名称是空的（也不是合并单元格），看不出这一行属于哪个项目，无法导入。")
            return
        else:
            self._same_project(self.draft, row, cells)
        assert self.draft is not None
        self._indicator(self.draft, row, cells)

    def _start(self, row: Row, cells: dict[tuple[str, str], Cell | None]) -> None:
        self._finish()
        own = {attribute: one_line(cell.shown_text) if attribute != "goals" else cell.shown_text.strip()
               for (scope, attribute), cell in cells.items() if scope == PROJECT and cell is not None}  # fmt: skip
        self.draft = _Draft(row.where, own)
        if own.get("owner"):
            self._owner(row.where, own["owner"])

    def _same_project(self, draft: _Draft, row: Row, cells: dict[tuple[str, str], Cell | None]) -> None:
        """A later row of a project: its own cells are merged, blank or the same as in its first row."""
        for (scope, attribute), cell in cells.items():
            if scope != PROJECT or cell is None or not cell.shown_text.strip():
                continue
            text = one_line(cell.shown_text) if attribute != "goals" else cell.shown_text.strip()
            if text != draft.cells.get(attribute, ""):
                what = _column_name(attribute)
                first = draft.cells.get(attribute, "")[:30]
                self.problem(
                    draft.named(row.where),
                    f"{what}“{text[:30]}”与这个项目第一行（{draft.start}）的“{first}”不同："
                    "同一个项目的各行应当相同（或合并单元格），这张表无法导入",
                )
                draft.broken = True

    def _finish(self) -> None:
        if self.draft is not None:
            self.drafts.append(self.draft)
        self.draft = None

    # Indicators.

    def _indicator(self, draft: _Draft, row: Row, cells: dict[tuple[str, str], Cell | None]) -> None:
        if draft.broken:
            return
        texts = {attribute: one_line(cell.shown_text) for (scope, attribute), cell in cells.items()
                 if scope == INDICATOR and cell is not None}  # fmt: skip
        levels = {}
        for attribute, what in (("level1", "一级指标"), ("level2", "二级指标")):
            cell = cells[(INDICATOR, attribute)]
            merged = cell is not None and cell.merge == "continue"
            if texts.get(attribute):
                levels[attribute] = texts[attribute]
            elif merged and draft.indicators:
                levels[attribute] = getattr(draft, attribute)
            else:
                self.problem(draft.named(row.where), f"{what}是空的（也不是合并单元格），这一行无法导入。")
                return
        level1, level2 = levels["level1"], levels["level2"]
        level1_cell = cells[(INDICATOR, "level1")]
        if (
            self.merged_level1
            and draft.indicators
            and level1 == draft.level1
            and level1_cell is not None
            and level1_cell.merge not in ("continue", "restart")
            and texts.get("level1")
        ):
            draft.unmerged[level1] = None
        draft.level1, draft.level2 = level1, level2
        name = texts.get("name", "")
        if not name:
            self.problem(draft.named(row.where), "三级指标是空的，这一行无法导入。")
            return
        if (level1, level2, name) in draft.seen:
            self.problem(
                draft.named(row.where), f"三级指标“{name}”在同一二级指标下出现了两次，YAML 中无法区分，请先改名。"
            )
            return
        draft.seen.add((level1, level2, name))
        indicator = self._parts(draft, row, (level1, level2, name), texts)
        if indicator is not None:
            draft.indicators.append(indicator)

    def _parts(self, draft: _Draft, row: Row, levels: tuple[str, str, str], texts: dict[str, str]) -> Indicator | None:
        """The indicator of a row: its 指标值 made from its parts, and the parts the value does not give."""
        where = draft.named(row.where)
        direction, nature = texts.get("direction", ""), texts.get("nature", "")
        if direction == QUALITATIVE:  # a 计算符号 of 定性: the value is the text (export_columns_notes.txt)
            direction, nature = "", nature or QUALITATIVE
        target, value, measure_unit = texts.get("target", ""), texts.get("value", ""), texts.get("measure_unit", "")
        printed = _Printed(
            nature, direction, DIRECTIONS.get(direction) if direction else None, target or value, measure_unit
        )
        if not printed.target:
            self.problem(where, f"“{levels[2]}”的目标值是空的，这一行无法导入。")
            return None
        if direction and printed.sign is None:
            known = "、".join(dict.fromkeys(DIRECTIONS))
            self.problem(where, f"指标方向“{direction}”不是 perfdocs 认识的写法（{known}），这一行无法导入。")
            return None
        if target and value and value not in (target, printed.value()):
            self.problem(
                where,
                f"第 {self._column('target')} 列目标值“{target}”与第 {self._column('value')} 列指标值“{value}”"
                "不一致，看不出该用哪一个，这一行无法导入。",
            )
            return None
        if not target and not direction and not measure_unit and nature != QUALITATIVE:
            complete = _complete(nature, value)  # a 指标值 column holding the whole value: ≥1辆
            if complete is not None:
                printed = complete
        quantitative = bool(direction) or nature in (POSITIVE, NEGATIVE)
        if quantitative and not _NUMBER.fullmatch(printed.target):
            key = "target" if target else "value"
            what = "目标值" if target else "指标值"
            self.problem(
                where,
                f"第 {self._column(key)} 列{what}“{printed.target}”不是一个数（定量指标的目标值只写数，"
                "方向和单位写在指标方向、计量单位列），这一行无法导入。",
            )
            return None
        score = None
        if texts.get("score"):
            if not _NUMBER.fullmatch(texts["score"]):
                self.problem(where, f"分值“{texts['score']}”不是数，这一行无法导入。")
                return None
            score = Decimal(texts["score"])
        indicator = Indicator(
            *levels,
            IndicatorValue.parse(printed.value()),
            texts.get("description") or levels[2],
            score=score,
            explanation=texts.get("explanation", ""),
            scoring=texts.get("scoring", ""),
        )
        return self._given_parts(where, indicator, printed)

    def _column(self, attribute: str) -> int:
        assert self.header is not None
        return self.header.columns[(INDICATOR, attribute)] + 1

    def _given_parts(self, where: str, indicator: Indicator, printed: _Printed) -> Indicator | None:
        """``indicator`` with each part that differs from what its value gives (指标性质 定性 for the value
        11月底之前, which reads as the number 11; its 目标值 then is its text): the parts then read back as
        printed. A blank part cannot be written; a row whose parts its value cannot give back is an error."""
        given: dict[str, Any] = {}
        if printed.nature and printed.nature != value_parts(indicator).nature:
            given["nature"] = printed.nature
        indicator = replace(indicator, **given)
        derived = value_parts(indicator)  # with its 指标性质: a 定性 value's 目标值 is its text
        if printed.sign is not None and printed.sign != derived.sign:
            given["direction"] = printed.direction
        if printed.target != derived.target:
            given["target"] = printed.target
        if printed.measure_unit and printed.measure_unit != derived.measure_unit:
            given["measure_unit"] = printed.measure_unit
        indicator = replace(indicator, **given)
        parts = value_parts(indicator)
        nature = printed.nature if printed.nature in (POSITIVE, NEGATIVE, QUALITATIVE) else parts.nature
        sign = None if nature == QUALITATIVE else printed.sign or parts.sign
        if (parts.nature, parts.sign, parts.target, parts.measure_unit) != (
            nature, sign, printed.target, printed.measure_unit
        ):  # fmt: skip
            shown = "、".join(text or "空" for text in (printed.nature, printed.direction, printed.target,
                                                        printed.measure_unit))  # fmt: skip
            self.problem(
                where,
                f"“{indicator.name}”的指标性质、指标方向、目标值、计量单位（{shown}）拼不成一个指标值，这一行无法导入",
            )
            return None
        return indicator

    # Projects.

    def _project(self, draft: _Draft) -> Project | None:
        if draft.broken:
            return None
        before = len(self.result.problems)
        where = draft.named(draft.start)
        cells = draft.cells
        budget = self._money(where, "预算数", cells.get("budget", ""), required=True)
        amounts = {
            f.attribute: self._money(where, f.key, cells[f.attribute], required=False)
            for f in PROJECT_FIELDS
            if f.kind is Kind.MONEY and f.attribute != "budget" and f.attribute in cells
        }
        goal_lines = [line.strip() for line in cells.get("goals", "").splitlines() if line.strip()]
        goals = goal_lines if len(goal_lines) == 1 else goals_of(goal_lines)
        if not goals:
            self.problem(where, "年度绩效目标是空的，这个项目无法导入。")
        if not draft.indicators:
            self.problem(where, "这个项目没有指标，无法导入。")
        if len(self.result.problems) > before or budget is None:
            return None
        changes: dict[str, Any] = {
            f.attribute: cells[f.attribute]
            for f in PROJECT_FIELDS
            if f.kind in (Kind.TEXT, Kind.DATE) and f.attribute != "name" and f.attribute in cells
        }
        project = Project(
            draft.name, budget, None, None, "", tuple(goals), tuple(draft.indicators), None, tuple(draft.unmerged)
        )
        changes |= amounts
        return replace(project, **changes)

    def _money(self, where: str, what: str, text: str, *, required: bool) -> Decimal | None:
        written = text.strip()
        unit = _AMOUNT_UNIT.search(written)
        cleaned = written[: unit.start()].strip() if unit else written
        if not cleaned:
            if required:
                self.problem(where, f"找不到{what}，这个项目无法导入。")
            return None
        if unit and self.result.money_unit and unit.group(1) != self.result.money_unit:
            self.problem(where, f"{what}“{written}”的单位与表格的金额单位（{self.result.money_unit}）不同，无法导入。")
            return None
        if unit and unit.group(1) in MONEY_UNITS and not self.result.money_unit:
            self.result.money_unit = unit.group(1)
        try:
            return parse_amount(cleaned, thousands=True)
        except AmountError as error:
            self.problem(where, f"{what}“{written}”{error}，这个项目无法导入。")
            return None


def _complete(nature: str, value: str) -> _Printed | None:
    """The parts of a whole 指标值 (``≥1辆``), as a row with blank 指标方向 and 计量单位 gives it."""
    parsed = IndicatorValue.parse(value)
    if not parsed.is_quantitative or _NUMBER.fullmatch(value):
        return None
    parts = value_parts(Indicator("", "", "", parsed, "", nature=nature))
    if parts.sign is None:
        return None
    direction = next((word for word, sign in DIRECTIONS.items() if sign == parts.sign), parts.sign)
    return _Printed(nature or parts.nature, direction, parts.sign, parts.target, parts.measure_unit)


def _column_name(attribute: str) -> str:
    """A project column's name in messages: its YAML key where the vocabulary has one."""
    fields: dict[str, Field] = {f.attribute: f for f in PROJECT_FIELDS}
    return {"goals": "年度绩效目标", "owner": "项目单位"}.get(attribute) or fields[attribute].key


#: What :mod:`perfdocs.importing` asks: a file with a table that has a flat header row is in this layout.
IMPORTER = DocumentImporter(recognises=is_flat, reader=FlatReader)
