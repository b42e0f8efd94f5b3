"""Writing units and projects as YAML, in the one canonical form the loader reads.

The canonical form is what a reviewer wants to diff: keys in the order the
table reads, two-space indentation, one line per indicator, money with two
decimal places, blank cells left blank, and quotes only where YAML would
otherwise read a value as something other than text (``"207101"``, ``"2"``).
Writing then loading gives the same data; loading then writing a canonical
file gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from decimal import Decimal
from itertools import groupby
from typing import Any

import yaml

from perfdocs.fields import INDICATOR_FIELDS, PROJECT_FIELDS, UNIT_FIELDS, Field, Kind
from perfdocs.framework import DEFAULT_FRAMEWORK
from perfdocs.model import Indicator, IndicatorValue, Project, Unit, nonstandard_sign
from perfdocs.money import format_amount, is_exact_cents
from perfdocs.yamlsource import join_path

_STRING_TAG = "tag:yaml.org,2002:str"
_INDICATORS = ("-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", '"', "%", "@", "`")
_RESOLVER = yaml.resolver.Resolver()
_LONGEST_SIMPLE_KEY = 1000  # YAML's limit is 1,024 characters, the quotes and escapes included
#: First characters of the values YAML would read as something other than text (numbers, yes/no, ~).
_GUESSED = frozenset(char for char in _RESOLVER.yaml_implicit_resolvers if char)
# What YAML would not keep as written: line breaks (it also breaks lines at NEL, LS and PS) and
# what it does not print (controls, BOM, noncharacters). A double-quoted scalar escapes these,
# and its own quote and backslash.
_UNPRINTED = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ufeff\\ufffe\\uffff"
_NOT_PLAIN = re.compile(f"[{_UNPRINTED}]")
_ESCAPED = re.compile(f'["\\\\\\\\{_UNPRINTED}]')


#: A line of a canonical file and the dotted path of what it holds (``绩效目标[2]``), for comments.
Line = tuple[str, str]


def project_yaml(project: Project) -> str:
    """A project file's text."""
    return join_lines(project_lines(project))


def unit_yaml(unit: Unit) -> str:
    """A unit file's text (``单位.yaml``)."""
    return join_lines(unit_lines(unit, [project.name for project in unit.projects]))


def join_lines(lines: Iterable[Line]) -> str:
    return "".join(f"{text}\n" for _, text in lines)


def canonical(project: Project) -> Project:
    """``project`` as its canonical file says it: comparison signs as published tables write them, and
    indicators grouped under their 一级 (and, unless the table goes back to a 二级 after another, their
    二级) in the order each first appears (a YAML mapping cannot name a key twice). Loading a written
    project gives exactly this."""
    indicators = tuple(
        replace(indicator, value=IndicatorValue.parse(canonical_value(indicator.value.text)))
        for _, by_level1 in _grouped(project.indicators, lambda indicator: indicator.level1)
        for _, by_level2 in _level2_runs(by_level1)
        for indicator in by_level2
    )
    return replace(project, indicators=indicators)


def project_lines(project: Project) -> list[Line]:
    """A project file's lines: the fields of :data:`~perfdocs.fields.PROJECT_FIELDS` it gives, in their order."""
    lines: list[Line] = []
    for field in PROJECT_FIELDS:
        value = getattr(project, field.attribute)
        if field.kind is Kind.INDICATORS:
            lines += [_key(field.key), *_indicator_lines(value)]
        elif field.kind is Kind.SILENCES:
            if value:
                lines.append(_key(field.key))
                lines += [_key(s.code, scalar(s.reason) if s.reason else "", field.key, 1) for s in value]
        elif field.kind is Kind.TEXTS:
            if value:
                lines += _list(field.key, value)
        elif field.kind is Kind.MONEY:
            if value is not None or field.always:
                lines.append(_key(field.key, money(value)))
        elif value:  # texts and dates; the heading: "" is none
            lines.append(_key(field.key, scalar(value)))
    return lines


def unit_lines(unit: Unit, order: Iterable[str]) -> list[Line]:
    """``单位.yaml``; ``order`` names the projects, which the unit itself may not hold (formatting)."""
    framework = unit.framework
    reference = (framework.reference or framework.name) if framework is not None else DEFAULT_FRAMEWORK
    values = {  # a unit's own framework file is named by its file, even one named like a shipped one
        "framework": reference if reference != DEFAULT_FRAMEWORK else "",
        "order": tuple(order),
    }
    lines: list[Line] = []
    for field in UNIT_FIELDS:
        value: Any = values[field.attribute] if field.attribute in values else getattr(unit, field.attribute)
        if field.kind is Kind.TEXTS:
            lines += _list(field.key, value)
        elif value:
            lines.append(_key(field.key, scalar(value)))
    return lines


def _key(key: str, value: str = "", parent: str = "", depth: int = 0) -> Line:
    """``key: value`` at ``depth`` under ``parent``, or ``key:`` alone for a blank value (no trailing space).

    A key longer than YAML allows for the short form (1,024 characters) is written
    in the long form, ``? key`` and ``: value`` on two lines.
    """
    indent, written = "  " * depth, scalar(key)
    if len(written) > _LONGEST_SIMPLE_KEY:
        return join_path(parent, key), f"{indent}? {written}\n{indent}:{' ' + value if value else ''}"
    return join_path(parent, key), f"{indent}{written}: {value}" if value else f"{indent}{written}:"


def _list(key: str, items: Iterable[str]) -> list[Line]:
    return [_key(key), *((f"{key}[{index}]", f"  - {scalar(item)}") for index, item in enumerate(items, 1))]


def _indicator_lines(indicators: tuple[Indicator, ...]) -> Iterator[Line]:
    """一级 → 二级 → 三级, each level in the order it first appears (YAML cannot repeat a key); the 二级 of
    a 一级 as a list of one-key mappings where the table goes back to a 二级 after another."""
    for level1, by_level1 in _grouped(indicators, lambda indicator: indicator.level1):
        level1_path = f"绩效指标.{level1}"
        yield _key(level1, "", "绩效指标", 1)
        runs = _level2_runs(by_level1)
        as_list = len({level2 for level2, _ in runs}) < len(runs)
        for level2, by_level2 in runs:
            level2_path = f"{level1_path}.{level2}"
            if as_list:  # "    - 成本指标:", its key where a mapping three deep would have it
                path, text = _key(level2, "", level1_path, 3)
                yield path, "    - " + text[6:]
            else:
                yield _key(level2, "", level1_path, 2)
            for indicator in by_level2:
                yield from _indicator(indicator, level2_path, 4 if as_list else 3)


def _indicator(indicator: Indicator, level2_path: str, depth: int) -> Iterator[Line]:
    """``三级指标: 指标值``, or a mapping of the 指标值 and the other columns the indicator gives."""
    value = scalar(canonical_value(indicator.value.text))  # as canonical() says
    columns = [(field.key, _column(indicator, field)) for field in INDICATOR_FIELDS[1:]]
    given = [(key, text) for key, text in columns if text]
    name, path = indicator.name, f"{level2_path}.{indicator.name}"
    if not given:
        yield _key(name, value, level2_path, depth)
        return
    yield _key(name, "", level2_path, depth)
    yield _key("指标值", value, path, depth + 1)
    yield from (_key(key, text, path, depth + 1) for key, text in given)


def _column(indicator: Indicator, field: Field) -> str:
    """An indicator's optional column as its file writes it ("" when not given; the description only when
    it differs from the name)."""
    value = getattr(indicator, field.attribute)
    if field.attribute == "description":
        return scalar(value) if value != indicator.name else ""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return scalar(value) if value else ""


def _level2_runs(indicators: list[Indicator]) -> list[tuple[str, list[Indicator]]]:
    """The indicators of a 一级 by 二级: grouped by first appearance, or in runs, as printed, where a 二级
    comes back after another."""
    runs = [(level2, list(run)) for level2, run in groupby(indicators, key=lambda indicator: indicator.level2)]
    return (
        _grouped(indicators, lambda indicator: indicator.level2) if len({l2 for l2, _ in runs}) == len(runs) else runs
    )


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
    """Two decimal places (``418.00``). An amount of a script's own making that is not whole cents is
    written with all its digits, never rounded: the loader then refuses it."""
    if amount is None:
        return ""
    return format_amount(amount) if is_exact_cents(amount) else f"{amount:f}"


def scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back as the same text, else double-quoted
    (with escapes for the characters YAML would not keep as they are: line breaks of any kind,
    characters it does not print)."""
    if _is_plain_text(text):
        return text
    escaped = _ESCAPED.sub(lambda match: _escape(match.group()), text)
    return f'"{escaped}"'


def _escape(char: str) -> str:
    if char in ('"', "\\"):
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}"


def _is_plain_text(text: str) -> bool:
    return (
        bool(text)
        and text == text.strip()
        and not text.startswith(_INDICATORS)
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _NOT_PLAIN.search(text)
        and (text[0] not in _GUESSED or _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STRING_TAG)  # type: ignore[no-untyped-call]
    )
