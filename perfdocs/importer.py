"""Reading existing 绩效目标表 out of Word and Excel files into the data model.

Real documents are untidy: labels with spaces inside (``其中：财政    资金``),
full- and half-width punctuation, merged or repeated 一级/二级 cells, several
lines in one cell, tables split across pages, a 目录 and other text between
the tables. The importer reads every table as a stream of rows and recognises
each row by its labels, not by its position, so layouts other than perfdocs'
own come in too. What it cannot read it reports with the table and row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from perfdocs.docxread import Block, Cell, Paragraph, Table
from perfdocs.errors import IMPORT, Location, Problem
from perfdocs.model import Indicator, IndicatorValue, Project

_HEADING_SUFFIX = "绩效目标表"
_DOCUMENT_TITLE = "项目支出绩效目标表"  # the title of a whole document, not of one project
_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*\d+\s*[)）]|\d+\s*(?:[.．](?!\d)|[、)）])|[一二三四五六七八九十]+\s*[、.．])\s*"
)
_UNIT_ROW = re.compile(r"^(\d+)\s*(\D.*)$")
_MONEY_UNIT = re.compile(r"^单位(万元|元|千元|亿元)$")
_GRID_LABELS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标值": "value",
}


def label(text: str) -> str:
    """Text as a label to recognise: full-width folded to half-width, spaces and colons dropped."""
    return re.sub(r"[\s:]", "", unicodedata.normalize("NFKC", text))


def one_line(text: str) -> str:
    """A cell's lines joined: a line break inside a Chinese sentence is only layout."""
    return "".join(line.strip() for line in text.splitlines()).strip()


@dataclass(frozen=True)
class Row:
    """A table row with the place it was found, in words for messages (第 2 张表第 5 行)."""

    cells: tuple[Cell, ...]
    where: str

    def texts(self) -> list[str]:
        return [cell.shown_text.strip() for cell in self.cells]

    def value_after(self, wanted: str) -> str | None:
        """The text of the cell after the first one whose label contains ``wanted``."""
        texts = self.texts()
        for index, text in enumerate(texts[:-1]):
            if wanted in label(text):
                return one_line(texts[index + 1])
        return None

    def by_column(self) -> dict[int, Cell]:
        """Cells by the grid column they start in."""
        columns, column = {}, 0
        for cell in self.cells:
            columns[column] = cell
            column += cell.span
        return columns


@dataclass
class _Draft:
    """A project while its rows are read."""

    start: str
    heading: str | None
    name: str = ""
    budget: str | None = None
    fiscal: str = ""
    other: str = ""
    purpose: str | None = None
    goals: list[str] = field(default_factory=list)
    grid: dict[str, int] = field(default_factory=dict)  # grid label → column
    rows: list[tuple[Row, dict[str, str], bool]] = field(default_factory=list)  # row, values, level1 merged
    expects_purpose: bool = False


@dataclass
class ImportedDocument:
    """What a document holds: the unit's particulars (where found), its projects, and what could not be read."""

    title_lines: list[str] = field(default_factory=list)
    unit_code: str | None = None
    unit_name: str | None = None
    money_unit: str | None = None
    projects: list[Project] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class DocumentReader:
    """Reads blocks (paragraphs and tables) of one source file into an :class:`ImportedDocument`."""

    def __init__(self, source: str):
        self.source = source
        self.result = ImportedDocument()
        self.draft: _Draft | None = None
        self.pending_heading: str | None = None
        self.seen_table = False
        self.preamble: list[str] = []
        self.drafts: list[_Draft] = []

    def read(self, blocks: Iterable[tuple[str, Block]]) -> ImportedDocument:
        """``blocks`` gives each block with the name of its table (``第 2 张表``, ``工作表“表1”``)."""
        for where, block in blocks:
            if isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                if not self.seen_table:
                    self._first_table()
                for number, cells in enumerate(block.rows, start=1):
                    self._row(Row(cells, f"{where}第 {number} 行"))
        self._finish()
        merged_convention = any(merged for draft in self.drafts for _, _, merged in draft.rows)
        for draft in self.drafts:
            project = self._project(draft, merged_convention)
            if project is not None:
                self.result.projects.append(project)
        return self.result

    def problem(self, where: str, message: str) -> None:
        self.result.problems.append(Problem(Location(self.source), IMPORT, f"{where}：{message}"))

    def _paragraph(self, paragraph: Paragraph) -> None:
        """A heading (``…绩效目标表``) stands over the projects that follow it, until the next one;
        lines before the first table, other than the 目录 and that heading, are the document's title."""
        text = one_line(paragraph.text)
        if not text or paragraph.style.startswith("TOC") or label(text) == "目录" or "\t" in paragraph.text:
            return
        if text.endswith(_HEADING_SUFFIX) and label(text) != _DOCUMENT_TITLE and paragraph.style != "Title":
            self.pending_heading = text
        if not self.seen_table:
            self.preamble.append(text)

    def _first_table(self) -> None:
        self.seen_table = True
        self.result.title_lines = [line for line in self.preamble if line != self.pending_heading]

    def _row(self, row: Row) -> None:
        texts = [text for text in row.texts() if text]
        if not texts:
            return
        labels = [label(text) for text in texts]
        single = len(set(texts)) == 1
        if single and texts[0].endswith(_HEADING_SUFFIX):
            self.pending_heading = texts[0]
        elif labels[0] == "项目名称":
            self._start(row, texts)
        elif any(_MONEY_UNIT.match(text) for text in labels) or (single and _UNIT_ROW.match(one_line(texts[0]))):
            self._unit_row(texts, labels)
        elif self.draft is not None:
            self._project_row(self.draft, row, texts, labels)

    def _start(self, row: Row, texts: list[str]) -> None:
        self._finish()
        self.draft = _Draft(row.where, self.pending_heading, name=one_line(texts[1]) if len(texts) > 1 else "")

    def _unit_row(self, texts: list[str], labels: list[str]) -> None:
        for text, text_label in zip(texts, labels, strict=True):
            if money_unit := _MONEY_UNIT.match(text_label):
                self.result.money_unit = self.result.money_unit or money_unit.group(1)
            elif (match := _UNIT_ROW.match(one_line(text))) and self.result.unit_code is None:
                self.result.unit_code, self.result.unit_name = match.group(1), match.group(2).strip()

    def _project_row(self, draft: _Draft, row: Row, texts: list[str], labels: list[str]) -> None:
        if "预算数" in labels:
            draft.budget = row.value_after("预算数")
            draft.fiscal = row.value_after("财政资金") or ""
            draft.other = row.value_after("其他资金") or ""
            draft.expects_purpose = True
        elif labels[0] in ("资金用途", "预算规模及资金用途") or (
            draft.expects_purpose and row.cells[0].shown_text == ""
        ):
            draft.purpose = one_line(texts[-1])
            draft.expects_purpose = False
        elif labels[0] in ("绩效目标", "年度绩效目标", "项目绩效目标"):
            lines = [line for text in texts[1:] for line in text.splitlines()]
            draft.goals = [_NUMBERING.sub("", line).strip() for line in lines if line.strip()]
        elif {"一级指标", "三级指标", "指标值"} <= set(labels):
            if not draft.grid:
                columns = {label(cell.text): column for column, cell in row.by_column().items()}
                draft.grid = {key: columns[text] for text, key in _GRID_LABELS.items() if text in columns}
        elif draft.grid:
            self._indicator_row(draft, row)

    def _indicator_row(self, draft: _Draft, row: Row) -> None:
        cells = row.by_column()
        values = {
            key: one_line(cells[column].shown_text) if column in cells else "" for key, column in draft.grid.items()
        }
        level1_cell = cells.get(draft.grid.get("level1", -1))
        merged = level1_cell is not None and level1_cell.merge == "continue"
        draft.rows.append((row, values, merged))

    def _finish(self) -> None:
        if self.draft is not None:
            self.drafts.append(self.draft)
        self.draft = None

    def _project(self, draft: _Draft, merged_convention: bool) -> Project | None:
        before = len(self.result.problems)
        name = draft.name or self._missing(draft.start, "项目名称后面没有项目名称")
        budget = self._money(draft.start, "预算数", draft.budget, required=True)
        fiscal = self._money(draft.start, "财政资金", draft.fiscal, required=False)
        other = self._money(draft.start, "其他资金", draft.other, required=False)
        purpose = draft.purpose or self._missing(draft.start, "找不到资金用途（预算数那一行的下一行）")
        if not draft.goals:
            self._missing(draft.start, "找不到绩效目标")
        if not {"level1", "level2", "name", "value"} <= set(draft.grid):
            self._missing(draft.start, "找不到指标表头（一级指标、二级指标、三级指标、指标值）")
        indicators, unmerged = self._indicators(draft, merged_convention)
        if len(self.result.problems) > before or budget is None:
            return None
        heading = _NUMBERING.sub("", draft.heading or "").strip() or None
        heading = None if heading == name + _HEADING_SUFFIX else heading
        return Project(name, budget, fiscal, other, purpose, tuple(draft.goals), tuple(indicators), heading, unmerged)

    def _missing(self, where: str, message: str) -> str:
        self.problem(where, f"{message}，这张表无法导入。")
        return ""

    def _money(self, where: str, what: str, text: str | None, *, required: bool) -> Decimal | None:
        cleaned = (text or "").replace(",", "").replace("，", "").removesuffix("万元").strip()
        if not cleaned:
            if required:
                self._missing(where, f"找不到{what}")
            return None
        try:
            return Decimal(unicodedata.normalize("NFKC", cleaned))
        except InvalidOperation:
            self.problem(where, f"{what}“{text}”不是数字，这张表无法导入。")
            return None

    def _indicators(self, draft: _Draft, merged_convention: bool) -> tuple[list[Indicator], tuple[str, ...]]:
        indicators: list[Indicator] = []
        unmerged: dict[str, None] = {}
        seen: set[tuple[str, str, str]] = set()
        level1 = level2 = ""
        for row, values, merged in draft.rows:
            repeated = bool(values.get("level1")) and values.get("level1") == level1 and bool(indicators)
            if merged_convention and repeated and not merged:
                unmerged[level1] = None
            level1 = values.get("level1") or level1
            level2 = values.get("level2") or level2
            name, value = values.get("name", ""), values.get("value", "")
            if not name or not value or not level1 or not level2:
                self.problem(row.where, "指标行缺少一级指标、二级指标、三级指标或指标值，这张表无法导入。")
                continue
            if (level1, level2, name) in seen:
                self.problem(row.where, f"三级指标“{name}”在同一二级指标下出现了两次，YAML 中无法区分，请先改名。")
                continue
            seen.add((level1, level2, name))
            description = values.get("description") or name
            indicators.append(Indicator(level1, level2, name, IndicatorValue.parse(value), description))
        if not indicators and draft.grid:
            self._missing(draft.start, "指标表中没有指标")
        return indicators, tuple(unmerged)


def numbered_tables(blocks: Iterable[Block]) -> Iterator[tuple[str, Block]]:
    """Blocks of a Word document, each table named by its number (第 3 张表)."""
    number = 0
    for block in blocks:
        if isinstance(block, Table):
            number += 1
            yield f"第 {number} 张表", block
        else:
            yield "", block


def sheet_tables(sheets: Iterable[tuple[str, Table]]) -> Iterator[tuple[str, Block]]:
    """Worksheets as blocks, each named by its sheet (工作表“表1”)."""
    for name, table in sheets:
        yield f"工作表“{name}”", table
