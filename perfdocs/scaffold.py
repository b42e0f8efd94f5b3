"""``perfdocs new``: a new project file with every section, ready for an editor.

The file starts with the ``# yaml-language-server: $schema=…`` line that gives
editors completion and checks; the schemas themselves are written into the
unit folder (``.perfdocs/``), generated for the unit's indicator framework.
What is still to be written is a placeholder (:mod:`perfdocs.placeholders`),
which ``perfdocs check`` reports (PD504) until it is filled in, so a new
project cannot be published half written. The project joins the end of the
unit's order; the unit file keeps its comments, mode, owner and link.

A name is refused when ``perfdocs import`` would refuse it (:mod:`perfdocs.names`),
and when it is the same name as a file or project the unit has already.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from perfdocs.errors import FILES, InputError, Location, OutputError, Problem, describe_os_error
from perfdocs.formatting import rewrite_unit_file
from perfdocs.framework import framework_names
from perfdocs.loader import load_unit_file
from perfdocs.model import Framework, Indicator, IndicatorValue, Project
from perfdocs.names import file_name_problem, same_name_key
from perfdocs.output import atomic_path
from perfdocs.placeholders import BUDGET, placeholder
from perfdocs.schema import project_schema, unit_schema
from perfdocs.unitfolder import PROJECT_SUFFIX, UNIT_FILE
from perfdocs.writer import project_yaml

SCHEMA_FOLDER = ".perfdocs"
PROJECT_SCHEMA = "项目.schema.json"
UNIT_SCHEMA = "单位.schema.json"
_SAME_NAME = "只差大小写、全角半角或看不见的字符"


def new_project(name: str, unit_folder: str | Path) -> Path:
    """Write ``名称.yaml`` in ``unit_folder`` and add it to the unit's order; the new file's path.

    Nothing is left half done: if anything fails (the unit file cannot be rewritten, Ctrl-C), the new
    project file is removed.
    Raises InputError (the name, the unit) or OutputError (a file that cannot be written).
    """
    folder = Path(unit_folder)
    unit, order = load_unit_file(folder / UNIT_FILE)
    problems = _name_problems(name, folder, order)
    if problems:
        raise InputError(problems)
    framework = unit.framework
    assert framework is not None  # the loader always sets the unit's framework
    path = _claim(folder / f"{name}{PROJECT_SUFFIX}")
    try:
        write_schemas(folder, framework)
        header = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{PROJECT_SCHEMA}\n"
        with atomic_path(path) as temporary:
            temporary.write_text(header + project_yaml(placeholder_project(name, framework)), encoding="utf-8")
        rewrite_unit_file(folder / UNIT_FILE, [*order, name])
    except BaseException:  # an error, or Ctrl-C: the claimed name is given back
        path.unlink(missing_ok=True)
        raise
    return path


def _claim(path: Path) -> Path:
    """Create ``path`` empty, failing if anything has that name (made since it was looked for, or one
    that differs only in case on a file system that ignores case): ``new`` never overwrites a file."""
    try:
        path.open("x").close()
    except FileExistsError as error:
        raise InputError([Problem(Location(str(path)), FILES, "这个项目文件已经存在，没有改动它。")]) from error
    except OSError as error:
        raise OutputError(f"无法写入 {path}：{describe_os_error(error)}。") from error
    return path


def write_schemas(folder: Path, framework: Framework) -> None:
    """The schemas an editor reads, generated for this unit (they are not data: rewritten each time)."""
    schema_folder = folder / SCHEMA_FOLDER
    _refuse_link_out(schema_folder, folder)
    schemas = {PROJECT_SCHEMA: project_schema(framework), UNIT_SCHEMA: unit_schema(framework_names())}
    for file_name, schema in schemas.items():
        with atomic_path(schema_folder / file_name) as temporary:
            temporary.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _refuse_link_out(schema_folder: Path, folder: Path) -> None:
    """``.perfdocs`` may be a link, to a folder inside the unit: a link elsewhere would be written through."""
    if not schema_folder.is_symlink():
        return
    target = schema_folder.resolve()
    if not target.is_relative_to(folder.resolve()) or not target.is_dir():
        message = (
            "这是一个指向单位文件夹以外（或不是文件夹）的符号链接：perfdocs 不往单位文件夹以外写文件，没有新建项目。"
        )
        raise InputError([Problem(Location(str(schema_folder)), FILES, message)])


def placeholder_project(name: str, framework: Framework) -> Project:
    """A project with every section holding a placeholder, and every indicator the framework requires."""
    pairs: dict[tuple[str, str], None] = {}
    for label in framework.required:
        level2 = next(iter(framework.kinds[label])) if label in framework.kinds else label
        pairs[(framework.level1_of(level2) or label, level2)] = None
    value = IndicatorValue.parse(placeholder("指标值"))
    indicators = tuple(
        Indicator(level1, level2, placeholder(f"{level2}名称"), value, placeholder(f"{level2}名称"))
        for level1, level2 in pairs
    )
    return Project(name, BUDGET, None, None, placeholder("资金用途"), (placeholder("绩效目标"),), indicators)


def _name_problems(name: str, folder: Path, order: list[str]) -> list[Problem]:
    """Why ``name`` cannot be a new project of the unit: not a file name, or the name of one it has."""
    reason = file_name_problem(name, PROJECT_SUFFIX)
    if reason is not None:
        return [Problem(Location(str(folder)), FILES, f"{reason}：没有新建项目。")]
    try:
        entries = sorted(os.listdir(folder))
    except OSError as error:
        return [Problem(Location(str(folder)), FILES, f"无法列出文件夹的内容：{describe_os_error(error)}。")]
    key = same_name_key(name)
    problems = [
        _same_file_problem(name, folder / entry)
        for entry in entries
        if Path(entry).suffix.lower() in (PROJECT_SUFFIX, ".yml") and same_name_key(Path(entry).stem) == key
    ]
    if problems:
        return problems  # the order then lists it too, most likely: the file says enough
    where = Location(str(folder / UNIT_FILE))
    for listed in (listed for listed in order if same_name_key(listed) == key):
        same = "" if listed == name else f"（“{listed}”，两者{_SAME_NAME}）"
        problems.append(Problem(where, FILES, f"项目“{name}”已在 {UNIT_FILE} 的项目顺序中{same}：没有新建项目。"))
    return problems


def _same_file_problem(name: str, path: Path) -> Problem:
    if path.name == UNIT_FILE:
        message = f"项目名称“{name}”与单位文件 {UNIT_FILE} 同名：这个名称留给单位文件，请换一个名称。"
    elif path.name == f"{name}{PROJECT_SUFFIX}":
        message = "这个项目文件已经存在，没有改动它。"
    else:
        message = f"这个文件与项目名称“{name}”是同一个名称（{_SAME_NAME}）：没有新建项目，请换一个名称。"
    return Problem(Location(str(path)), FILES, message)
