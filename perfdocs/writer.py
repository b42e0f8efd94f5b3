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

import yaml

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
    indicators grouped under their 一级 and 二级指标 in the order each first appears (a YAML mapping
    cannot name a key twice). Loading a written project gives exactly this."""
    indicators = tuple(
        replace(indicator, value=IndicatorValue.parse(canonical_value(indicator.value.text)))
        for _, by_level1 in _grouped(project.indicators, lambda indicator: indicator.level1)
        for _, by_level2 in _grouped(by_level1, lambda indicator: indicator.level2)
        for indicator in by_level2
    )
    return replace(project, indicators=indicators)


def project_lines(project: Project) -> list[Line]:
    lines = [_key("项目名称", scalar(project.name))]
    if project.heading is not None:
        lines.append(_key("标题", scalar(project.heading)))
    lines += [
        _key("预算数", money(project.budget)),
        _key("财政资金", money(project.fiscal_funds)),
        _key("其他资金", money(project.other_funds)),
        _key("资金用途", scalar(project.purpose)),
        *_list("绩效目标", project.goals),
        _key("绩效指标"),
        *_indicator_lines(project.indicators),
    ]
    if project.unmerged_level1:
        lines += _list("一级指标不合并", project.unmerged_level1)
    if project.silences:
        lines.append(_key("忽略"))
        lines += [_key(s.code, scalar(s.reason) if s.reason else "", "忽略", 1) for s in project.silences]
    return lines


def unit_lines(unit: Unit, order: Iterable[str]) -> list[Line]:
    """``单位.yaml``; ``order`` names the projects, which the unit itself may not hold (formatting)."""
    lines = [
        _key("单位编码", scalar(unit.code)),
        _key("单位名称", scalar(unit.name)),
        _key("金额单位", scalar(unit.money_unit)),
    ]
    framework = unit.framework
    reference = (framework.reference or framework.name) if framework is not None else DEFAULT_FRAMEWORK
    if reference != DEFAULT_FRAMEWORK:  # a unit's own file is named by its file, even one named like a shipped one
        lines.append(_key("指标体系", scalar(reference)))
    return [*lines, *_list("标题", unit.title_lines), *_list("项目顺序", order)]


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
    """一级 → 二级 → 三级, each level in the order it first appears (YAML cannot repeat a key)."""
    for level1, by_level1 in _grouped(indicators, lambda indicator: indicator.level1):
        level1_path = f"绩效指标.{level1}"
        yield _key(level1, "", "绩效指标", 1)
        for level2, by_level2 in _grouped(by_level1, lambda indicator: indicator.level2):
            level2_path = f"{level1_path}.{level2}"
            yield _key(level2, "", level1_path, 2)
            for indicator in by_level2:
                value = scalar(canonical_value(indicator.value.text))  # as canonical() says
                if indicator.description == indicator.name:
                    yield _key(indicator.name, value, level2_path, 3)
                else:
                    yield _key(indicator.name, "", level2_path, 3)
                    path = f"{level2_path}.{indicator.name}"
                    yield _key("指标值", value, path, 4)
                    yield _key("绩效指标描述", scalar(indicator.description), path, 4)


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
