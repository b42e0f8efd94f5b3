"""Indicator frameworks (绩效指标体系) as data: which 二级指标 stand under which 一级指标.

perfdocs ships the frameworks in ``perfdocs/frameworks/``, one YAML file each,
named after the framework; a unit's ``指标体系`` names one of them, or gives the
path of a framework file of its own (relative to the unit folder).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import yaml

from perfdocs.errors import VALUE, InputError, Location, Problem
from perfdocs.model import DEFAULT_SCORE_TOTALS, Framework
from perfdocs.unitfolder import outside_problem
from perfdocs.yamlsource import Fields, YamlFile

FRAMEWORK_FOLDER = Path(__file__).resolve().parent / "frameworks"
#: The framework the example unit (and most published tables) follows.
DEFAULT_FRAMEWORK = "产出-效益-满意度"
#: The kinds of 二级指标: the kind decides what an indicator's value must look like. 成本 is money (the
#: cost rules add it up); 其他成本 is a social or ecological cost, which tables write as "可控" or "无".
KINDS = ("数量", "质量", "时效", "成本", "其他成本", "效益", "满意度")
_KEYS = {"名称": True, "一级指标": True, "旧名称": False, "简称": False, "每个项目必须有": True, "分值合计": False}
_SCORE = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def framework_names() -> list[str]:
    """The frameworks perfdocs ships."""
    return sorted(path.stem for path in FRAMEWORK_FOLDER.glob("*.yaml"))


def is_own_framework(reference: str) -> bool:
    """A unit's own framework is named by its file (``本单位指标体系.yaml``), a shipped one by its name."""
    return reference.lower().endswith(".yaml")


def framework_path(reference: str, unit_folder: Path) -> Path:
    return unit_folder / reference if is_own_framework(reference) else FRAMEWORK_FOLDER / f"{reference}.yaml"


def load_framework(
    reference: str, unit_folder: Path, where: Location, problems: list[Problem], root: Path | None = None
) -> Framework | None:
    """The framework a unit names (``reference``), or None with a problem at ``where``.

    A unit's own framework file must be inside ``root`` (the unit folder, links resolved): a path or a
    link that leads out of it is refused unread.
    """
    path = framework_path(reference, unit_folder)
    shipped_but_unknown = not is_own_framework(reference) and reference not in framework_names()
    if shipped_but_unknown or (not path.is_file() and not path.is_symlink()):  # a name is never a path
        known = "、".join(framework_names())
        message = f"不认识的指标体系“{reference}”：可用的有 {known}，也可以写一个指标体系 .yaml 文件的路径。"
        problems.append(Problem(where, VALUE, message, "指标体系"))
        return None
    if root is not None and is_own_framework(reference) and (refused := outside_problem(path, root)) is not None:
        problems.append(replace(refused, location=where, field="指标体系"))
        return None
    source = YamlFile(str(path))
    framework = _read_framework(source)
    problems.extend(source.problems)
    return None if framework is None else replace(framework, reference=reference)


def _read_framework(source: YamlFile) -> Framework | None:
    root = source.compose()
    if root is None:
        return None
    fields = Fields(source, root, "", _KEYS)
    name = fields.text("名称")
    levels = fields.node("一级指标")
    kinds = _read_kinds(source, levels) if levels is not None else {}
    aliases_node = fields.node("旧名称")
    aliases = _read_aliases(source, aliases_node, kinds, "旧名称") if aliases_node is not None else {}
    short_node = fields.node("简称")
    short_names = _read_aliases(source, short_node, kinds, "简称") if short_node is not None else {}
    for short in sorted(set(short_names) & set(aliases)):
        source.error(short_node, f"“{short}”既是旧名称又是简称：只能写在一处。", "简称")
    totals_node = fields.node("分值合计")
    totals = _read_totals(source, totals_node) if totals_node is not None else DEFAULT_SCORE_TOTALS
    required = fields.texts("每个项目必须有") or []
    known = set(kinds) | {level2 for level2s in kinds.values() for level2 in level2s}
    for label in set(required) - known:
        source.error(fields.node("每个项目必须有"), f"“每个项目必须有”中的“{label}”不是本体系的指标。")
    if source.problems or name is None:
        return None
    # Plain dicts, read-only by convention: a framework travels to the worker processes of a large check.
    return Framework(name, kinds, aliases, tuple(required), source.path, short_names=short_names, score_totals=totals)


def _read_kinds(source: YamlFile, node: yaml.Node) -> dict[str, dict[str, str]]:
    kinds: dict[str, dict[str, str]] = {}
    for level1, (_, level2_node) in (source.mapping(node, "一级指标") or {}).items():
        kinds[level1] = {}
        for level2, (_, kind_node) in (source.mapping(level2_node, f"一级指标.{level1}") or {}).items():
            kind = source.text(kind_node, f"一级指标.{level1}.{level2}")
            if kind is not None and kind not in KINDS:
                source.error(kind_node, f"二级指标的类别应为 {'、'.join(KINDS)} 之一，不能是“{kind}”。")
            elif kind is not None:
                kinds[level1][level2] = kind
    return kinds


def _read_aliases(source: YamlFile, node: yaml.Node, kinds: dict[str, dict[str, str]], key: str) -> dict[str, str]:
    """``旧名称`` or ``简称``: other names of 二级指标, each mapped to the framework's own name."""
    aliases = {}
    names = {level2 for level2s in kinds.values() for level2 in level2s}
    for old, (old_node, new_node) in (source.mapping(node, key) or {}).items():
        new = source.text(new_node, f"{key}.{old}")
        if new is not None and new not in names:
            source.error(new_node, f"{key}“{old}”对应的“{new}”不是本体系的二级指标。")
        elif old in names or old in kinds:
            source.error(old_node, f"{key}“{old}”已是本体系的指标名称，不能再作{key}。")
        elif new is not None:
            aliases[old] = new
    return aliases


def _read_totals(source: YamlFile, node: yaml.Node) -> tuple[Decimal, ...]:
    """``分值合计``: the total (or the totals, a list) the 分值 of a project may make, such as 90 or 100."""
    items = source.sequence(node, "分值合计") if isinstance(node, yaml.SequenceNode) else [node]
    totals = []
    for item in items or []:
        text = source.text(item, "分值合计")
        if text is not None and (not _SCORE.fullmatch(text) or Decimal(text) == 0):
            source.error(item, f"“分值合计”应为大于 0 的数（如 90 或 100），或这样的数的列表，不能是“{text}”。")
        elif text is not None:
            totals.append(Decimal(text))
    if not items:
        source.error(node, "“分值合计”至少要有一项，如 100。")
    return tuple(totals)


def shipped_framework(name: str = DEFAULT_FRAMEWORK) -> Framework:
    """One of the frameworks perfdocs ships, by name; InputError for a name it does not know."""
    problems: list[Problem] = []
    framework = load_framework(name, Path(), Location(name), problems)
    if framework is None:
        raise InputError(problems)
    return framework
