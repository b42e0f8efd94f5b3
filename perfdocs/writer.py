"""Writing units and projects as YAML, in the one canonical form the loader reads.

The canonical form is what a reviewer wants to diff: keys in the order the
table reads, two-space indentation, one line per indicator, money with two
decimal places, blank cells left blank, and quotes only where YAML would
otherwise read a value as something other than text (``"207101"``, ``"2"``).
Writing then loading gives the same data; loading then writing a canonical
file gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

import yaml

from perfdocs.framework import DEFAULT_FRAMEWORK
from perfdocs.model import Indicator, Project, Unit, nonstandard_sign

_STRING_TAG = "tag:yaml.org,2002:str"
_INDICATORS = ("-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`")
_RESOLVER = yaml.resolver.Resolver()


def project_yaml(project: Project) -> str:
    """A project file's text."""
    lines = [f"项目名称: {scalar(project.name)}"]
    if project.heading is not None:
        lines.append(f"标题: {scalar(project.heading)}")
    lines += [
        f"预算数: {money(project.budget)}",
        _pair("财政资金", money(project.fiscal_funds)),
        _pair("其他资金", money(project.other_funds)),
        f"资金用途: {scalar(project.purpose)}",
        "绩效目标:",
        *(f"  - {scalar(goal)}" for goal in project.goals),
        "绩效指标:",
        *_indicator_lines(project.indicators),
    ]
    if project.unmerged_level1:
        lines += ["一级指标不合并:", *(f"  - {scalar(label)}" for label in project.unmerged_level1)]
    if project.silences:
        lines += [
            "忽略:",
            *(_pair(f"  {scalar(s.code)}", scalar(s.reason) if s.reason else "") for s in project.silences),
        ]
    return "\n".join(lines) + "\n"


def unit_yaml(unit: Unit) -> str:
    """A unit file's text (``单位.yaml``)."""
    lines = [
        f"单位编码: {scalar(unit.code)}",
        f"单位名称: {scalar(unit.name)}",
        f"金额单位: {scalar(unit.money_unit)}",
    ]
    if unit.framework is not None and unit.framework.name != DEFAULT_FRAMEWORK:
        lines.append(f"指标体系: {scalar(unit.framework.name)}")
    lines += [
        "标题:",
        *(f"  - {scalar(line)}" for line in unit.title_lines),
        "项目顺序:",
        *(f"  - {scalar(project.name)}" for project in unit.projects),
    ]
    return "\n".join(lines) + "\n"


def _pair(key: str, value: str) -> str:
    """``key: value``, or ``key:`` alone for a blank value (no trailing space to diff)."""
    return f"{key}: {value}" if value else f"{key}:"


def _indicator_lines(indicators: tuple[Indicator, ...]) -> Iterator[str]:
    """一级 → 二级 → 三级, each level in the order it first appears (YAML cannot repeat a key)."""
    for level1, by_level1 in _grouped(indicators, lambda indicator: indicator.level1):
        yield f"  {scalar(level1)}:"
        for level2, by_level2 in _grouped(by_level1, lambda indicator: indicator.level2):
            yield f"    {scalar(level2)}:"
            for indicator in by_level2:
                value = scalar(canonical_value(indicator.value.text))
                if indicator.description == indicator.name:
                    yield f"      {scalar(indicator.name)}: {value}"
                else:
                    yield f"      {scalar(indicator.name)}:"
                    yield f"        指标值: {value}"
                    yield f"        绩效指标描述: {scalar(indicator.description)}"


def _grouped(indicators: Iterable[Indicator], key: Callable[[Indicator], str]) -> list[tuple[str, list[Indicator]]]:
    groups: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        groups.setdefault(key(indicator), []).append(indicator)
    return list(groups.items())


def canonical_value(text: str) -> str:
    """An indicator value with its comparison sign as published tables write it (``>=95%`` → ``≥95%``)."""
    sign = nonstandard_sign(text)
    if sign is None:
        return text
    written, published = sign
    return published + text.lstrip()[len(written) :]


def money(amount: Decimal | None) -> str:
    """Two decimal places (``418.00``); more are kept as written, for the checks to report."""
    if amount is None:
        return ""
    return str(amount) if int(amount.as_tuple().exponent) < -2 else f"{amount:.2f}"


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back as the same text, else double-quoted."""
    if _is_plain_text(text):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _is_plain_text(text: str) -> bool:
    return (
        bool(text)
        and text == text.strip()
        and not text.startswith(_INDICATORS)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and "\n" not in text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STRING_TAG  # type: ignore[no-untyped-call]
    )
