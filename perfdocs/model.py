"""The data of a unit's 项目支出绩效目标表, independent of YAML and of Word.

Everything here is a frozen dataclass: a loaded unit is a value that scripts can
pass around, compare and transform (``dataclasses.replace``) without surprises.
Money is :class:`~decimal.Decimal` in the unit's money unit (万元), never float.
Source positions ride along (``compare=False``) so that checks can point at lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import groupby
from types import MappingProxyType
from typing import TypeVar

from perfdocs.errors import Location

#: The score a published table may print after a 一级 label: "(50分)", "（50分）", "(0-20)分".
SCORE_PATTERN = r"\s*[(（]\s*\d+(?:\.\d+)?(?:\s*[-－~～]\s*\d+(?:\.\d+)?)?\s*分?\s*[)）]\s*分?"

_DATE = re.compile(r"(\d{4})([/.-]|年)(\d{1,2})(?:\2|月)(\d{1,2})日?")

#: What a heading says when a project does not name one.
HEADING_SUFFIX = "绩效目标表"

_NO_LOCATIONS: Mapping[str, Location] = MappingProxyType({})
_NO_ALIASES: Mapping[str, str] = MappingProxyType({})

# How a written comparison reads, mapped to the sign perfdocs reasons with.
_OPERATORS = {
    "≥": "≥", ">=": "≥", "≧": "≥", "＞＝": "≥", "＞=": "≥",
    "≤": "≤", "<=": "≤", "≦": "≤", "＜＝": "≤", "＜=": "≤",
    "＝": "=", "=": "=",
    ">": ">", "＞": ">",
    "<": "<", "＜": "<",
}  # fmt: skip
_OPERATOR_PATTERN = "|".join(sorted(map(re.escape, _OPERATORS), key=len, reverse=True))
#: The comparison signs published tables write; the others are read too, but written as these.
PUBLISHED_SIGNS = ("≥", "≤", "＝", "=", ">", "<")
_LEADING_SIGN = re.compile(rf"^\s*({_OPERATOR_PATTERN})")
_QUANTITY = re.compile(rf"^(?P<operator>{_OPERATOR_PATTERN})?\s*(?P<number>[+-]?\d+(?:\.\d+)?)\s*(?P<unit>\D*)$")


def written_date(text: str) -> date | None:
    """The day a date field writes (``2026/1/1``, ``2026-01-01``, ``2026年1月1日``), None if it is no day."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[3]), int(match[4]))
    except ValueError:
        return None


def nonstandard_sign(text: str) -> tuple[str, str] | None:
    """``(">=", "≥")`` when ``text`` starts with a sign published tables do not use, and the one they do."""
    match = _LEADING_SIGN.match(text)
    if match is None or match.group(1) in PUBLISHED_SIGNS:
        return None
    return match.group(1), _OPERATORS[match.group(1)]


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """An indicator's 指标值, kept as written and read as a quantity when it is one.

    ``"≥15000件"`` reads as operator ``≥``, number 15000, unit ``件``; ``"100百分比"``
    has no operator (it reads as equal); ``"充分提升"`` is qualitative: no number.
    """

    text: str
    operator: str | None = None
    number: Decimal | None = None
    unit: str = ""

    @classmethod
    def parse(cls, text: str) -> IndicatorValue:
        match = _QUANTITY.match(text.strip())
        if match is None:
            return cls(text)
        operator = match["operator"]
        return cls(
            text,
            _OPERATORS[operator] if operator else None,
            Decimal(match["number"]),
            match["unit"].strip(),
        )

    @property
    def is_quantitative(self) -> bool:
        return self.number is not None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of the indicator grid: 一级/二级/三级指标, 绩效指标描述 and 指标值."""

    level1: str
    level2: str
    name: str
    value: IndicatorValue
    description: str
    location: Location | None = field(default=None, compare=False)
    value_location: Location | None = field(default=None, compare=False)
    # Optional columns of other official forms, as the YAML writes them ("" or None: not given;
    # :mod:`perfdocs.indicators` derives 指标性质, 指标方向, 目标值 and 计量单位 from the value).
    nature: str = ""
    direction: str = ""
    target: str = ""
    measure_unit: str = ""
    score: Decimal | None = None
    explanation: str = ""
    scoring: str = ""


@dataclass(frozen=True, slots=True)
class Silence:
    """A project's decision to silence one check rule, and the reason it gives."""

    code: str
    reason: str
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Project:
    """One project: one 绩效目标表.

    ``fiscal_funds`` and ``other_funds`` are ``None`` where the table leaves the
    cell blank, which is not the same as ``0.00``. The fields after ``locations``
    are those other official forms print (the Shanghai header block, its funds):
    "" or None where the project does not give them. ``unmerged_level1`` names the
    一级指标 whose cells the published table does not merge (a layout quirk of
    some published documents that perfdocs reproduces instead of correcting).
    """

    name: str
    budget: Decimal
    fiscal_funds: Decimal | None
    other_funds: Decimal | None
    purpose: str
    goals: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    heading: str | None = None
    unmerged_level1: tuple[str, ...] = ()
    silences: tuple[Silence, ...] = ()
    path: str | None = field(default=None, compare=False)
    locations: Mapping[str, Location] = field(default_factory=lambda: _NO_LOCATIONS, compare=False)
    nature: str = ""
    category: str = ""
    department: str = ""
    implementer: str = ""
    start_date: str = ""
    end_date: str = ""
    total_funds: Decimal | None = None
    total_fiscal_funds: Decimal | None = None
    total_other_funds: Decimal | None = None
    annual_request: Decimal | None = None
    appropriation: Decimal | None = None
    carried_over: Decimal | None = None
    overall_goal: str = ""
    annual_goal: str = ""

    @property
    def title(self) -> str:
        """The heading the project stands under: its own, or ``项目名称绩效目标表``."""
        return self.heading if self.heading is not None else self.name + HEADING_SUFFIX


@dataclass(frozen=True, slots=True)
class ProjectRef:
    """What the checks of a unit as a whole need of a project: names, title, file, and their places."""

    name: str
    title: str
    path: str | None
    locations: Mapping[str, Location]
    #: The text of the lines of ``locations``, by line number, for messages to quote.
    quotes: Mapping[int, str] = field(default_factory=dict)

    @classmethod
    def of(cls, project: Project, lines: list[str] | None = None) -> ProjectRef:
        places = {key: project.locations[key] for key in ("项目名称", "标题") if key in project.locations}
        quotes = {
            place.line: lines[place.line - 1].rstrip("\r")
            for place in places.values()
            if lines and 0 < place.line <= len(lines)
        }
        return cls(project.name, project.title, project.path, places, quotes)


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered heading of the document and the projects printed under it."""

    number: int
    title: str
    projects: tuple[Project, ...]


#: The score a published 一级 label may carry after its name, as a regular expression without anchors or
#: capturing groups (JSON Schema patterns use it too): "(50分)", "（50分）", "(0-20)分", "（40－50）分".
SCORE_PATTERN = (
    r"\s*[(（]\s*[0-9]+(?:\.[0-9]+)?\s*(?:[-－~～–—至]\s*[0-9]+(?:\.[0-9]+)?\s*)?"
    r"(?:分\s*[)）]|[)）]\s*分)"
)
_SCORED_LABEL = re.compile(rf"(.*?\S)({SCORE_PATTERN})")
_SCORE_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def bare_label(label: str) -> str:
    """A 一级 label without the score published tables add: "产出指标(50分)" is "产出指标".

    The label itself stays as written (it is published data); the framework and the rules compare this.
    """
    match = _SCORED_LABEL.fullmatch(label)
    return match[1] if match else label


def label_score(label: str) -> tuple[Decimal, Decimal] | None:
    """The score a 一级 label carries, as (lowest, highest): "(50分)" is (50, 50), "(0-20)分" is (0, 20);
    None for a label without one."""
    match = _SCORED_LABEL.fullmatch(label)
    if match is None:
        return None
    numbers = sorted(Decimal(number) for number in _SCORE_NUMBER.findall(match[2]))
    return numbers[0], numbers[-1]


#: The 分值 totals a framework accepts when it does not say (``分值合计``): 90 where 预算执行率 is scored
#: apart (10分), as in the Inner Mongolia and Chongqing tables, or 100.
DEFAULT_SCORE_TOTALS = (Decimal(90), Decimal(100))


@dataclass(frozen=True, slots=True)
class Framework:
    """An indicator framework (绩效指标体系): the 二级指标 allowed under each 一级指标.

    ``kinds`` maps 一级 → 二级 → the kind of indicator (数量, 质量, 时效, 成本,
    效益, 满意度), which decides what its values must look like. ``aliases`` maps
    older names still seen in published tables to the names the framework
    prefers (a warning, PD204); ``short_names`` maps the short names the budget
    system prints ("服务对象满意度", "社会效益") to the full ones, accepted as they
    are. ``required`` lists the 一级 and 二级指标 every project must have, and
    ``score_totals`` the totals the 分值 of a project may make.

    A 一级 label may carry a score ("产出指标(50分)"): every lookup by 一级 compares
    its :func:`bare_label`.
    """

    name: str
    kinds: Mapping[str, Mapping[str, str]]
    aliases: Mapping[str, str] = field(default_factory=lambda: _NO_ALIASES)
    required: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)
    reference: str = field(default="", compare=False)  # as the unit file names it: a name, or a file
    short_names: Mapping[str, str] = field(default_factory=lambda: _NO_ALIASES)
    score_totals: tuple[Decimal, ...] = DEFAULT_SCORE_TOTALS
    # 二级指标 (and older and short names) → (一级指标, kind): the checks ask this for every indicator.
    _index: Mapping[str, tuple[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {level2: (level1, kind) for level1, kinds in self.kinds.items() for level2, kind in kinds.items()}
        others = {**self.aliases, **self.short_names}
        index |= {other: index[name] for other, name in others.items() if name in index and other not in index}
        object.__setattr__(self, "_index", index)

    def level1(self, label: str) -> str | None:
        """The framework's 一级指标 a written label names ("产出指标(50分)" names 产出指标), if any."""
        name = bare_label(label)
        return name if name in self.kinds else None

    def level1_of(self, level2: str) -> str | None:
        """The 一级指标 a 二级指标 (or an older or short name of one) belongs to, if any."""
        found = self._index.get(level2)
        return found[0] if found else None

    def kind(self, level2: str) -> str | None:
        found = self._index.get(level2)
        return found[1] if found else None

    def canonical(self, level2: str) -> str:
        """The name the framework gives a 二级指标 written under an older or a short name."""
        return self.aliases.get(level2) or self.short_names.get(level2) or level2


@dataclass(frozen=True, slots=True)
class Unit:
    """A budget unit (单位) and its projects, in the order the document prints them."""

    code: str
    name: str
    money_unit: str
    title_lines: tuple[str, ...]
    projects: tuple[Project, ...]
    framework: Framework | None = None
    path: str | None = field(default=None, compare=False)
    locations: Mapping[str, Location] = field(default_factory=lambda: _NO_LOCATIONS, compare=False)
    #: The layout 单位.yaml names (版式), None for the default; ``perfdocs build --layout`` overrides it.
    layout: str | None = None
    year: str = ""

    def sections(self) -> tuple[Section, ...]:
        """Group consecutive projects with the same title under one numbered heading."""
        return tuple(
            Section(number, title, tuple(group))
            for number, (title, group) in enumerate(group_by_title(self.projects, lambda p: p.title), start=1)
        )


T = TypeVar("T")


def group_by_title(items: Iterable[T], title_of: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Consecutive items with the same title, together: the document prints a title once."""
    return [(title, list(group)) for title, group in groupby(items, key=title_of)]
