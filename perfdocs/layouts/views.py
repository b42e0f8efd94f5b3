"""What a template sees of a project, in any layout: its table as text, and how to make it.

Templates stay dumb: money arrives formatted in the layout's money unit and number format
(``418.00``, ``771,325,800.00``; blank stays blank), goals arrive as a list, and each indicator row
says how its cells merge. Every name documented here is part of the template contract (README,
“模板”). A layout's own ``view.py`` calls :func:`project_view` with how it prints an 指标值, and
says in ``PRINTED`` what of a project its document must show, in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from itertools import groupby
from typing import NamedTuple

from perfdocs.indicators import DIRECTION_WORDS, score_text, value_parts
from perfdocs.layouts import Layout
from perfdocs.model import Indicator, Project, Unit
from perfdocs.money import convert, format_amount

#: How a layout prints an indicator's 指标值 (the Tianjin table: as written).
ValueText = Callable[[Indicator], str]


class RowView(NamedTuple):
    """One indicator row; ``level1_merge``/``level2_merge`` (and ``project_merge``, for a table of all
    projects) feed ``{% vmerge %}``.

    ``bookmark``/``bookmark_id`` name a bookmark in the row while perfdocs lays the document out,
    to learn the page each row is on (:mod:`perfdocs.breaks`); "" and 0 otherwise. ``value`` is the
    指标值 as the layout prints it; the fields after ``bookmark_id`` are its parts and the other
    columns of official forms, as text ("" where there is none).
    """

    level1: str
    level2: str
    name: str
    description: str
    value: str
    level1_merge: str
    level2_merge: str
    bookmark: str = ""
    bookmark_id: int = 0
    nature: str = ""
    direction: str = ""
    target: str = ""
    measure_unit: str = ""
    score: str = ""
    explanation: str = ""
    scoring: str = ""
    operator: str = ""
    project_merge: str = ""


class ProjectView(NamedTuple):
    """A project's table as text (a tuple: cheap to make, and to send from a worker process).

    Amounts are printed in the layout's money unit and number format. The fields after ``rows``
    are those other official forms print ("" where the project gives none); ``annual_goals``
    is 年度总体目标, or the 绩效目标 when the project gives none.
    """

    name: str
    budget: str
    fiscal_funds: str
    other_funds: str
    purpose: str
    goals: tuple[str, ...]
    rows: tuple[RowView, ...]
    nature: str = ""
    category: str = ""
    department: str = ""
    implementer: str = ""
    start_date: str = ""
    end_date: str = ""
    total_funds: str = ""
    total_fiscal_funds: str = ""
    total_other_funds: str = ""
    annual_request: str = ""
    appropriation: str = ""
    carried_over: str = ""
    overall_goal: str = ""
    annual_goals: tuple[str, ...] = ()


class Printed(NamedTuple):
    """What of a project a layout's document must show, in order: fields of :class:`ProjectView`
    (``goals`` and ``annual_goals`` each item), then of each :class:`RowView`, each with its label."""

    project: tuple[tuple[str, str], ...]
    row: tuple[tuple[str, str], ...]


def as_written(indicator: Indicator) -> str:
    return indicator.value.text


def project_view(project: Project, unit: Unit, layout: Layout, value_text: ValueText = as_written) -> ProjectView:
    """``project`` printed in ``layout`` (amounts converted exactly from the unit's money unit)."""

    def money(amount: Decimal | None) -> str:
        return amount_text(amount, unit, layout)

    return ProjectView(
        project.name,
        money(project.budget),
        money(project.fiscal_funds),
        money(project.other_funds),
        project.purpose,
        project.goals,
        tuple(_rows(project, value_text)),
        project.nature,
        project.category,
        project.department,
        project.implementer,
        project.start_date,
        project.end_date,
        money(project.total_funds),
        money(project.total_fiscal_funds),
        money(project.total_other_funds),
        money(project.annual_request if project.annual_request is not None else project.budget),
        money(project.appropriation if project.appropriation is not None else project.fiscal_funds),
        money(project.carried_over),
        project.overall_goal,
        (project.annual_goal,) if project.annual_goal else project.goals,
    )


def amount_text(amount: Decimal | None, unit: Unit, layout: Layout) -> str:
    """An amount of ``unit`` as ``layout`` prints it; AmountError when it has no exact cents there."""
    if amount is None:
        return ""
    printed = convert(amount, unit.money_unit, layout.money_unit or unit.money_unit)
    return layout.zero if printed.is_zero() else format_amount(printed, thousands=layout.thousands)


def _rows(project: Project, value_text: ValueText) -> Iterator[RowView]:
    """Rows with their merges: equal consecutive 一级 cells merge unless the project says not; a table of
    all projects merges a project's own cells over its rows."""
    rows = 0
    project_merges = _merges(len(project.indicators))
    for level1, level1_run in groupby(project.indicators, key=lambda indicator: indicator.level1):
        block = list(level1_run)
        level1_merges = _merges(len(block)) if level1 not in project.unmerged_level1 else [""] * len(block)
        level2_merges = [merge for _, run in groupby(block, lambda i: i.level2) for merge in _merges(len(list(run)))]
        for indicator, merge1, merge2 in zip(block, level1_merges, level2_merges, strict=True):
            yield _row(indicator, merge1, merge2, project_merges[rows], value_text)
            rows += 1


def _merges(length: int) -> list[str]:
    return ["restart", *["continue"] * (length - 1)] if length > 1 else [""]


def _row(
    indicator: Indicator, level1_merge: str, level2_merge: str, project_merge: str, value_text: ValueText
) -> RowView:
    parts = value_parts(indicator)
    return RowView(
        indicator.level1,
        indicator.level2,
        indicator.name,
        indicator.description,
        value_text(indicator),
        level1_merge,
        level2_merge,
        nature=parts.nature,
        direction=DIRECTION_WORDS[parts.sign] if parts.sign else "",
        target=parts.target,
        measure_unit=parts.measure_unit,
        score=score_text(indicator.score),
        explanation=indicator.explanation,
        scoring=indicator.scoring,
        operator=parts.sign or "",
        project_merge=project_merge,
    )
