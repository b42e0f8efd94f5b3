"""``perfdocs new``: a new project file with every section, ready for an editor.

The file starts with the ``# yaml-language-server: $schema=…`` line that gives
editors completion and checks; the schemas themselves are written into the
unit folder (``.perfdocs/``), generated for the unit's indicator framework.
The project joins the end of the unit's order; the unit file keeps its comments.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from perfdocs.errors import FILES, InputError, Location, Problem
from perfdocs.formatting import formatted_unit_file
from perfdocs.framework import framework_names
from perfdocs.loader import PROJECT_SUFFIX, UNIT_FILE, load_unit_file
from perfdocs.model import Framework, Indicator, IndicatorValue, Project
from perfdocs.output import atomic_path
from perfdocs.schema import project_schema, unit_schema
from perfdocs.writer import project_yaml

SCHEMA_FOLDER = ".perfdocs"
PROJECT_SCHEMA = "项目.schema.json"
UNIT_SCHEMA = "单位.schema.json"
_UNSAFE = set('\\/:*?"<>|')


def new_project(name: str, unit_folder: str | Path) -> Path:
    """Write ``名称.yaml`` in ``unit_folder`` and add it to the unit's order; the new file's path."""
    folder = Path(unit_folder)
    unit, order = load_unit_file(folder / UNIT_FILE)
    path = folder / f"{name}{PROJECT_SUFFIX}"
    problems = _name_problems(name, path, order)
    if problems:
        raise InputError(problems)
    framework = unit.framework
    assert framework is not None  # the loader always sets the unit's framework
    write_schemas(folder, framework)
    header = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{PROJECT_SCHEMA}\n"
    with atomic_path(path) as temporary:
        temporary.write_text(header + project_yaml(placeholder(name, framework)), encoding="utf-8")
    unit_text = formatted_unit_file(folder / UNIT_FILE, [*order, name])
    with atomic_path(folder / UNIT_FILE) as temporary:
        temporary.write_text(unit_text, encoding="utf-8")
    return path


def write_schemas(folder: Path, framework: Framework) -> None:
    """The schemas an editor reads, generated for this unit (they are not data: rewritten each time)."""
    schemas = {PROJECT_SCHEMA: project_schema(framework), UNIT_SCHEMA: unit_schema(framework_names())}
    for file_name, schema in schemas.items():
        with atomic_path(folder / SCHEMA_FOLDER / file_name) as temporary:
            temporary.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def placeholder(name: str, framework: Framework) -> Project:
    """A project with every section filled with what to write there; ``perfdocs check`` asks for the rest."""
    pairs: dict[tuple[str, str], None] = {}
    for label in framework.required:
        level2 = next(iter(framework.kinds[label])) if label in framework.kinds else label
        pairs[(framework.level1_of(level2) or label, level2)] = None
    indicators = tuple(
        Indicator(level1, level2, f"（{level2}名称）", IndicatorValue.parse("（指标值）"), f"（{level2}名称）")
        for level1, level2 in pairs
    )
    return Project(name, Decimal("0.00"), None, None, "（资金用途）", ("（绩效目标）",), indicators)


def _name_problems(name: str, path: Path, order: list[str]) -> list[Problem]:
    where = Location(str(path))
    if not name.strip() or set(name) & _UNSAFE:
        return [Problem(where, FILES, f'项目名称“{name}”不能用作文件名（不能为空，也不能含 \\ / : * ? " < > |）。')]
    if path.exists():
        return [Problem(where, FILES, "这个项目文件已经存在，没有改动它。")]
    if name in order:
        return [Problem(where, FILES, f"项目“{name}”已在 {UNIT_FILE} 的项目顺序中。")]
    return []
