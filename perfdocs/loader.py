"""From a unit folder of YAML files to a :class:`~perfdocs.model.Unit`.

This is the one module that knows the Chinese keys of the files. A unit folder
holds ``单位.yaml`` (the unit and the order of its projects) and one file per
project, named after the project. Every problem of every file is collected and
raised once, as an :class:`~perfdocs.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from perfdocs.errors import InputError, Location, Problem
from perfdocs.model import Indicator, IndicatorValue, Project, Unit
from perfdocs.yamlsource import YamlFile, is_blank

#: The file in a unit folder that describes the unit itself.
UNIT_FILE = "单位.yaml"
PROJECT_SUFFIX = ".yaml"

# Keys in the order the table reads; the value says whether the key must be present.
PROJECT_KEYS = {
    "项目名称": True,
    "标题": False,
    "预算数": True,
    "财政资金": True,
    "其他资金": True,
    "资金用途": True,
    "绩效目标": True,
    "绩效指标": True,
    "一级指标不合并": False,
}
UNIT_KEYS = {"单位编码": True, "单位名称": True, "金额单位": True, "标题": True, "项目顺序": True}
INDICATOR_KEYS = {"指标值": True, "绩效指标描述": False}


def load_unit(directory: str | Path) -> Unit:
    """Load a unit folder, or raise :class:`InputError` listing every problem in it."""
    folder = Path(directory)
    unit_path = folder / UNIT_FILE
    if not folder.is_dir():
        raise InputError([Problem(Location(str(folder)), "找不到这个单位文件夹。")])
    if not unit_path.is_file():
        message = f"文件夹里没有 {UNIT_FILE}：它写明单位编码、单位名称、标题和项目顺序。"
        raise InputError([Problem(Location(str(folder)), message)])
    problems: list[Problem] = []
    header = _read_unit_file(str(unit_path), problems)
    projects = {path.stem: load_project_file(path, problems) for path in _project_paths(folder, problems)}
    if header is None:
        raise InputError(problems)
    ordered = _order_projects(header, projects, problems)
    _check_sections(ordered, header.locations["项目顺序"], problems)
    if problems:
        raise InputError(problems)
    return Unit(
        header.code,
        header.name,
        header.money_unit,
        header.title_lines,
        tuple(ordered),
        header.path,
        MappingProxyType(header.locations),
    )


def load_project(path: str | Path) -> Project:
    """Load one project file, or raise :class:`InputError` listing its problems."""
    problems: list[Problem] = []
    project = load_project_file(Path(path), problems)
    if project is None or problems:
        raise InputError(problems)
    return project


def load_project_file(path: Path, problems: list[Problem]) -> Project | None:
    """Read one project file, adding its problems to ``problems``."""
    source = YamlFile(str(path))
    project = _read_project(source)
    problems.extend(source.problems)
    if project is not None and project.name != path.stem:
        message = (
            f"项目名称“{project.name}”与文件名“{path.name}”不一致：文件应以项目名称命名，"
            "请改文件名或项目名称。"
        )
        problems.append(Problem(project.locations["项目名称"], message, "项目名称"))
    return project


def _project_paths(folder: Path, problems: list[Problem]) -> list[Path]:
    paths = []
    for path in sorted(folder.iterdir()):
        if path.name == UNIT_FILE or not path.is_file():
            continue
        if path.suffix == ".yml":
            message = f"扩展名请用 {PROJECT_SUFFIX}（{path.name} 不会被读取）。"
            problems.append(Problem(Location(str(path)), message))
        elif path.suffix == PROJECT_SUFFIX:
            paths.append(path)
    return paths


class _Fields:
    """The values under the known keys of one mapping, with their nodes' positions."""

    def __init__(self, source: YamlFile, node: yaml.Node, field_path: str, keys: dict[str, bool]):
        self.source = source
        self.pairs = source.mapping(node, field_path, "一组“键: 值”") or {}
        self.field_path = field_path
        self.locations: dict[str, Location] = {}
        self.node = node
        for key, (key_node, value_node) in self.pairs.items():
            if key not in keys:
                expected = "、".join(keys)
                source.error(key_node, f"不认识的键“{key}”：这里可用的键是 {expected}。", self._path(key))
            self.locations[key] = source.location(value_node)
        for key, required in keys.items():
            if required and key not in self.pairs and isinstance(node, yaml.MappingNode):
                source.error(node, f"缺少“{self._path(key)}”。{_HINTS.get(key, '')}", self._path(key))

    def _path(self, key: str) -> str:
        return f"{self.field_path}.{key}" if self.field_path else key

    def get(self, key: str, read: Callable[[yaml.Node, str], Any]) -> Any:
        if key not in self.pairs:
            return None
        return read(self.pairs[key][1], self._path(key))


_HINTS = {
    "财政资金": "没有财政资金时留空，写“财政资金:”。",
    "其他资金": "没有其他资金时留空，写“其他资金:”。",
    "项目顺序": "按文档中的顺序列出各项目名称。",
}


def _read_project(source: YamlFile) -> Project | None:
    root = source.compose()
    if root is None:
        if not source.problems:
            source.error(None, "文件是空的。")
        return None
    fields = _Fields(source, root, "", PROJECT_KEYS)
    name = fields.get("项目名称", source.text)
    budget = fields.get("预算数", lambda node, path: source.money(node, path, required=True))
    fiscal = fields.get("财政资金", lambda node, path: source.money(node, path, required=False))
    other = fields.get("其他资金", lambda node, path: source.money(node, path, required=False))
    purpose = fields.get("资金用途", source.text)
    goals = fields.get("绩效目标", lambda node, path: _read_texts(source, node, path))
    indicators = fields.get("绩效指标", lambda node, path: _read_indicators(source, node, path))
    heading = fields.get("标题", source.text)
    unmerged = fields.get("一级指标不合并", lambda node, path: _read_texts(source, node, path)) or ()
    _check_unmerged(source, fields, unmerged, indicators or ())
    if source.problems or name is None or budget is None or purpose is None or not goals or not indicators:
        return None
    return Project(
        name,
        budget,
        fiscal,
        other,
        purpose,
        tuple(goals),
        tuple(indicators),
        heading,
        tuple(unmerged),
        source.path,
        MappingProxyType(fields.locations),
    )


def _read_texts(source: YamlFile, node: yaml.Node, field_path: str) -> list[str] | None:
    items = source.sequence(node, field_path)
    if items is None:
        return None
    if not items:
        source.error(node, f"“{field_path}”至少要有一项。", field_path)
        return None
    texts = [source.text(item, f"{field_path}[{index}]") for index, item in enumerate(items, 1)]
    return None if None in texts else [text for text in texts if text is not None]


def _read_indicators(source: YamlFile, node: yaml.Node, field_path: str) -> list[Indicator]:
    """Read 一级指标 → 二级指标 → 三级指标: 指标值, in the order written."""
    indicators: list[Indicator] = []
    for level1, (_, level1_node) in _nonempty_mapping(source, node, field_path, "一级指标").items():
        level1_path = f"{field_path}.{level1}"
        for level2, (_, level2_node) in _nonempty_mapping(source, level1_node, level1_path, "二级指标").items():
            level2_path = f"{level1_path}.{level2}"
            for name, (key_node, value_node) in _nonempty_mapping(source, level2_node, level2_path, "三级指标").items():
                value, description = _read_indicator_value(source, value_node, f"{level2_path}.{name}")
                if value is not None:
                    indicator = Indicator(
                        level1, level2, name, IndicatorValue.parse(value), description or name, source.location(key_node)
                    )
                    indicators.append(indicator)
    return indicators


def _nonempty_mapping(
    source: YamlFile, node: yaml.Node, field_path: str, level: str
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if is_blank(node):
        source.error(node, f"“{field_path}”下至少要有一个{level}。", field_path)
        return {}
    pairs = source.mapping(node, field_path, f"以{level}为键的一组“键: 值”")
    if pairs is not None and not pairs:
        source.error(node, f"“{field_path}”下至少要有一个{level}。", field_path)
    return pairs or {}


def _read_indicator_value(source: YamlFile, node: yaml.Node, field_path: str) -> tuple[str | None, str | None]:
    """``三级指标: 指标值``, or a mapping with 指标值 and 绩效指标描述 when the description differs."""
    if not isinstance(node, yaml.MappingNode):
        if is_blank(node):
            source.error(node, f"“{field_path}”缺少指标值，例如“≥95百分比”或“充分提升”。", field_path)
            return None, None
        return source.text(node, field_path), None
    fields = _Fields(source, node, field_path, INDICATOR_KEYS)
    value = fields.get("指标值", source.text)
    description = fields.get("绩效指标描述", source.text)
    return value, description


def _check_unmerged(source: YamlFile, fields: _Fields, unmerged: tuple[str, ...], indicators: list[Indicator]) -> None:
    level1_names = {indicator.level1 for indicator in indicators}
    for label in unmerged:
        if label not in level1_names:
            node = fields.pairs["一级指标不合并"][1]
            source.error(node, f"“一级指标不合并”列出的“{label}”不在本项目的绩效指标里。", "一级指标不合并")


class _UnitHeader:
    """What ``单位.yaml`` says, before its projects are attached."""

    def __init__(self, source: YamlFile, fields: _Fields, order: list[tuple[str, yaml.Node]]):
        self.path = source.path
        self.code: str = fields.get("单位编码", source.text)
        self.name: str = fields.get("单位名称", source.text)
        self.money_unit: str = fields.get("金额单位", source.text)
        self.title_lines: tuple[str, ...] = tuple(fields.get("标题", lambda n, p: _read_texts(source, n, p)) or ())
        self.order = order
        self.locations = fields.locations
        self.source = source


def _read_unit_file(path: str, problems: list[Problem]) -> _UnitHeader | None:
    source = YamlFile(path)
    root = source.compose()
    if root is None:
        if not source.problems:
            source.error(None, "文件是空的。")
        problems.extend(source.problems)
        return None
    fields = _Fields(source, root, "", UNIT_KEYS)
    order = fields.get("项目顺序", lambda node, path: _read_order(source, node, path)) or []
    header = _UnitHeader(source, fields, order)
    problems.extend(source.problems)
    if source.problems:
        return None
    return header


def _read_order(source: YamlFile, node: yaml.Node, field_path: str) -> list[tuple[str, yaml.Node]]:
    items = source.sequence(node, field_path)
    if items == []:
        source.error(node, "项目顺序至少要列出一个项目。", field_path)
    order = []
    for index, item in enumerate(items or (), 1):
        name = source.text(item, f"{field_path}[{index}]")
        if name is not None:
            order.append((name, item))
    return order


def _order_projects(
    header: _UnitHeader, projects: dict[str, Project | None], problems: list[Problem]
) -> list[Project]:
    """The projects in the unit's order; a file left out of it, or a name without a file, is an error."""
    source = header.source
    listed: dict[str, yaml.Node] = {}
    ordered: list[Project] = []
    for name, node in header.order:
        if name in listed:
            first = listed[name].start_mark.line + 1
            problems.append(Problem(source.location(node), f"项目“{name}”在项目顺序中重复出现（第 {first} 行已有）。", "项目顺序"))
            continue
        listed[name] = node
        if name not in projects:
            message = f"项目顺序中的“{name}”没有对应的文件 {name}{PROJECT_SUFFIX}：请添加该文件，或从顺序中删去。"
            problems.append(Problem(source.location(node), message, "项目顺序"))
            continue
        project = projects[name]
        if project is not None:
            ordered.append(project)
    for stem in projects.keys() - listed.keys():
        message = (
            f"项目文件没有列在 {UNIT_FILE} 的项目顺序中，它不会出现在文档里：请把“{stem}”加入项目顺序，"
            "或删去这个文件。"
        )
        problems.append(Problem(Location(str(Path(header.path).parent / f"{stem}{PROJECT_SUFFIX}")), message))
    return ordered


def _check_sections(projects: list[Project], where: Location, problems: list[Problem]) -> None:
    """Projects that share a heading must stand together: a heading is printed once."""
    seen: dict[str, str] = {}
    previous = None
    for project in projects:
        if project.title != previous and project.title in seen:
            message = (
                f"项目“{project.name}”与“{seen[project.title]}”同属标题“{project.title}”，"
                "但在项目顺序中没有排在一起：同一标题下的项目请连续排列。"
            )
            problems.append(Problem(project.locations.get("标题", where), message, "标题"))
        seen.setdefault(project.title, project.name)
        previous = project.title
