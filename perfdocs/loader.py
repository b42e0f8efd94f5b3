"""From a unit folder of YAML files to a :class:`~perfdocs.model.Unit`.

This is the one module that knows the Chinese keys of the files. A unit folder
holds ``单位.yaml`` (the unit and the order of its projects) and one file per
project, named after the project. Every problem of every file is collected and
raised once, as an :class:`~perfdocs.errors.InputError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, TypeVar

import yaml

from perfdocs.errors import FILES, InputError, Location, Problem, describe_os_error
from perfdocs.framework import DEFAULT_FRAMEWORK, framework_path, is_own_framework, load_framework
from perfdocs.model import Indicator, IndicatorValue, Project, Silence, Unit
from perfdocs.money import MONEY_UNITS
from perfdocs.names import same_name_key
from perfdocs.progress import Progress, silent
from perfdocs.unitfolder import PROJECT_SUFFIX, UNIT_FILE, outside_problem, project_paths, unit_root
from perfdocs.yamlsource import Fields, YamlFile, is_blank

# Keys in the order the table reads them; True where the key must be present.
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
    "忽略": False,
}
UNIT_KEYS = {"单位编码": True, "单位名称": True, "金额单位": True, "指标体系": False, "标题": True, "项目顺序": True}
INDICATOR_KEYS = {"指标值": True, "绩效指标描述": False}
UNIT_FILE_LIMIT = 32 * 2**20  # its project order is a line a project: room for hundreds of thousands
_MISSING_HINTS = {
    "财政资金": "没有财政资金时留空，写“财政资金:”。",
    "其他资金": "没有其他资金时留空，写“其他资金:”。",
    "项目顺序": "按文档中的顺序列出各项目名称。",
}
_LEVEL_SHAPES = {"一级指标": "“一级指标: …”", "二级指标": "“二级指标: …”", "三级指标": "“三级指标: 指标值”"}


def load_unit(directory: str | Path, progress: Progress = silent) -> Unit:
    """Load a unit folder, or raise :class:`InputError` listing every problem in it."""
    unit, problems = read_unit(directory, progress)
    if unit is None or problems:
        raise InputError(problems)
    return unit


def read_unit(directory: str | Path, progress: Progress = silent) -> tuple[Unit | None, list[Problem]]:
    """A unit folder as far as it can be read, and every problem found reading it.

    The unit holds the projects that could be read, so that the checks can still
    look at them; it is None when ``单位.yaml`` itself cannot be read.
    """
    folder = open_unit_folder(directory)
    problems = list(folder.problems)
    projects = {}
    for done, path in enumerate(folder.paths, start=1):
        projects[path] = load_project_file(path, problems)
        progress("读取项目文件", done, len(folder.paths))
    ordered = folder.arrange(projects, problems)
    if folder.unit is None:
        return None, problems
    return replace(folder.unit, projects=tuple(ordered)), problems


class Named(Protocol):
    """A project, or what stands for it (a :class:`~perfdocs.model.ProjectRef`), as the unit orders it."""

    @property
    def name(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def locations(self) -> Mapping[str, Location]: ...


T = TypeVar("T", bound=Named)


@dataclass(frozen=True)
class UnitFolder:
    """A unit folder before its projects are read: what ``单位.yaml`` says and which files to read.

    Reading the projects is most of the work; the checker does it in parallel
    for a large unit, then hands back what stands for each project to :meth:`arrange`.
    """

    unit: Unit | None  # without projects; None when 单位.yaml cannot be read
    paths: list[Path]
    problems: list[Problem]
    _header: _UnitHeader | None

    def arrange(self, projects: dict[Path, T | None], problems: list[Problem]) -> list[T]:
        """The projects in the unit's order, with the problems of that order (files left out, names
        without files, a heading split up)."""
        if self._header is None:
            return []
        ordered = _order_projects(self._header, projects, problems)
        _check_sections(ordered, self._header.unit.locations["项目顺序"], problems)
        return ordered


def open_unit_folder(directory: str | Path) -> UnitFolder:
    """Read ``单位.yaml`` and list the project files of a unit folder."""
    folder = Path(directory)
    missing = _missing_folder_problem(folder)
    if missing is not None:
        return UnitFolder(None, [], [missing], None)
    root = unit_root(folder)
    if isinstance(root, Problem):
        return UnitFolder(None, [], [root], None)
    problems: list[Problem] = []
    header, own_framework = _read_unit_file(folder / UNIT_FILE, root, problems)
    listed = frozenset(name for name, _ in header.order) if header else frozenset()
    paths = project_paths(folder, root, problems, own_framework, listed)
    return UnitFolder(header.unit if header else None, paths, problems, header)


def _missing_folder_problem(folder: Path) -> Problem | None:
    """Why ``folder`` is no unit folder to read, or None when it is one (its 单位.yaml is read later)."""
    try:
        reason = _not_a_unit_folder(folder)
    except OSError as error:
        reason = f"无法打开这个单位文件夹：{describe_os_error(error)}。"
    return Problem(Location(str(folder)), FILES, reason) if reason else None


def _not_a_unit_folder(folder: Path) -> str | None:
    if folder.is_file():
        return "这是一个文件，不是单位文件夹：请给出它所在的文件夹。"
    if folder.is_symlink() and not folder.exists():
        return "这是一个符号链接，但它指向的文件夹不存在，或链接形成了循环。"
    if folder.exists() and not folder.is_dir():
        return "这不是一个文件夹（是管道或设备）：请给出单位文件夹。"
    if not folder.is_dir():
        return "找不到这个单位文件夹。"
    if (folder / UNIT_FILE).exists() or (folder / UNIT_FILE).is_symlink():
        return None
    misnamed = [path.name for path in folder.glob("单位.*") if path.is_file()]
    hint = f"（现在是 {misnamed[0]}，请改名为 {UNIT_FILE}）" if misnamed else ""
    return f"文件夹里没有 {UNIT_FILE}{hint}：它写明单位编码、单位名称、标题和项目顺序。"


def load_unit_file(path: str | Path) -> tuple[Unit, list[str]]:
    """``单位.yaml`` alone: the unit without its projects, and the project names in its order."""
    problems: list[Problem] = []
    root = unit_root(Path(path).parent)
    if isinstance(root, Problem):
        raise InputError([root])
    header, _ = _read_unit_file(Path(path), root, problems)
    if header is None or problems:
        raise InputError(problems)
    return header.unit, [name for name, _ in header.order]


def project_files(folder: str | Path) -> list[Path]:
    """The project files of a unit folder: its .yaml files but 单位.yaml and the unit's own framework file."""
    problems: list[Problem] = []
    root = unit_root(Path(folder))
    if isinstance(root, Problem):
        return []
    _, own_framework = _read_unit_file(Path(folder) / UNIT_FILE, root, problems)
    return project_paths(Path(folder), root, problems, own_framework)


def load_project(path: str | Path) -> Project:
    """Load one project file, or raise :class:`InputError` listing its problems."""
    problems: list[Problem] = []
    project = load_project_file(Path(path), problems)
    if project is None or problems:
        raise InputError(problems)
    return project


def load_project_file(path: Path, problems: list[Problem]) -> Project | None:
    """Read one project file, adding its problems to ``problems``."""
    project, _ = read_project_file(path, problems)
    return project


def read_project_file(path: Path, problems: list[Problem]) -> tuple[Project | None, list[str]]:
    """Read one project file, adding its problems to ``problems``; also its lines as read, so that the
    checks' findings can quote them (nothing is read twice)."""
    source = YamlFile(str(path))
    project = _read_project(source)
    problems.extend(source.problems)
    return project, source.lines


def _read_project(source: YamlFile) -> Project | None:
    root = source.compose()
    if root is None:
        return None
    fields = Fields(source, root, "", PROJECT_KEYS, _MISSING_HINTS)
    name = fields.text("项目名称")
    budget = fields.money("预算数", required=True)
    fiscal = fields.money("财政资金", required=False)
    other = fields.money("其他资金", required=False)
    purpose = fields.text("资金用途")
    goals = fields.texts("绩效目标")
    indicator_node = fields.node("绩效指标")
    locations = dict(fields.locations)
    indicators = _read_indicators(source, indicator_node, locations) if indicator_node is not None else []
    heading = fields.text("标题")
    unmerged = fields.texts("一级指标不合并") or []
    _check_unmerged(source, fields, unmerged, locations)
    silences_node = fields.node("忽略")
    silences = _read_silences(source, silences_node) if silences_node is not None else []
    if source.problems or name is None or budget is None or purpose is None or goals is None:
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
        tuple(silences),
        source.path,
        locations,  # a plain dict: projects travel between processes, and a mapping proxy cannot
    )


def _read_indicators(source: YamlFile, node: yaml.Node, locations: dict[str, Location]) -> list[Indicator]:
    """Read 一级指标 → 二级指标 → 三级指标: 指标值, in the order written.

    The positions of the 一级 and 二级 keys go into ``locations`` (``绩效指标.产出指标``).
    """
    indicators = []
    for level1, (level1_key, level1_node) in _levels(source, node, "绩效指标", "一级指标"):
        level1_path = f"绩效指标.{level1}"
        locations[level1_path] = source.location(level1_key)
        for level2, (level2_key, level2_node) in _levels(source, level1_node, level1_path, "二级指标"):
            level2_path = f"{level1_path}.{level2}"
            locations[level2_path] = source.location(level2_key)
            for name, (key_node, value_node) in _levels(source, level2_node, level2_path, "三级指标"):
                value, description, value_at = _read_indicator_value(source, value_node, f"{level2_path}.{name}")
                if value is not None:
                    parsed = IndicatorValue.parse(value)
                    where = source.location(key_node)
                    indicator = Indicator(level1, level2, name, parsed, description or name, where, value_at)
                    indicators.append(indicator)
    return indicators


def _levels(
    source: YamlFile, node: yaml.Node, field_path: str, level: str
) -> list[tuple[str, tuple[yaml.Node, yaml.Node]]]:
    """The entries of one level of indicators; a level must not be empty."""
    pairs = None if is_blank(node) else source.mapping(node, field_path, _LEVEL_SHAPES[level])
    if is_blank(node) or (isinstance(node, yaml.MappingNode) and not node.value):  # keys refused are said
        source.error(node, f"“{field_path}”下至少要有一个{level}。", field_path)
    return list((pairs or {}).items())


def _read_indicator_value(
    source: YamlFile, node: yaml.Node, field_path: str
) -> tuple[str | None, str | None, Location]:
    """``三级指标: 指标值``, or a mapping with 指标值 and 绩效指标描述 when the description differs;
    also where the 指标值 stands."""
    if isinstance(node, yaml.MappingNode):
        fields = Fields(source, node, field_path, INDICATOR_KEYS)
        where = fields.locations.get("指标值", source.location(node))
        return fields.text("指标值"), fields.text("绩效指标描述"), where
    if is_blank(node):
        source.error(node, f"“{field_path}”缺少指标值，例如“≥95百分比”或“充分提升”。", field_path)
        return None, None, source.location(node)
    return source.text(node, field_path), None, source.location(node)


def _read_silences(source: YamlFile, node: yaml.Node) -> list[Silence]:
    """``忽略: {PD203: 理由}``: rules this project silences, each with its reason (checked by the rules)."""
    silences = []
    for code, (key_node, reason_node) in (source.mapping(node, "忽略", "“规则代码: 理由”") or {}).items():
        reason = "" if is_blank(reason_node) else source.text(reason_node, f"忽略.{code}")
        if reason is not None:
            silences.append(Silence(code, reason.strip(), source.location(key_node)))
    return silences


def _check_unmerged(source: YamlFile, fields: Fields, unmerged: list[str], locations: dict[str, Location]) -> None:
    for label in unmerged:
        if f"绩效指标.{label}" not in locations:
            message = f"“一级指标不合并”列出的“{label}”不在本项目的绩效指标里。"
            source.error(fields.node("一级指标不合并"), message, "一级指标不合并")


@dataclass(frozen=True)
class _UnitHeader:
    """What ``单位.yaml`` says: the unit without its projects, and the order they go in."""

    unit: Unit
    order: list[tuple[str, yaml.Node]]
    source: YamlFile


def _read_unit_file(path: Path, folder_root: Path, problems: list[Problem]) -> tuple[_UnitHeader | None, Path | None]:
    """What the unit file says, and the unit's own framework file if it names one (not a project).

    ``folder_root`` is the unit folder, links resolved: the unit file and its framework must be inside it.
    """
    refused = outside_problem(path, folder_root)
    if refused is not None:
        problems.append(refused)
        return None, None
    source = YamlFile(str(path))
    root = source.compose(limit=UNIT_FILE_LIMIT)
    header = None
    own_framework = None
    if root is not None:
        fields = Fields(source, root, "", UNIT_KEYS, _MISSING_HINTS)
        code, name, money_unit = fields.text("单位编码"), fields.text("单位名称"), fields.text("金额单位")
        if money_unit is not None and money_unit not in MONEY_UNITS:
            message = f"金额单位只能是 {'或'.join(MONEY_UNITS)}，不能是“{money_unit}”。"
            source.error(fields.node("金额单位"), message, "金额单位")
        title_lines = fields.texts("标题")
        order_node = fields.node("项目顺序")
        order = _read_order(source, order_node) if order_node is not None else []
        reference = fields.text("指标体系") or DEFAULT_FRAMEWORK
        own_framework = framework_path(reference, path.parent).resolve() if is_own_framework(reference) else None
        where = fields.locations.get("指标体系", Location(source.path))
        framework = load_framework(reference, path.parent, where, source.problems, folder_root)
        if not source.problems and code and name and money_unit and title_lines:
            locations = MappingProxyType(fields.locations)
            unit = Unit(code, name, money_unit, tuple(title_lines), (), framework, source.path, locations)
            header = _UnitHeader(unit, order, source)
    problems.extend(source.problems)
    return header, own_framework


def _read_order(source: YamlFile, node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    items = source.sequence(node, "项目顺序")
    if items == []:
        source.error(node, "项目顺序至少要列出一个项目。", "项目顺序")
    order = []
    for index, item in enumerate(items or (), 1):
        name = source.text(item, f"项目顺序[{index}]")
        if name is not None:
            order.append((name, item))
    return order


def _order_projects(header: _UnitHeader, files: dict[Path, T | None], problems: list[Problem]) -> list[T]:
    """The projects in the unit's order; a file left out of it, or a name without a file, is an error."""
    source = header.source
    projects = {path.stem: project for path, project in files.items()}
    lookalikes = {same_name_key(stem): stem for stem in projects}
    listed: dict[str, yaml.Node] = {}
    listed_keys: dict[str, yaml.Node] = {}
    ordered: list[T] = []
    for name, node in header.order:
        key = same_name_key(name)
        if key in listed_keys:
            same = "" if name in listed else "（两处只差大小写、全角半角或看不见的字符）"
            message = f"项目“{name}”在项目顺序中重复出现{same}（第 {listed_keys[key].start_mark.line + 1} 行已有）。"
            problems.append(source.problem(node, FILES, message, "项目顺序"))
            continue
        listed[name] = listed_keys[key] = node
        if name not in projects:
            near = lookalikes.get(same_name_key(name))
            hint = f"文件夹里有“{near}{PROJECT_SUFFIX}”，与它只差大小写、全角半角或看不见的字符。" if near else ""
            message = f"项目顺序中的“{name}”没有对应的文件 {name}{PROJECT_SUFFIX}：{hint}请添加该文件，或从顺序中删去。"
            problems.append(source.problem(node, FILES, message, "项目顺序"))
        elif (project := projects[name]) is not None:
            ordered.append(project)
    for path in sorted((path for path in files if path.stem not in listed), key=lambda path: path.name):
        message = (
            f"项目文件没有列在 {UNIT_FILE} 的项目顺序中，它不会出现在文档里："
            f"请把“{path.stem}”加入项目顺序，或删去这个文件。"
        )
        problems.append(Problem(Location(str(path)), FILES, message))
    return ordered


def _check_sections(projects: list[T], where: Location, problems: list[Problem]) -> None:
    """Projects that share a heading must stand together: a heading is printed once."""
    first_with: dict[str, str] = {}
    previous = None
    for project in projects:
        if project.title != previous and project.title in first_with:
            message = (
                f"项目“{project.name}”与“{first_with[project.title]}”同属标题“{project.title}”，"
                "但在项目顺序中没有排在一起：同一标题下的项目请连续排列。"
            )
            problems.append(Problem(project.locations.get("标题", where), FILES, message, "标题"))
        first_with.setdefault(project.title, project.name)
        previous = project.title
