"""What a template sees: the unit as ready-to-print text.

Templates stay dumb: money arrives formatted (``418.00``, blank stays blank),
goals arrive as a list, and each indicator row says how its 一级/二级 cells merge.
Every name documented here is part of the template contract (see README).

Turning a project into its printed text is most of a build's work per project,
and projects do not depend on each other: a :class:`Prepared` document is the
unit's particulars plus each project's title and text, which a large unit
prepares in parallel processes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from itertools import groupby
from typing import Any, NamedTuple

from perfdocs.errors import VALUE, XML_INVALID, InputError, Location, Problem
from perfdocs.model import Indicator, Project, Unit, group_by_title
from perfdocs.money import TOO_MANY_PLACES, format_amount, is_exact_cents

# Bookmark ids far above the few a template may carry of its own.
_BOOKMARK_ID_BASE = 100000


class RowView(NamedTuple):
    """One indicator row; ``level1_merge``/``level2_merge`` feed ``{% vmerge %}``.

    ``bookmark``/``bookmark_id`` name a bookmark in the row while perfdocs lays the document out,
    to learn the page each row is on (:mod:`perfdocs.breaks`); "" and 0 otherwise.
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


class ProjectView(NamedTuple):
    """A project's table as text (a tuple: cheap to make, and to send from a worker process)."""

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
    RowView: frozenset(RowView._fields),
    ProjectView: frozenset(ProjectView._fields),
    **{view: frozenset(field.name for field in fields(view)) for view in (SectionView, UnitView)},
}


@dataclass(frozen=True)
class Prepared:
    """A unit ready to render: its particulars, and each project's title and text, in order."""

    unit: UnitView
    projects: tuple[tuple[str, ProjectView], ...]

    def headings(self) -> list[tuple[int, str]]:
        """The numbered headings: consecutive projects with the same title share one."""
        return [(number, title) for number, (title, _) in enumerate(self._groups(), start=1)]

    def context(self, pages: dict[int, int] | None = None) -> dict[str, Any]:
        """The template context; ``pages`` maps heading numbers to page numbers."""
        pages = pages or {}
        sections = [
            SectionView(
                number,
                title,
                bookmark_name(number),
                _BOOKMARK_ID_BASE + number,
                str(pages.get(number, "")),
                tuple(view for _, view in group),
            )
            for number, (title, group) in enumerate(self._groups(), start=1)
        ]
        return {"unit": self.unit, "sections": sections}

    def _groups(self) -> list[tuple[str, list[tuple[str, ProjectView]]]]:
        return group_by_title(self.projects, lambda item: item[0])


def prepare(unit: Unit | Prepared) -> Prepared:
    """The unit as text (a prepared one as it is); InputError for data a Word document cannot carry
    (see :func:`project_problems`)."""
    if isinstance(unit, Prepared):
        return unit
    problems = unit_problems(unit) + [problem for project in unit.projects for problem in project_problems(project)]
    if problems:
        raise InputError(problems)
    return Prepared(unit_view(unit), tuple((project.title, project_view(project)) for project in unit.projects))


def build_context(unit: Unit, pages: dict[int, int] | None = None) -> dict[str, Any]:
    """The template context for ``unit``; ``pages`` maps section numbers to page numbers."""
    return prepare(unit).context(pages)


def unit_view(unit: Unit) -> UnitView:
    return UnitView(unit.code, unit.name, unit.money_unit, unit.title_lines)


def unit_problems(unit: Unit) -> list[Problem]:
    """What of the unit itself a document cannot carry. The loader refuses all of it, but a
    script may have built the unit itself."""
    where = Location(unit.path or unit.name)
    problems = [Problem(where, VALUE, "单位没有项目，无法生成文档。")] if not unit.projects else []
    return problems + _invalid_characters(where, "单位", [unit.code, unit.name, *unit.title_lines])


def project_problems(project: Project) -> list[Problem]:
    """What of a project its table cannot carry: no goals or indicators, characters XML forbids."""
    where = Location(project.path or project.name)
    problems = []
    if not project.goals or not project.indicators:
        problems.append(Problem(where, VALUE, f"项目“{project.name}”没有绩效目标或绩效指标，无法生成表格。"))
    for label, amount in (
        ("预算数", project.budget),
        ("财政资金", project.fiscal_funds),
        ("其他资金", project.other_funds),
    ):
        if amount is not None and not is_exact_cents(amount):
            message = f"项目“{project.name}”的{label} {amount} {TOO_MANY_PLACES}。"
            problems.append(Problem(where, VALUE, message))
    texts = [project.name, project.heading or "", project.purpose, *project.goals]
    texts += [text for i in project.indicators for text in (i.level1, i.level2, i.name, i.description, i.value.text)]
    return problems + _invalid_characters(where, project.name, texts)


def _invalid_characters(where: Location, owner: str, texts: list[str]) -> list[Problem]:
    if not XML_INVALID.search("".join(texts)):  # one scan for the usual case
        return []
    return [
        Problem(
            where, VALUE, f"“{owner}”的文字“{text[:20]}”含有 Word 文档不能保存的控制字符 U+{ord(bad.group()):04X}。"
        )
        for text in texts
        if (bad := XML_INVALID.search(text))
    ]


def bookmark_name(section_number: int) -> str:
    """The bookmark on a section's heading, which the 目录 links to (hidden in Word: it starts with ``_``)."""
    return f"_Toc_perfdocs_{section_number}"


def project_view(project: Project) -> ProjectView:
    return ProjectView(
        project.name,
        format_amount(project.budget),
        format_amount(project.fiscal_funds),
        format_amount(project.other_funds),
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
