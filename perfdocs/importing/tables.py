"""Reading 绩效目标表 of one table a project (the Tianjin layout, and forms built on it) into the data model.

Real documents are untidy: labels with spaces inside (``其中：财政    资金``),
full- and half-width punctuation, merged or repeated 一级/二级 cells, several
lines in one cell, tables split across pages, a 目录 and other text between
the tables. The importer reads every table as a stream of rows and recognises
each row by its labels, not by its position, so layouts other than perfdocs'
own come in too. What it cannot read it reports with the table and row.

A layout of one table a project with rows of its own (the Shanghai 申报表: a header block, its funds
and two goals where the Tianjin table has 预算数 and 资金用途) is a :class:`TableForm` in its layout's
folder (``perfdocs/layouts/shanghai/importer.py``): the reader asks it about the rows it does not know.
The unit line and the money unit may stand in the table or in paragraphs before it, on one line or two.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from perfdocs.errors import IMPORT, InputError, Location, Problem
from perfdocs.importing.blocks import Block, Cell, Paragraph, Table, paragraph_problem
from perfdocs.layouts import DEFAULT_LAYOUT
from perfdocs.model import Indicator, IndicatorValue, Project
from perfdocs.money import AmountError, parse_amount

_HEADING_SUFFIX = "绩效目标表"
_DOCUMENT_TITLE = "项目支出绩效目标表"  # the title of a whole document, not of one project
_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*\d+\s*[)）]|\d+\s*(?:[.．](?!\d)|[、)）])|[一二三四五六七八九十]+\s*[、.．])\s*"
)
_UNIT_ROW = re.compile(r"^(\d+)\s*(\D.*)$")
_MONEY_UNIT = re.compile(r"^(?:金额)?单位(万元|元|千元|亿元)$")
#: A money unit at the end of a line of text: “207101天津市河北区人民法院    单位：万元”, or alone.
MONEY_UNIT_IN_TEXT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|千元|亿元|元)\s*$")
#: A unit line outside the tables: a code of five digits or more, then the name (not “2025年…”).
UNIT_LINE = re.compile(r"^(\d{5,})\s*[-－—]?\s*([^\d\s年].*)$")
#: The rows a project's table has once: a second one means two tables ran together.
_ONCE_A_PROJECT = ("预算数", "资金用途", "绩效目标")
_AMOUNT_UNIT = re.compile(r"(万元|千元|亿元|元)$")
_DIGITS_ACROSS_LINES = re.compile(r"\d[ \t]*\n\s*\d")
_LEVEL_NAMES = {"level1": "一级指标", "level2": "二级指标"}
_GRID_LABELS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "绩效指标描述": "description",
    "指标值": "value",
    "年度(/项目)指标值": "value",  # the Shanghai form's
    "年度指标值": "value",
    "项目指标值": "value",
}
_PURPOSE_LABELS = ("资金用途", "预算规模及资金用途")
_VALUE_LABELS = frozenset(label for label, key in _GRID_LABELS.items() if key == "value")


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
        """The text of the cell after the first one whose label contains ``wanted``, its lines as they are."""
        texts = self.texts()
        for index, text in enumerate(texts):
            if wanted in label(text):
                return texts[index + 1] if index + 1 < len(texts) else ""  # a blank last cell may not be there
        return None

    def by_column(self) -> dict[int, Cell]:
        """Cells by the grid column they start in."""
        columns, column = {}, 0
        for cell in self.cells:
            columns[column] = cell
            column += cell.span
        return columns


@dataclass
class Draft:
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
    grid_width: int = 0  # grid columns the indicator header spans
    # each indicator row: the row, its values by grid label, the labels whose cells continue a merge,
    # and those whose cells start one
    rows: list[tuple[Row, dict[str, str], frozenset[str], frozenset[str]]] = field(default_factory=list)
    expects_purpose: bool = False
    broken: bool = False  # a row showed that this project ran into the next table
    last_kind: str = ""  # what the row before held (row_kind)
    # A form's own (a TableForm): the form whose rows were found, the project fields it read (attribute ->
    # text as printed), where each cell stood (第 1 张表第 4 行第 3 列), and columns it found (attribute -> column).
    form: TableForm | None = None
    fields: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)

    def named(self, where: str) -> str:
        """A place in this project's table, with the project's name: a skipped table says which project it was."""
        return f"{where}（项目“{self.name}”）" if self.name else where

    seen: set[str] = field(default_factory=set)  # the rows read once per project: 预算数, 资金用途, …


@dataclass
class ImportedDocument:
    """What a document holds: the unit's particulars (where found), its projects, and what could not be read."""

    title_lines: list[str] = field(default_factory=list)
    unit_code: str | None = None
    unit_name: str | None = None
    money_unit: str | None = None
    unit_row: str = ""  # the text the unit's code and name were taken from
    projects: list[Project] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: What was left out on purpose and must be said: rows and tables that are not part of a 绩效目标表.
    notices: list[str] = field(default_factory=list)
    #: The layout the tables are in (a name of :mod:`perfdocs.layouts`), and the year a form prints.
    layout: str = DEFAULT_LAYOUT
    year: str = ""
    #: The title a form prints over every table: a line of the document's title, but not the unit's name.
    form_title: str = ""


class TableForm:
    """A layout of one table a project whose rows the default (天津) reader does not know.

    The reader asks each form it is given about every row it reads, before its own kinds; a form that
    recognises a row claims the project, and a document with projects of two forms is refused.
    """

    #: The layout's name (:mod:`perfdocs.layouts`), and how its tables are told, for that refusal.
    name: ClassVar[str] = ""
    described: ClassVar[str] = ""
    #: The title printed over each table (a line to leave out of the unit's name).
    title: ClassVar[str] = ""

    def paragraph(self, reader: DocumentReader, text: str) -> bool:
        """Whether a paragraph after the first heading or table is the form's own (read, not a heading)."""
        return False

    def row_kind(self, draft: Draft, row: Row, labels: list[str]) -> str | None:
        """The kind of a row of the form's own, None for the reader's kinds."""
        return None

    def name_row(self, reader: DocumentReader, draft: Draft, row: Row) -> bool:
        """Read the 项目名称 row, which may hold more of the form (项目性质 | …); whether it did."""
        return False

    def row(self, reader: DocumentReader, draft: Draft, row: Row, kind: str) -> None:
        """Read a row of a kind :meth:`row_kind` gave."""

    def project(self, reader: DocumentReader, draft: Draft, merged_convention: bool) -> Project | None:
        """The project of a table of this form (None where it could not be read, said)."""
        raise NotImplementedError

    def finish(self, reader: DocumentReader) -> None:
        """After every table of a document in this form was read."""


class DocumentReader:
    """Reads blocks (paragraphs and tables) of one source file into an :class:`ImportedDocument`."""

    def __init__(self, source: str, forms: tuple[TableForm, ...] = ()):
        self.source = source
        self.forms = forms
        self.result = ImportedDocument()
        self.draft: Draft | None = None
        self.pending_heading: str | None = None  # without its number
        self.heading_as_written: str | None = None
        self.headings = 0
        self.seen_table = False
        self.preamble: list[str] = []
        self.drafts: list[Draft] = []
        self.table_starts = False  # the next row with text is the first of its table
        self.named_in_table = False  # whether this table has had its 项目名称 row
        self.unreadable: list[Problem] = []  # paragraphs the Word reader could not read: they fail the document

    def read(self, blocks: Iterable[tuple[str, Block]]) -> ImportedDocument:
        """``blocks`` gives each block with the name of its table (``第 2 张表``, ``工作表“表1”``)."""
        for where, block in blocks:
            if isinstance(block, Paragraph):
                self._paragraph(block)
            else:
                if not self.seen_table:
                    self._first_table()
                drafts_before, draft_before = len(self.drafts), self.draft
                self.table_starts, self.named_in_table = True, False
                for number, cells in zip(block.numbers or itertools.count(1), block.rows, strict=False):
                    self._row(Row(cells, f"{where}第 {number} 行"))
                if self.draft is None or (self.draft is draft_before and len(self.drafts) == drafts_before):
                    self._unused_table(where, block)
        self._finish()
        if self.unreadable:
            raise InputError(self.unreadable)
        merged_convention = any("level1" in merged for draft in self.drafts for _, _, merged, _ in draft.rows)
        forms = {draft.form for draft in self.drafts if not draft.broken}
        form = next((form for form in forms if form is not None), None)
        if len(forms) > 1 and form is not None:
            message = f"既有{form.name}版式的{form.described}，又有{DEFAULT_LAYOUT}版式的表：一个单位只能用一种版式"
            self.problem("文件中", message)
        if form is not None:
            self.result.layout, self.result.form_title = form.name, form.title
            form.finish(self)
        for draft in self.drafts:
            project = self._project(draft, merged_convention)
            if project is not None:
                self.result.projects.append(project)
        return self.result

    def problem(self, where: str, message: str) -> None:
        self.result.problems.append(Problem(Location(self.source), IMPORT, f"{where}：{message}"))

    def _unused_table(self, where: str, table: Table) -> None:
        """A table that started no project and continued none: say that it was not imported, unless empty."""
        texts = [one_line(cell.shown_text) for row in table.rows for cell in row if cell.shown_text.strip()]
        if not texts or (self.draft is not None and (self.draft.rows or self.draft.broken)):
            return  # empty, or part of the project being read (a broken one is said already)
        if {"预算数", "指标值", "绩效目标"} & {label(text) for text in texts}:
            self.problem(
                where, "这张表像是绩效目标表（有“预算数”“绩效目标”或“指标值”），但没有“项目名称”一行，无法导入。"
            )
        else:
            self.result.notices.append(f"{where}不是绩效目标表（没有“项目名称”一行），没有导入：“{texts[0][:20]}”……")

    def _paragraph(self, paragraph: Paragraph) -> None:
        """A heading (``…绩效目标表``) stands over the projects that follow it, until the next one;
        lines before the first table, other than the 目录 and that heading, are the document's title."""
        text = one_line(paragraph.text)
        if paragraph.problem:  # no table to skip: the document's own text cannot be trusted
            for issue in paragraph.problem.split("；"):
                self.unreadable.append(
                    Problem(Location(self.source), IMPORT, paragraph_problem(paragraph.place, issue))
                )
            return
        if not text or paragraph.style.startswith("TOC") or label(text) == "目录" or "\t" in paragraph.text:
            return
        text = self._unit_paragraph(paragraph, text)
        if not text or ((self.headings or self.seen_table) and any(form.paragraph(self, text) for form in self.forms)):
            return
        styled = paragraph.style.casefold().startswith("heading")
        if (styled or text.endswith(_HEADING_SUFFIX)) and label(text) != _DOCUMENT_TITLE and paragraph.style != "Title":
            self._heading(text)
        elif self.seen_table:  # between tables, only headings are read: say what else was there
            self.result.notices.append(f"“{text[:30]}”不是标题（不以“绩效目标表”结尾，也不是标题样式），没有导入。")
        if not self.seen_table and (not self.headings or self.heading_as_written == text):
            self.preamble.append(text)  # the title comes before the headings

    def _unit_paragraph(self, paragraph: Paragraph, text: str) -> str:
        """A paragraph outside the tables that gives the unit or the money unit, or both on one line: they
        are read, and what else it says is given back (“表11 项目绩效目标表  单位:元” is a title too)."""
        money = MONEY_UNIT_IN_TEXT.search(unicodedata.normalize("NFKC", text))
        rest = unicodedata.normalize("NFKC", text)[: money.start()].strip() if money else text
        found = []
        if UNIT_LINE.match(one_line(rest)):
            found, rest = [one_line(rest)], ""
        if money is not None:
            found.append(f"单位{money.group(1)}")
        if found:
            self.unit_texts(paragraph.place or "段落", found, separated=True)
        return rest if found else text

    def _heading(self, text: str) -> None:
        """A numbered heading: the document numbers them 1, 2, 3…, and that number is taken off exactly
        (a project named “1.数据” stands under “2.1.数据绩效目标表”)."""
        self.headings += 1
        numbered = _sequence_number(self.headings).match(text)
        self.pending_heading = text[numbered.end() :].strip() if numbered else _NUMBERING.sub("", text).strip()
        self.heading_as_written = text

    def _first_table(self) -> None:
        self.seen_table = True
        self.result.title_lines = [line for line in self.preamble if line != self.heading_as_written]
        if self.result.title_lines:
            self.result.notices.append(
                f"文档的标题取自第一张表之前的文字：{' / '.join(self.result.title_lines)}，请核对。"
            )

    def _row(self, row: Row) -> None:
        if self._unreadable_cells(row):
            return
        texts = [text for text in row.texts() if text]
        if not texts:
            if self.draft is not None:  # a blank row under 预算数: the purpose is missing, not further down
                self.draft.expects_purpose = False
            return
        labels = [label(text) for text in texts]
        single = len(set(texts)) == 1
        first_cell = row.cells[0].shown_text.strip() if row.cells else ""
        purpose_row = self.draft is not None and self.draft.expects_purpose
        if single and first_cell and texts[0].endswith(_HEADING_SUFFIX) and not purpose_row:
            self._heading(texts[0])
        elif labels[0] == "项目名称":
            self._start(row, texts)
        elif any(_MONEY_UNIT.match(text) for text in labels) or (
            single and not self.named_in_table and _UNIT_ROW.match(one_line(texts[0]))
        ):  # a row of one text that starts with digits is the unit only above 项目名称: else “2025年度经费”
            self._unit_row(row, texts, labels)
        elif self.draft is not None and self._continues(self.draft, row, labels):
            self._project_row(self.draft, row, texts, labels)
        self.table_starts = False

    def row_kind(self, draft: Draft, row: Row, labels: list[str]) -> tuple[str, TableForm | None]:
        """What a row of a project's table holds, and the form whose row it is (None: the reader's own):
        预算数, 资金用途, 绩效目标, 指标表头, an indicator, something else (""), or a kind of a form."""
        for form in (draft.form,) if draft.form is not None else self.forms:
            if kind := form.row_kind(draft, row, labels):
                return kind, form
        found = set(labels)
        kinds = (
            ("预算数", "预算数" in found),
            ("资金用途", labels[0] in _PURPOSE_LABELS or (draft.expects_purpose and row.cells[0].shown_text == "")),
            ("绩效目标", labels[0] in ("绩效目标", "年度绩效目标", "项目绩效目标")),
            ("指标表头", {"一级指标", "三级指标"} <= found and bool(_VALUE_LABELS & found)),
        )
        kind = next((kind for kind, holds in kinds if holds), None)
        return kind or ("indicator" if draft.grid else ""), None

    def _unreadable_cells(self, row: Row) -> bool:
        """Cells the Word reader could not read as data (their text is marked for people, not data): they
        fail the table they are in, which ``--skip-bad`` then leaves out, naming its project."""
        unreadable = [(column, cell) for column, cell in row.by_column().items() if cell.problem]
        texts = [text for text in row.texts() if text]
        if unreadable and texts and label(texts[0]) == "项目名称":  # the bad row starts a project: that one fails
            self._start(row, texts)
        for column, cell in unreadable:
            where = f"{row.where}第 {column + 1} 列"
            self.problem(self.draft.named(where) if self.draft else where, f"{cell.problem}，这张表无法导入。")
        if unreadable and self.draft is not None:
            self.draft.broken = True
        return bool(unreadable)

    def _continues(self, draft: Draft, row: Row, labels: list[str]) -> bool:
        """Whether a row belongs to the project being read. The first row of a new table does only when it
        carries on the project's indicator grid: its header repeated, or rows as wide as the grid (a
        table split by hand, said in a notice). Another table ends the project: it is not read into it."""
        if not self.table_starts or not draft.grid or self.row_kind(draft, row, labels)[0] != "indicator":
            return True
        if sum(cell.span for cell in row.cells) == draft.grid_width:
            self.result.notices.append(f"{row.where}起的表格没有表头，作为项目“{draft.name}”指标表的续表读入，请核对。")
            return True
        self._finish()
        return False

    def _start(self, row: Row, texts: list[str]) -> None:
        self._finish()
        self.named_in_table = True
        self.draft = Draft(row.where, self.pending_heading, name=one_line(texts[1]) if len(texts) > 1 else "")
        self.draft.form = next((form for form in self.forms if form.name_row(self, self.draft, row)), None)

    def _unit_row(self, row: Row, texts: list[str], labels: list[str]) -> None:
        self.unit_texts(row.where, texts)

    def unit_texts(self, where: str, texts: list[str], *, separated: bool = False) -> None:
        """The unit and the money unit, which every table of a document must give alike: a document that
        mixes units, or 万元 and 元, cannot be one unit folder. A unit line outside the tables may put a
        dash between the code and the name (``separated``); in a table's unit row the text is the name's."""
        for text in texts:
            text_label = label(text)
            if money_unit := _MONEY_UNIT.match(text_label):
                found = money_unit.group(1)
                if self.result.money_unit not in (None, found):
                    message = (
                        f"这里的金额单位是{found}，与前面表格的{self.result.money_unit}不同：一个单位只能用一种金额单位"
                    )
                    self.problem(where, message + "，无法导入。")
                self.result.money_unit = self.result.money_unit or found
            elif match := _UNIT_ROW.match(one_line(text)):
                code, name = match.group(1), match.group(2).strip()
                if separated and name[:1] in "-－—" and name[1:].strip():  # 776001-扎赉特旗人民检察院
                    name = name[1:].strip()
                if self.result.unit_code not in (None, code) or self.result.unit_name not in (None, name):
                    message = (
                        f"这里的单位是“{code}{name}”，与前面表格的“{self.result.unit_code}{self.result.unit_name}”不同"
                    )
                    self.problem(where, message + "：一个文件只能导入一个单位，无法导入。")
                if self.result.unit_code is None:
                    self.result.unit_code, self.result.unit_name, self.result.unit_row = code, name, one_line(text)

    def _project_row(self, draft: Draft, row: Row, texts: list[str], labels: list[str]) -> None:
        if draft.broken:  # the rest, up to the next 项目名称, belongs to a table that lost it
            return
        kind, form = self.row_kind(draft, row, labels)
        if kind in draft.seen and kind in _ONCE_A_PROJECT:
            self.problem(
                draft.named(row.where),
                f"这一行又是“{kind}”，但它前面没有新的“项目名称”一行（这个项目从{draft.start}开始）："
                "可能是下一张表缺了“项目名称”一行，两张表连在了一起，这张表无法导入",
            )
            draft.broken = True
            return
        draft.seen.add(kind)
        if draft.expects_purpose and kind != "资金用途":  # the row under 预算数 holds the purpose, or none does
            draft.expects_purpose = False
        draft.last_kind = kind
        if form is not None:
            draft.form = form
            form.row(self, draft, row, kind)
        elif kind == "预算数":
            draft.budget = row.value_after("预算数")
            fiscal, other = row.value_after("财政资金"), row.value_after("其他资金")
            if fiscal is None or other is None:  # an amount under another label must not be dropped
                missing = "、".join(
                    name for name, found in (("财政资金", fiscal), ("其他资金", other)) if found is None
                )
                self.problem(draft.named(row.where), f"预算数这一行找不到“{missing}”，这张表无法导入。")
                draft.broken = True
            draft.fiscal, draft.other = fiscal or "", other or ""
            draft.expects_purpose = True
        elif kind == "资金用途":
            draft.purpose = one_line(texts[-1])
            draft.expects_purpose = False
        elif kind == "绩效目标":
            lines = [line for text in texts[1:] for line in text.splitlines()]
            draft.goals = goals_of([line for line in lines if line.strip()])
        elif kind == "指标表头":  # repeated where a table goes on over a page or in a second table
            columns = {label(cell.text): column for column, cell in row.by_column().items()}
            grid = {key: columns[text] for text, key in _GRID_LABELS.items() if text in columns}
            draft.grid_width = sum(cell.span for cell in row.cells)
            if draft.grid and grid != draft.grid:
                self.problem(draft.named(row.where), "指标表头又出现了一次，但列与前面的表头不同，这张表无法导入")
                draft.broken = True
            draft.grid = grid
        elif kind == "indicator":
            self._indicator_row(draft, row)
        else:
            self.result.notices.append(f"{row.where}“{texts[0][:20]}”不是绩效目标表的内容，没有导入。")

    def _indicator_row(self, draft: Draft, row: Row) -> None:
        cells = row.by_column()
        values = {
            key: self._joined(draft, row, cells[column].shown_text) if column in cells else ""
            for key, column in draft.grid.items()
        }
        merged, restarted = (
            frozenset(key for key, column in draft.grid.items() if column in cells and cells[column].merge == merge)
            for merge in ("continue", "restart")
        )
        draft.rows.append((row, values, merged, restarted))

    def _joined(self, draft: Draft, row: Row, text: str) -> str:
        """A cell's lines as one (:func:`one_line`), unless joining them would join two numbers: “100”
        above “8.80” is not 1008.80."""
        if _DIGITS_ACROSS_LINES.search(text):
            shown = text.replace("\n", "↵")
            self.problem(draft.named(row.where), f"“{shown}”分成了几行，接起来会把两个数字连在一起，这张表无法导入。")
            draft.broken = True
        return one_line(text)

    def _finish(self) -> None:
        if self.draft is not None:
            self.drafts.append(self.draft)
        self.draft = None

    def _project(self, draft: Draft, merged_convention: bool) -> Project | None:
        if draft.broken:  # said where it broke; what is missing after that follows from it
            return None
        if draft.form is not None:
            return draft.form.project(self, draft, merged_convention)
        before = len(self.result.problems)
        name = draft.name or self.missing(draft.named(draft.start), "项目名称后面没有项目名称")
        budget = self.money(draft.named(draft.start), "预算数", draft.budget, required=True)
        fiscal = self.money(draft.named(draft.start), "财政资金", draft.fiscal, required=False)
        other = self.money(draft.named(draft.start), "其他资金", draft.other, required=False)
        purpose = draft.purpose or self.missing(draft.named(draft.start), "找不到资金用途（预算数那一行的下一行）")
        if not draft.goals:
            self.missing(draft.named(draft.start), "找不到绩效目标")
        if not {"level1", "level2", "name", "value"} <= set(draft.grid):
            self.missing(draft.named(draft.start), "找不到指标表头（一级指标、二级指标、三级指标、指标值）")
        indicators, unmerged = self.indicators(draft, merged_convention)
        if len(self.result.problems) > before or budget is None or draft.broken:
            return None
        heading = self.heading_of(draft, name)
        return Project(name, budget, fiscal, other, purpose, tuple(draft.goals), tuple(indicators), heading, unmerged)

    @staticmethod
    def heading_of(draft: Draft, name: str) -> str | None:
        """The project's 标题 where its heading is not the one perfdocs would print (名称 + 绩效目标表)."""
        return None if draft.heading in (None, "", name + _HEADING_SUFFIX) else draft.heading

    def missing(self, where: str, message: str) -> str:
        self.problem(where, f"{message}，这张表无法导入。")
        return ""

    def money(self, where: str, what: str, text: str | None, *, required: bool) -> Decimal | None:
        """An amount as the table shows it, read exactly (:func:`~perfdocs.money.parse_amount`): a unit
        written after it must be the document's own, and nothing is rounded or guessed."""
        written = (text or "").strip()
        if "\n" in written:
            shown = written.replace("\n", "↵")
            self.problem(where, f"{what}“{shown}”分成了几行，看不出是哪个数，这张表无法导入。")
            return None
        unit = _AMOUNT_UNIT.search(written)
        cleaned = written[: unit.start()].strip() if unit else written
        if not cleaned:
            if required:
                self.missing(where, f"找不到{what}")
            return None
        if unit and self.result.money_unit and unit.group(1) != self.result.money_unit:
            message = f"{what}“{written}”的单位与表格的金额单位（{self.result.money_unit}）不同，这张表无法导入。"
            self.problem(where, message)
            return None
        try:
            return parse_amount(cleaned, thousands=True)
        except AmountError as error:
            self.problem(where, f"{what}“{written}”{error}，这张表无法导入。")
            return None

    def indicators(self, draft: Draft, merged_convention: bool) -> tuple[list[Indicator], tuple[str, ...]]:
        indicators: list[Indicator] = []
        unmerged: dict[str, None] = {}
        seen: set[tuple[str, str, str]] = set()
        level1 = level2 = ""
        for row, values, merged, restarted in draft.rows:
            repeated = bool(values.get("level1")) and values.get("level1") == level1 and bool(indicators)
            # a merge that starts again with the same label is one run, broken by a page (perfdocs.breaks)
            if merged_convention and repeated and "level1" not in merged | restarted:
                unmerged[level1] = None
            blank = [key for key in ("level1", "level2") if not values.get(key) and key not in merged and indicators]
            if blank:  # a blank cell that merges nothing is blank: taking the one above would be a guess
                what = "、".join(_LEVEL_NAMES[key] for key in blank)
                self.problem(draft.named(row.where), f"{what}是空的（也不是合并单元格），这张表无法导入。")
                continue
            level1 = values.get("level1") or level1
            level2 = values.get("level2") or level2
            name, value = values.get("name", ""), values.get("value", "")
            if not name or not value or not level1 or not level2:
                self.problem(draft.named(row.where), "指标行缺少一级指标、二级指标、三级指标或指标值，这张表无法导入。")
                continue
            if (level1, level2, name) in seen:
                self.problem(
                    draft.named(row.where), f"三级指标“{name}”在同一二级指标下出现了两次，YAML 中无法区分，请先改名。"
                )
                continue
            seen.add((level1, level2, name))
            description = values.get("description") or name
            if "description" in draft.grid and not values.get("description"):
                self.result.notices.append(
                    f"{draft.named(row.where)}：绩效指标描述是空的，按 perfdocs 的格式印成三级指标的名称“{name}”。"
                )
            indicators.append(Indicator(level1, level2, name, IndicatorValue.parse(value), description))
        if not indicators and draft.grid:
            self.missing(draft.named(draft.start), "指标表中没有指标")
        return indicators, tuple(unmerged)


def goals_of(lines: list[str]) -> list[str]:
    """The goals of numbered lines. Numbers that run 1, 2, 3… are taken off exactly, so that a goal
    “95” printed as “1.95” comes back as “95”; lines not numbered in order each lose what looks like a number."""
    numbered = [_sequence_number(index).match(line) for index, line in enumerate(lines, start=1)]
    if all(numbered):
        return [line[match.end() :].strip() for line, match in zip(lines, numbered, strict=True) if match]
    return [_NUMBERING.sub("", line).strip() for line in lines]


def _sequence_number(number: int) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:[（(]\s*{number}\s*[)）]|{number}\s*[.．、)）])\s*")


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
