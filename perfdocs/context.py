"""What a template sees: the unit as ready-to-print text.

Templates stay dumb: money arrives formatted (``418.00``, blank stays blank),
goals arrive as a list, and each indicator row says how its 一级/二级 cells merge.
Every name documented here is part of the template contract (see README).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from typing import Any

from perfdocs.errors import VALUE, XML_INVALID, InputError, Location, Problem
from perfdocs.model import Indicator, Project, Section, Unit

_CENT = Decimal("0.01")
# Bookmark ids far above the few a template may carry of its own.
_BOOKMARK_ID_BASE = 100000


@dataclass(frozen=True, slots=True)
class RowView:
    """One indicator row; ``level1_merge``/``level2_merge`` feed ``{% vmerge %}``."""

    level1: str
    level2: str
    name: str
    description: str
    value: str
    level1_merge: str
    level2_merge: str


@dataclass(frozen=True, slots=True)
class ProjectView:
    name: str
    budget: str
    fiscal_funds: str
    other_funds: str
    purpose: str
    goals: tuple[str, ...]
    rows: tuple[RowView, ...]


@dataclass(frozen=True, slots=True)
class SectionView:
    """A numbered heading: its 目录 entry, its bookmark and its projects."""

    number: int
    title: str
    bookmark: str
    bookmark_id: int
    page: str
    projects: tuple[ProjectView, ...]


@dataclass(frozen=True, slots=True)
class UnitView:
    code: str
    name: str
    money_unit: str
    title_lines: tuple[str, ...]


#: The fields of each view type, which templates may read without the sandbox's per-access checks.
VIEW_FIELDS: dict[type, frozenset[str]] = {
    view: frozenset(field.name for field in fields(view)) for view in (RowView, ProjectView, SectionView, UnitView)
}


def format_money(amount: Decimal | None) -> str:
    """Two decimal places as the published tables print them; a blank amount stays blank."""
    if amount is None:
        return ""
    if amount.is_zero():
        amount = abs(amount)  # -0 would print as -0.00
    return str(amount.quantize(_CENT, rounding=ROUND_HALF_UP))


def build_context(unit: Unit, pages: dict[int, int] | None = None) -> dict[str, Any]:
    """The template context for ``unit``; ``pages`` maps section numbers to page numbers.

    Raises :class:`InputError` for data a Word document cannot carry, which the
    loader refuses but a script may have made: no project, a project without
    goals or indicators, characters XML forbids.
    """
    problems = list(_unrenderable(unit))
    if problems:
        raise InputError(problems)
    pages = pages or {}
    unit_view = UnitView(unit.code, unit.name, unit.money_unit, unit.title_lines)
    sections = [_section_view(section, str(pages.get(section.number, ""))) for section in unit.sections()]
    return {"unit": unit_view, "sections": sections}


def _unrenderable(unit: Unit) -> Iterator[Problem]:
    where = Location(unit.path or unit.name)
    if not unit.projects:
        yield Problem(where, VALUE, "单位没有项目，无法生成文档。")
    texts = [("单位", text) for text in (unit.code, unit.name, *unit.title_lines)]
    for project in unit.projects:
        place = Location(project.path or project.name)
        if not project.goals or not project.indicators:
            yield Problem(place, VALUE, f"项目“{project.name}”没有绩效目标或绩效指标，无法生成表格。")
        texts += [
            (project.name, text) for text in (project.name, project.heading or "", project.purpose, *project.goals)
        ]
        texts += [
            (project.name, text)
            for i in project.indicators
            for text in (i.level1, i.level2, i.name, i.description, i.value.text)
        ]
    if not XML_INVALID.search("".join(text for _, text in texts)):  # one scan for the usual case
        return
    for owner, text in texts:
        bad = XML_INVALID.search(text)
        if bad:
            message = f"“{owner}”的文字“{text[:20]}”含有 Word 文档不能保存的控制字符 U+{ord(bad.group()):04X}。"
            yield Problem(where, VALUE, message)


def bookmark_name(section_number: int) -> str:
    """The bookmark on a section's heading, which the 目录 links to (hidden in Word: it starts with ``_``)."""
    return f"_Toc_perfdocs_{section_number}"


def _section_view(section: Section, page: str) -> SectionView:
    return SectionView(
        section.number,
        section.title,
        bookmark_name(section.number),
        _BOOKMARK_ID_BASE + section.number,
        page,
        tuple(project_view(project) for project in section.projects),
    )


def project_view(project: Project) -> ProjectView:
    return ProjectView(
        project.name,
        format_money(project.budget),
        format_money(project.fiscal_funds),
        format_money(project.other_funds),
        project.purpose,
        project.goals,
        tuple(_rows(project)),
    )


def _rows(project: Project) -> Iterator[RowView]:
    """Rows with their merges: equal consecutive 一级 cells merge unless the project says not."""
    for level1, level1_run in groupby(project.indicators, key=lambda indicator: indicator.level1):
        block = list(level1_run)
        level1_merges = _merges(len(block)) if level1 not in project.unmerged_level1 else [""] * len(block)
        level2_merges = [merge for _, run in groupby(block, lambda i: i.level2) for merge in _merges(len(list(run)))]
        for indicator, merge1, merge2 in zip(block, level1_merges, level2_merges, strict=True):
            yield _row(indicator, merge1, merge2)


def _merges(length: int) -> list[str]:
    return ["restart", *["continue"] * (length - 1)] if length > 1 else [""]


def _row(indicator: Indicator, level1_merge: str, level2_merge: str) -> RowView:
    return RowView(
        indicator.level1,
        indicator.level2,
        indicator.name,
        indicator.description,
        indicator.value.text,
        level1_merge,
        level2_merge,
    )
