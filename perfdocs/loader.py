"""From a unit folder of YAML files to a :class:`~perfdocs.model.Unit`.

The keys of the files are those of :mod:`perfdocs.fields`. A unit folder
holds ``单位.yaml`` (the unit and the order of its projects) and one file per
project, named after the project. Every problem of every file is collected and
raised once, as an :class:`~perfdocs.errors.InputError`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import yaml

from perfdocs.errors import FILES, KEY, InputError, Location, Problem, describe_os_error
from perfdocs.fields import (
    INDICATOR_FIELDS,
    INDICATOR_KEYS,
    MISSING_HINTS,
    PROJECT_FIELDS,
    UNIT_FIELDS,
    Field,
    Kind,
    keys,
)
from perfdocs.framework import DEFAULT_FRAMEWORK, framework_path, is_own_framework, load_framework
from perfdocs.indicators import DIRECTIONS, NATURES
from perfdocs.layouts import DEFAULT_LAYOUT, Layout, get_layout, layouts, unknown_layout
from perfdocs.model import Indicator, IndicatorValue, Project, ProjectRef, Silence, Unit, written_date
from perfdocs.money import MAX_DIGITS, MONEY_UNITS
from perfdocs.names import same_name_key
from perfdocs.parallel import map_chunks
from perfdocs.progress import Progress, silent
from perfdocs.unitfolder import PROJECT_SUFFIX, UNIT_FILE, outside_problem, project_paths, unit_root
from perfdocs.yamlsource import Fields, YamlFile, is_blank

UNIT_FILE_LIMIT = 32 * 2**20  # its project order is a line a project: room for hundreds of thousands
_LEVEL_SHAPES = {"一级指标": "“一级指标: …”", "二级指标": "“二级指标: …”", "三级指标": "“三级指标: 指标值”"}


def load_unit(directory: str | Path, progress: Progress = silent, layout: str | None = None) -> Unit:
    """Load a unit folder, or raise :class:`InputError` listing every problem in it.

    ``layout`` names the layout to read it for, instead of the 版式 of its 单位.yaml: each layout needs
    its own fields (:attr:`perfdocs.layouts.Layout.needs`)."""
    unit, problems = read_unit(directory, progress, layout)
    if unit is None or problems:
        raise InputError(problems)
    return unit


def read_unit(
    directory: str | Path, progress: Progress = silent, layout: str | None = None
) -> tuple[Unit | None, list[Problem]]:
    """A unit folder as far as it can be read, and every problem found reading it.

    The unit holds the projects that could be read, so that the checks can still
    look at them; it is None when ``单位.yaml`` itself cannot be read. (The files are read in this
    process: to send whole projects back from workers costs more than reading them.)
    """
    folder = open_unit_folder(directory, layout)
    problems = list(folder.problems)
    projects = {}
    for done, path in enumerate(folder.paths, start=1):
        projects[path] = load_project_file(path, problems, folder.layout)
        progress("读取项目文件", done, len(folder.paths))
    ordered = folder.arrange(projects, problems)
    if folder.unit is None:
        return None, problems
    return replace(folder.unit, projects=tuple(ordered)), problems


R = TypeVar("R")
#: What a caller makes of each project where it was loaded, given the project, its unit (without projects)
#: and the layout it was read for: problems of that project (quoted with the file's lines here) and a
#: value. InputError: problems instead of a value.
Each = Callable[[Project, Unit, Layout], tuple[list[Problem], R]]


@dataclass(frozen=True)
class ProjectsRead(Generic[R]):
    """A unit folder read by :func:`read_each`: the unit without projects (None when ``单位.yaml`` cannot be
    read), what ``each`` made of each project that could be read, in the unit's order, and every problem."""

    unit: Unit | None
    projects: list[tuple[ProjectRef, R]]
    problems: list[Problem]


def read_each(
    directory: str | Path, each: Each[R], progress: Progress = silent, layout: str | None = None
) -> ProjectsRead[R]:
    """Read every project file of a unit folder and make ``each`` of each project in the process that read
    it: a large unit in parallel processes (:func:`perfdocs.parallel.map_chunks`), which send back only
    what ``each`` makes."""
    folder = open_unit_folder(directory, layout)
    problems = list(folder.problems)
    refs: dict[Path, ProjectRef | None] = {}
    kept: dict[int, R] = {}  # by id of the ref, which ``refs`` keeps alive
    how = (each, folder.unit, folder.layout)
    results = map_chunks(_read_each, folder.paths, how, partial(progress, "读取并检查项目文件"))
    for path, (found, read) in zip(folder.paths, results, strict=True):
        problems += found
        refs[path] = read[0] if read else None
        if read:
            kept[id(read[0])] = read[1]
    ordered = folder.arrange(refs, problems)
    return ProjectsRead(folder.unit, [(ref, kept[id(ref)]) for ref in ordered], problems)


def _read_each(
    paths: list[Path], how: tuple[Each[R], Unit | None, Layout | None]
) -> list[tuple[list[Problem], tuple[ProjectRef, R] | None]]:
    """Read project files and make ``each`` of their projects, maybe in a worker: :func:`read_each`'s work."""
    each, unit, layout = how
    results: list[tuple[list[Problem], tuple[ProjectRef, R] | None]] = []
    for path in paths:
        problems: list[Problem] = []
        project, lines = read_project_file(path, problems, layout)
        if project is None or unit is None or layout is None:
            results.append((problems, None))
            continue
        try:
            found, value = each(project, unit, layout)
        except InputError as error:  # what the caller cannot make of it, said as the file's problem
            results.append((problems + list(error.problems), None))
            continue
        problems += [problem.with_line(lines) for problem in found]
        results.append((problems, (ProjectRef.of(project, lines), value)))
    return results


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

    @property
    def layout(self) -> Layout | None:
        """The layout the projects are read for; None when 单位.yaml cannot be read, or names no layout
        perfdocs has (the projects are then read for what every layout needs)."""
        return self._header.layout if self._header else None

    def arrange(self, projects: dict[Path, T | None], problems: list[Problem]) -> list[T]:
        """The projects in the unit's order, with the problems of that order (files left out, names
        without files, a heading split up)."""
        if self._header is None:
            return []
        ordered = _order_projects(self._header, projects, problems)
        _check_sections(ordered, self._header.unit.locations["项目顺序"], problems)
        return ordered


def open_unit_folder(directory: str | Path, layout: str | None = None) -> UnitFolder:
    """Read ``单位.yaml`` and list the project files of a unit folder; ``layout`` overrides its 版式."""
    folder = Path(directory)
    missing = _missing_folder_problem(folder)
    if missing is not None:
        return UnitFolder(None, [], [missing], None)
    root = unit_root(folder)
    if isinstance(root, Problem):
        return UnitFolder(None, [], [root], None)
    problems: list[Problem] = []
    header, own_framework = _read_unit_file(folder / UNIT_FILE, root, problems, layout)
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


def load_project(path: str | Path, layout: str | None = None) -> Project:
    """Load one project file for ``layout`` (the default when None), or raise :class:`InputError` listing its
    problems."""
    problems: list[Problem] = []
    project = load_project_file(Path(path), problems, get_layout(layout))
    if project is None or problems:
        raise InputError(problems)
    return project


def load_project_file(path: Path, problems: list[Problem], layout: Layout | None) -> Project | None:
    """Read one project file, adding its problems to ``problems``."""
    project, _ = read_project_file(path, problems, layout)
    return project


def read_project_file(path: Path, problems: list[Problem], layout: Layout | None) -> tuple[Project | None, list[str]]:
    """Read one project file, adding its problems to ``problems``; also its lines as read, so that the
    checks' findings can quote them (nothing is read twice). ``layout`` says which fields it must give
    beyond those every project gives."""
    source = YamlFile(str(path))
    project = _read_project(source, layout)
    problems.extend(source.problems)
    return project, source.lines


@functools.cache
def _project_keys(layout: Layout | None) -> dict[str, bool]:
    """The keys of a project file, and whether ``layout`` needs each (None: every layout)."""
    needs = layout.needs if layout else ()
    return {field.key: field.required or field.key in needs for field in PROJECT_FIELDS}


def _read_project(source: YamlFile, layout: Layout | None) -> Project | None:
    root = source.compose()
    if root is None:
        return None
    fields = Fields(source, root, "", _project_keys(layout), _project_hints(layout))
    values: dict[str, Any] = {field.attribute: _read_field(source, fields, field) for field in PROJECT_FIELDS}
    locations = dict(fields.locations)
    indicator_node = fields.node("绩效指标")
    indicators = _read_indicators(source, indicator_node, locations) if indicator_node is not None else []
    unmerged = values["unmerged_level1"] or []
    _check_unmerged(source, fields, unmerged, locations)
    silences_node = fields.node("忽略")
    silences = _read_silences(source, silences_node) if silences_node is not None else []
    if source.problems or any(
        values[field.attribute] is None for field in PROJECT_FIELDS if field.required and field.attribute not in _NESTED
    ):
        return None
    given = {key: value for key, value in values.items() if value is not None and key not in _READ_APART}
    given |= {"fiscal_funds": values["fiscal_funds"], "other_funds": values["other_funds"]}  # blank: None
    given.setdefault("purpose", "")
    return Project(
        **given,
        goals=tuple(values["goals"]),
        indicators=tuple(indicators),
        unmerged_level1=tuple(unmerged),
        silences=tuple(silences),
        path=source.path,
        locations=locations,  # a plain dict: projects travel between processes, and a mapping proxy cannot
    )


# Fields read by code of their own (nested, or checked against others) rather than by kind.
_READ_APART = ("goals", "indicators", "unmerged_level1", "silences")
# Fields whose nested values _read_field leaves to code of their own.
_NESTED = ("indicators", "silences")


def _read_field(source: YamlFile, fields: Fields, field: Field) -> object:
    """The value of one field, read as its kind says (None where it is not given, or not readable)."""
    node = fields.node(field.key)
    if node is None or field.attribute in _NESTED:
        return None
    if field.kind is Kind.MONEY:
        return fields.money(field.key, required=not field.blank)
    if field.kind is Kind.TEXTS:
        return fields.texts(field.key)
    text = fields.text(field.key)
    if text is not None and field.kind is Kind.DATE and written_date(text) is None:
        source.error(node, f"“{field.key}”应为日期，如 2026/1/1 或 2026年1月1日，不能是“{text}”。", field.key)
        return None
    return text


def _read_indicators(source: YamlFile, node: yaml.Node, locations: dict[str, Location]) -> list[Indicator]:
    """Read 一级指标 → 二级指标 → 三级指标: 指标值, in the order written.

    The positions of the 一级 and 二级 keys go into ``locations`` (``绩效指标.产出指标``).
    """
    indicators = []
    for level1, (level1_key, level1_node) in _levels(source, node, "绩效指标", "一级指标"):
        level1_path = f"绩效指标.{level1}"
        locations[level1_path] = source.location(level1_key)
        for level2, (level2_key, level2_node) in _level2_entries(source, level1_node, level1_path):
            level2_path = f"{level1_path}.{level2}"
            locations.setdefault(level2_path, source.location(level2_key))
            for name, (key_node, value_node) in _levels(source, level2_node, level2_path, "三级指标"):
                value, columns, value_at = _read_indicator_value(source, value_node, f"{level2_path}.{name}")
                if value is not None:
                    parsed = IndicatorValue.parse(value)
                    where = source.location(key_node)
                    description = columns.pop("description", None) or name
                    indicator = Indicator(level1, level2, name, parsed, description, where, value_at, **columns)
                    indicators.append(indicator)
    return indicators


def _level2_entries(
    source: YamlFile, node: yaml.Node, field_path: str
) -> list[tuple[str, tuple[yaml.Node, yaml.Node]]]:
    """The 二级指标 of a 一级: a mapping, or, where the published table goes back to a 二级 after another
    (成本, 质量, 成本), a list of one-key mappings in the printed order."""
    if not isinstance(node, yaml.SequenceNode):
        return _levels(source, node, field_path, "二级指标")
    entries = []
    for index, item in enumerate(node.value, 1):
        pairs = _levels(source, item, f"{field_path}[{index}]", "二级指标")
        if len(pairs) > 1:
            source.error(
                item, f"“{field_path}”的列表每项只写一个二级指标（第 {index} 项有 {len(pairs)} 个）。", field_path
            )
        entries += pairs[:1]
    if not node.value:
        source.error(node, f"“{field_path}”下至少要有一个二级指标。", field_path)
    return entries


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
) -> tuple[str | None, dict[str, Any], Location]:
    """``三级指标: 指标值``, or a mapping with 指标值 and the other columns it gives (绩效指标描述 when
    it differs, 分值, …); also where the 指标值 stands."""
    if isinstance(node, yaml.MappingNode):
        fields = Fields(source, node, field_path, INDICATOR_KEYS)
        where = fields.locations.get("指标值", source.location(node))
        columns = {
            field.attribute: value
            for field in INDICATOR_FIELDS[1:]
            if (value := _indicator_column(source, fields, field)) is not None
        }
        return fields.text("指标值"), columns, where
    if is_blank(node):
        source.error(node, f"“{field_path}”缺少指标值，例如“≥95百分比”或“充分提升”。", field_path)
        return None, {}, source.location(node)
    return source.text(node, field_path), {}, source.location(node)


#: The words an indicator's choice columns may be written in.
_CHOICES = {"指标性质": NATURES, "指标方向": tuple(DIRECTIONS)}


def _indicator_column(source: YamlFile, fields: Fields, field: Field) -> object:
    """One optional column of an indicator: text, a choice of known words, or a score (a number)."""
    text = fields.text(field.key)
    if text is None:
        return None
    node = fields.node(field.key)
    choices = _CHOICES.get(field.key)
    if choices is not None and text not in choices:
        source.error(
            node,
            f"“{fields.path(field.key)}”只能是 {'、'.join(choices)} 之一，不能是“{text}”。",
            fields.path(field.key),
        )
        return None
    if field.kind is Kind.NUMBER:
        try:
            score = Decimal(text)
        except InvalidOperation:
            score = None
        too_long = len(text.replace(".", "").lstrip("0")) > MAX_DIGITS
        if score is None or not score.is_finite() or not re.fullmatch(r"[0-9]+(\.[0-9]+)?", text) or too_long:
            source.error(
                node,
                f"“{fields.path(field.key)}”应为不小于 0 的数，如 10 或 7.5，不能是“{text}”。",
                fields.path(field.key),
            )
            return None
        return score
    return text


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
    layout: Layout


def _read_unit_file(
    path: Path, folder_root: Path, problems: list[Problem], layout_name: str | None = None
) -> tuple[_UnitHeader | None, Path | None]:
    """What the unit file says, and the unit's own framework file if it names one (not a project).

    ``folder_root`` is the unit folder, links resolved: the unit file and its framework must be inside it.
    ``layout_name`` (``--layout``) overrides the 版式 the file names.
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
        fields = Fields(source, root, "", keys(UNIT_FIELDS), MISSING_HINTS)
        code, name, money_unit = fields.text("单位编码"), fields.text("单位名称"), fields.text("金额单位")
        if money_unit is not None and money_unit not in MONEY_UNITS:
            message = f"金额单位只能是 {'或'.join(MONEY_UNITS)}，不能是“{money_unit}”。"
            source.error(fields.node("金额单位"), message, "金额单位")
        written_layout = fields.text("版式")
        unreadable_layout = "版式" in fields.pairs and written_layout is None and not layout_name
        layout, lacking = (
            (None, []) if unreadable_layout else _unit_layout(source, fields, root, layout_name or written_layout)
        )
        year = _year(source, fields)
        title_lines = fields.texts("标题")
        order_node = fields.node("项目顺序")
        order = _read_order(source, order_node) if order_node is not None else []
        reference = fields.text("指标体系") or DEFAULT_FRAMEWORK
        own_framework = framework_path(reference, path.parent).resolve() if is_own_framework(reference) else None
        where = fields.locations.get("指标体系", Location(source.path))
        framework = load_framework(reference, path.parent, where, source.problems, folder_root)
        if not source.problems and layout and name and money_unit and title_lines:
            locations = dict(fields.locations)  # a plain dict: the unit goes to worker processes
            unit = Unit(
                code or "", name, money_unit, tuple(title_lines), (), framework, source.path, locations,
                written_layout, year,
            )  # fmt: skip
            header = _UnitHeader(unit, order, source, layout)
        problems.extend(lacking)  # not the file's own mistakes: its projects are still read for the layout
    problems.extend(source.problems)
    return header, own_framework


def _year(source: YamlFile, fields: Fields) -> str:
    """The budget year (``年度``): four digits, as the Shanghai form prints it in （2026年度）."""
    year = fields.text("年度")
    if year is not None and not re.fullmatch(r"(19|20)[0-9]{2}", year):
        source.error(fields.node("年度"), f"“年度”应为四位数的年份，如 2026，不能是“{year}”。", "年度")
        return ""
    return year or ""


def _unit_layout(
    source: YamlFile, fields: Fields, root: yaml.Node, name: str | None
) -> tuple[Layout | None, list[Problem]]:
    """The layout the unit is read for (``--layout``, else its 版式), and a problem for each unit field it
    needs that the file lacks (kept apart, so that the projects are still read for the layout, and a
    unit without its 年度 hears at once of the fields each project lacks too)."""
    found = layouts()
    if (name or DEFAULT_LAYOUT) not in found:
        source.error(fields.node("版式"), unknown_layout(str(name)), "版式")
        return None, []
    layout = found[name or DEFAULT_LAYOUT]
    lacking = [
        source.problem(root, KEY, f"缺少“{key}”。{why}", key)
        for key, why in _needed_by(layout, layout.unit_needs).items()
        if key not in fields.pairs
    ]
    return layout, lacking


@functools.cache
def _project_hints(layout: Layout | None) -> dict[str, str]:
    """What to write when a key of a project file is missing, ``layout``'s reasons included (once a layout:
    a unit reads thousands of files)."""
    return MISSING_HINTS | _needed_by(layout, layout.needs if layout else ())


def _needed_by(layout: Layout | None, needs: tuple[str, ...]) -> dict[str, str]:
    """Why a key a layout needs must be there, by key: for the message that it is missing."""
    return {key: f"{layout.name}版式印出{key}。{MISSING_HINTS.get(key, '')}" for key in needs} if layout else {}


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
