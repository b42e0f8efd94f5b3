"""How import reads the Shanghai 财政项目支出绩效目标申报表: the rows the Tianjin table does not have.

The form (``../shared/layouts/shanghai_2026_lanxilu.txt``) is one table a project, read by the same
reader as the Tianjin one (:mod:`perfdocs.importing.tables`: headings, merges, tables split over
pages), which asks :data:`IMPORTER` about the rows it does not know; what is the form's own is here:

* the header block: label | value pairs, several a row (项目名称 | … | 项目性质 | … | 项目类别 | …);
* 项目资金（元）, merged down its rows, each row a pair of label | amount on the left (the whole
  project's funds) and one on the right (the year's);
* 项目绩效目标, merged down two rows: 项目总目标 | 年度总体目标 over their texts;
* the form's title and year between a project's heading and its table.

Labels are recognised as :func:`~perfdocs.importing.tables.label` folds them (spaces, colons and
full-width forms do not matter). Each label's field is named by its model attribute, whose YAML key
is :data:`perfdocs.fields.PROJECT_FIELDS`'.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from perfdocs.fields import PROJECT_FIELDS, by_attribute
from perfdocs.importing.tables import DocumentReader, Draft, Row, TableForm, goals_of, label, one_line
from perfdocs.model import Project

#: The form's title, printed again over each project's table (not a title of the document).
FORM_TITLE = "财政项目支出绩效目标申报表"
#: The year line under it: （2026年度）.
YEAR = re.compile(r"^[（(]\s*(\d{4})\s*年度?\s*[)）]$")
#: The header block's labels, and the attribute each gives.
HEADER = {
    "项目性质": "nature",
    "项目类别": "category",
    "主管部门": "department",
    "实施单位": "implementer",
    "计划开始日期": "start_date",
    "计划完成日期": "end_date",
}
#: The header fields the form must print (all of them are in the layout's 项目必填).
REQUIRED = frozenset(HEADER.values())
#: The label of the funds block (merged down its rows), as folded: 项目资金（元）, 项目资金(万元)…
FUNDS = re.compile(r"^项目资金(?:\((万元|千元|元)\))?$")
#: The funds labels of each column, the left one the project's whole funds, the right one the year's.
LEFT_FUNDS = {"项目资金总额": "total_funds", "其中财政资金": "total_fiscal_funds", "其他资金": "total_other_funds"}
RIGHT_FUNDS = {
    "年度资金申请总额": "annual_request",
    "其中当年财政拨款": "appropriation",
    "上年结转资金": "carried_over",
    "其他资金": "other_funds",
}
OVERALL_GOAL = "项目总目标"
ANNUAL_GOAL = "年度总体目标"
_FUNDS_KIND = "项目资金"


def description(attribute: str) -> str:
    """The field's YAML key, for messages (项目资金总额, 上年结转资金…)."""
    return by_attribute(PROJECT_FIELDS)[attribute].key


def funds_label(text: str) -> str:
    """A funds label as the maps above know it: ``其中：财政资金`` folded is ``其中财政资金``."""
    return text.replace("：", "").replace(":", "")


class ShanghaiForm(TableForm):
    """The 申报表's header block, funds and goals, and the form's title and year over each table."""

    name = "上海"
    described = "申报表（有“项目性质”“项目资金（元）”等）"
    title = FORM_TITLE

    def paragraph(self, reader: DocumentReader, text: str) -> bool:
        if label(text) == FORM_TITLE:
            return True
        year = YEAR.match(label(text))
        if year is None:
            return False
        if reader.result.year not in ("", year.group(1)):
            message = f"这里的年度是{year.group(1)}，与前面的{reader.result.year}不同：一个单位只能有一个年度"
            reader.problem(text, message)
        reader.result.year = reader.result.year or year.group(1)
        return True

    def finish(self, reader: DocumentReader) -> None:
        """A published form without headings prints （2026年度） among the lines above its table: the year."""
        for line in list(reader.result.title_lines):
            year = YEAR.match(label(line))
            if year is not None and reader.result.year in ("", year.group(1)):
                reader.result.year = year.group(1)
                reader.result.title_lines.remove(line)

    def row_kind(self, draft: Draft, row: Row, labels: list[str]) -> str | None:
        """表头, 项目资金, 目标表头 (项目总目标 | 年度总体目标) or 目标."""
        continued = row.cells[0].merge == "continue"
        blank_first = not row.cells[0].shown_text.strip() and not continued
        found = set(labels)
        kinds = (
            (_FUNDS_KIND, bool(FUNDS.match(labels[0])) or (draft.last_kind == _FUNDS_KIND and continued)),
            ("目标表头", bool({OVERALL_GOAL, ANNUAL_GOAL} & found)),
            ("目标", bool(draft.columns) and not draft.goals and continued),
            ("表头", labels[0] in HEADER or (draft.form is self and blank_first and bool(found & _HEADER))),
        )
        return next((kind for kind, holds in kinds if holds), None)

    def name_row(self, reader: DocumentReader, draft: Draft, row: Row) -> bool:
        """The header block: label | value pairs, several a row (项目性质 | 阶段性项目)."""
        by_column = list(row.by_column().items())
        cells = [cell.shown_text.strip() for _, cell in by_column]
        found = False
        for index, text in enumerate(cells[:-1]):
            attribute = HEADER.get(label(text))
            if attribute is not None:
                found = True
                draft.fields[attribute] = one_line(cells[index + 1])
                draft.places[attribute] = f"{row.where}第 {by_column[index + 1][0] + 1} 列"
        if not found and draft.form is not self:
            return False
        for index in range(0, len(cells) - 1, 2):  # label | value pairs: a value under no label is lost
            if not cells[index] and cells[index + 1]:
                reader.problem(
                    draft.named(f"{row.where}第 {by_column[index][0] + 1} 列"),
                    f"这一格是空的，看不出它右边的“{one_line(cells[index + 1])[:30]}”是哪一栏"
                    f"（这里应是{'、'.join(HEADER)}之一），这张表无法导入",
                )
                draft.broken = True
        return True

    def row(self, reader: DocumentReader, draft: Draft, row: Row, kind: str) -> None:
        if kind == "表头":
            self.name_row(reader, draft, row)
        elif kind == _FUNDS_KIND:
            self._funds_row(reader, draft, row)
        elif kind == "目标表头":
            for column, cell in row.by_column().items():
                if label(cell.shown_text) == OVERALL_GOAL:
                    draft.columns["overall_goal"] = column
                elif label(cell.shown_text) == ANNUAL_GOAL:
                    draft.columns["goals"] = column
        else:
            columns = row.by_column()
            texts = {key: columns[column].shown_text for key, column in draft.columns.items() if column in columns}
            draft.fields["overall_goal"] = one_line(texts.get("overall_goal", ""))
            lines = [line for line in texts.get("goals", "").splitlines() if line.strip()]
            draft.goals = goals_of(lines)

    def _funds_row(self, reader: DocumentReader, draft: Draft, row: Row) -> None:
        """项目资金（元）: a label | amount pair on the left (the whole project's funds), one on the right
        (the year's)."""
        first = row.cells[0].shown_text.strip()
        if first and (unit := FUNDS.match(label(first))) and unit.group(1):
            reader.unit_texts(row.where, [f"单位{unit.group(1)}"])
        cells = [cell.shown_text.strip() for cell in row.cells[1:]]
        grid = list(row.by_column())[1:]
        for side, index in enumerate(range(0, len(cells) - 1, 2)):
            text, amount = funds_label(label(cells[index])), cells[index + 1]
            if not text and not amount:
                continue
            labels = LEFT_FUNDS if side == 0 else RIGHT_FUNDS
            attribute = labels.get(text) if side < 2 else None
            if attribute is None:
                where = draft.named(f"{row.where}第 {grid[index] + 1} 列")
                known = "、".join(labels) if side < 2 else ""
                which = f"（这一栏是 {known}）" if known else ""
                if text:
                    reader.problem(where, f"“{cells[index]}”不是项目资金的一项{which}，这张表无法导入")
                else:  # a blank label: the amount beside it cannot be placed
                    message = f"这一格是空的，看不出它右边的“{amount[:30]}”是项目资金的哪一项{which}，这张表无法导入"
                    reader.problem(where, message)
                draft.broken = True
                return
            draft.fields[attribute] = amount
            draft.places[attribute] = f"{row.where}第 {grid[index + 1] + 1} 列"

    def project(self, reader: DocumentReader, draft: Draft, merged_convention: bool) -> Project | None:
        """The year's 年度资金申请总额 is the 预算数, its 当年财政拨款 the 财政资金 (and given as such, as the
        form prints it), the other funds and the header block as printed."""
        before = len(reader.result.problems)
        where = draft.named(draft.start)
        name = draft.name or reader.missing(where, "项目名称后面没有项目名称")
        amounts = {
            attribute: reader.money(
                draft.named(draft.places[attribute]) if attribute in draft.places else where,
                description(attribute),
                draft.fields.get(attribute),
                required=False,
            )
            for attribute in _FUNDS
        }
        for label_text, attribute in HEADER.items():
            if attribute in REQUIRED and not draft.fields.get(attribute):
                if attribute in draft.places:
                    reader.missing(draft.named(draft.places[attribute]), f"“{label_text}”后面是空的")
                else:
                    reader.missing(where, f"表头中找不到“{label_text}”")
        budget = amounts.pop("annual_request")
        if budget is None and "annual_request" not in draft.fields:
            reader.missing(where, "找不到年度资金申请总额（项目资金（元）的右栏第一行）")
        if not draft.goals:
            reader.missing(where, "找不到年度总体目标")
        if not {"level1", "level2", "name", "value"} <= set(draft.grid):
            reader.missing(where, "找不到指标表头（一级指标、二级指标、三级指标、年度(/项目)指标值）")
        indicators, unmerged = reader.indicators(draft, merged_convention)
        if len(reader.result.problems) > before or budget is None:
            return None
        project = Project(
            name, budget, amounts["appropriation"], amounts["other_funds"], "", tuple(draft.goals),
            tuple(indicators), reader.heading_of(draft, name), unmerged,
        )  # fmt: skip
        texts = {attribute: text for attribute, text in draft.fields.items() if attribute not in _FUNDS}
        changes: dict[str, Any] = {**texts, **amounts}
        return replace(project, **changes)


_HEADER = frozenset(HEADER)
_FUNDS = (*LEFT_FUNDS.values(), *RIGHT_FUNDS.values())
#: What :mod:`perfdocs.importing` asks about the rows of a table the Tianjin reader does not know.
IMPORTER = ShanghaiForm()
