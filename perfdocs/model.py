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
from decimal import Decimal
from itertools import groupby
from types import MappingProxyType
from typing import TypeVar

from perfdocs.errors import Location

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
    cell blank, which is not the same as ``0.00``. ``unmerged_level1`` names the
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


@dataclass(frozen=True, slots=True)
class Framework:
    """An indicator framework (绩效指标体系): the 二级指标 allowed under each 一级指标.

    ``kinds`` maps 一级 → 二级 → the kind of indicator (数量, 质量, 时效, 成本,
    效益, 满意度), which decides what its values must look like. ``aliases`` maps
    older names still seen in published tables to the names the framework
    prefers; ``required`` lists the 一级 and 二级指标 every project must have.
    """

    name: str
    kinds: Mapping[str, Mapping[str, str]]
    aliases: Mapping[str, str] = field(default_factory=lambda: _NO_ALIASES)
    required: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)
    reference: str = field(default="", compare=False)  # as the unit file names it: a name, or a file
    # 二级指标 (and older names) → (一级指标, kind): the checks ask this for every indicator.
    _index: Mapping[str, tuple[str, str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {level2: (level1, kind) for level1, kinds in self.kinds.items() for level2, kind in kinds.items()}
        index |= {old: index[new] for old, new in self.aliases.items() if new in index}
        object.__setattr__(self, "_index", index)

    def level1_of(self, level2: str) -> str | None:
        """The 一级指标 a 二级指标 (or an older name of one) belongs to, if any."""
        found = self._index.get(level2)
        return found[0] if found else None

    def kind(self, level2: str) -> str | None:
        found = self._index.get(level2)
        return found[1] if found else None


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
