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

from dataclasses import dataclass, fields
from typing import Any, cast

from perfdocs.errors import VALUE, XML_INVALID, InputError, Location, Problem
from perfdocs.fields import PROJECT_FIELDS, Kind
from perfdocs.layouts import DEFAULT_LAYOUT, Layout, get_layout
from perfdocs.layouts.views import ProjectView, RowView
from perfdocs.model import Project, Unit, group_by_title
from perfdocs.money import TOO_MANY_PLACES, AmountError, is_exact_cents
from perfdocs.ooxml.wordml import SECTION_BOOKMARK, SECTION_BOOKMARK_IDS


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
    """The unit's particulars; ``money_unit`` is the layout's (the unit of the amounts as printed)."""

    code: str
    name: str
    money_unit: str
    title_lines: tuple[str, ...]
    year: str = ""


#: The fields of each view type, which templates may read without the sandbox's per-access checks.
VIEW_FIELDS: dict[type, frozenset[str]] = {
    RowView: frozenset(RowView._fields),
    ProjectView: frozenset(ProjectView._fields),
    **{view: frozenset(field.name for field in fields(view)) for view in (SectionView, UnitView)},
}


@dataclass(frozen=True)
class Prepared:
    """A unit ready to render in ``layout`` (a name): its particulars, and each project's title and text,
    in order."""

    unit: UnitView
    projects: tuple[tuple[str, ProjectView], ...]
    layout: str = DEFAULT_LAYOUT

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
                SECTION_BOOKMARK_IDS + number,
                str(pages.get(number, "")),
                tuple(view for _, view in group),
            )
            for number, (title, group) in enumerate(self._groups(), start=1)
        ]
        return {"unit": self.unit, "sections": sections}

    def _groups(self) -> list[tuple[str, list[tuple[str, ProjectView]]]]:
        return group_by_title(self.projects, lambda item: item[0])


def prepare(unit: Unit | Prepared, layout: str | None = None) -> Prepared:
    """The unit as text in ``layout`` (the unit's own when None; a prepared unit as it is); InputError
    for data a Word document cannot carry (see :func:`project_problems`), or the layout cannot print."""
    if isinstance(unit, Prepared):
        return unit
    chosen = get_layout(layout or unit.layout, unit.locations.get("版式"))
    problems = unit_problems(unit) + [problem for project in unit.projects for problem in project_problems(project)]
    if problems:
        raise InputError(problems)
    views: list[tuple[str, ProjectView]] = []
    unprintable: list[Problem] = []
    for project in unit.projects:  # every project's problems, then one error
        try:
            views.append((project.title, printed_view(project, unit, chosen)))
        except InputError as error:
            unprintable += error.problems
    if unprintable:
        raise InputError(unprintable)
    return Prepared(unit_view(unit, chosen), tuple(views), chosen.name)


def printed_view(project: Project, unit: Unit, layout: Layout) -> ProjectView:
    """``project`` as ``layout`` prints it; InputError when an amount has no exact cents in its money unit."""
    try:
        return cast(ProjectView, layout.view.project_view(project, unit, layout))
    except AmountError as error:
        where = Location(project.path or project.name)
        message = f"项目“{project.name}”的金额换算成{layout.money_unit}后{error}，{layout.name}版式无法照印。"
        raise InputError([Problem(where, VALUE, message)]) from error


def build_context(unit: Unit, pages: dict[int, int] | None = None) -> dict[str, Any]:
    """The template context for ``unit``; ``pages`` maps section numbers to page numbers."""
    return prepare(unit).context(pages)


def unit_view(unit: Unit, layout: Layout) -> UnitView:
    return UnitView(unit.code, unit.name, layout.money_unit or unit.money_unit, unit.title_lines, unit.year)


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
    for field in PROJECT_FIELDS:
        amount = getattr(project, field.attribute) if field.kind is Kind.MONEY else None
        label = field.key
        if amount is not None and not is_exact_cents(amount):
            message = f"项目“{project.name}”的{label} {amount} {TOO_MANY_PLACES}。"
            problems.append(Problem(where, VALUE, message))
    texts = [project.name, project.heading or "", project.purpose, *project.goals, project.overall_goal]
    texts += [project.annual_goal, project.nature, project.category, project.department, project.implementer]
    texts += [
        text
        for i in project.indicators
        for text in (i.level1, i.level2, i.name, i.description, i.value.text, i.explanation, i.scoring, i.target)
    ]
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
    return SECTION_BOOKMARK.format(section_number)
