"""``perfdocs import``: existing 绩效目标表 from Word or Excel into a unit folder of YAML files.

The layout of the tables is recognised, not asked for, by the layouts themselves
(:mod:`perfdocs.importing.recognise`): a table with a header row of the flat export's columns is the
budget system's 一体化 export; the others are one table a project, Tianjin's or the Shanghai form.
The unit file names the layout found (版式), so that ``perfdocs build`` prints the unit as it came.
Amounts are converted exactly into the unit's money unit when ``--money-unit`` names another one.

The files are written in the canonical form (:mod:`perfdocs.writer`) and read
back with the loader before anything lands in the target folder, so what is
imported is exactly what ``perfdocs build`` renders; on any error nothing is
written, and nothing is overwritten without ``force``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from lxml import etree

from perfdocs.errors import (
    IMPORT,
    InputError,
    Location,
    OutputError,
    PerfdocsError,
    Problem,
    describe_os_error,
    printable,
)
from perfdocs.fields import PROJECT_FIELDS, Kind
from perfdocs.files import NotAFileError, require_regular_file
from perfdocs.framework import DEFAULT_FRAMEWORK, framework_names, shipped_framework
from perfdocs.importing.docx import read_blocks
from perfdocs.importing.recognise import read_in_layout
from perfdocs.importing.sheets import read_sheets
from perfdocs.importing.tables import ImportedDocument, label, numbered_tables, sheet_tables
from perfdocs.layouts import DEFAULT_LAYOUT, get_layout
from perfdocs.loader import load_unit
from perfdocs.model import Framework, Project, Unit, bare_label
from perfdocs.money import MONEY_UNITS, amount_text, convert, exact_cents, is_exact_cents
from perfdocs.names import file_name_problem, same_name_key
from perfdocs.unitfolder import PROJECT_SUFFIX, UNIT_FILE
from perfdocs.writer import canonical, project_yaml, unit_yaml

_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # encrypted Office files and old .doc/.xls


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, the tables it skipped (with ``skip_bad``), and what it left out on purpose."""

    folder: Path
    files: tuple[Path, ...]
    projects: int
    indicators: int
    skipped: tuple[Problem, ...] = ()
    notices: tuple[str, ...] = ()
    #: The layout the document's tables are in (天津, 上海, 一体化).
    layout: str = DEFAULT_LAYOUT


def import_document(
    source: str | Path,
    folder: str | Path,
    *,
    force: bool = False,
    skip_bad: bool = False,
    unit_code: str | None = None,
    unit_name: str | None = None,
    money_unit: str | None = None,
) -> ImportResult:
    """Read every 绩效目标表 in a Word (.docx) or Excel (.xlsx) file into a unit folder of YAML files.

    A table that looks like a 绩效目标表 but cannot be read fails the import
    (``skip_bad`` leaves it out instead, and reports it, naming its project). Existing files are not
    overwritten unless ``force``. The files are written beside the target, read
    back and compared with what was read, then moved into place together: on any
    error nothing is written. Raises :class:`~perfdocs.errors.InputError`.
    """
    path, target = Path(source), Path(folder)
    document = read_document(path, skip_bad=skip_bad)
    if document.problems and not skip_bad:
        raise InputError(document.problems)
    unit = _imported_unit(path, document, unit_code, unit_name, money_unit)
    files = {f"{project.name}{PROJECT_SUFFIX}": project_yaml(project) for project in unit.projects}
    files[UNIT_FILE] = unit_yaml(unit)
    _check_target(target, files, force=force)
    written = _write_all_or_nothing(path, target, files, unit)
    indicators = sum(len(project.indicators) for project in unit.projects)
    notices = [*_layout_notice(document), *document.notices, *_regrouped(unit)]
    skipped = tuple(document.problems)
    return ImportResult(target, written, len(unit.projects), indicators, skipped, tuple(notices), document.layout)


def _layout_notice(document: ImportedDocument) -> list[str]:
    """Which layout the tables were read as, when it is not the default: the unit file names it."""
    if document.layout == DEFAULT_LAYOUT:
        return []
    return [f"文件中的表格是{document.layout}版式，已按这一版式读入；单位.yaml 写上了“版式: {document.layout}”。"]


def _regrouped(unit: Unit) -> list[str]:
    """The projects whose indicators the YAML file lists in another order than the source table (an
    indicator of one 二级指标 after another's): the document then prints them in the file's order."""
    return [
        f"项目“{project.name}”的指标在原表中不是按一级、二级指标连续排列的，已归并到各自的一级、二级指标下；"
        "文档将按归并后的顺序印出，请核对。"
        for project in unit.projects
        if [i.name for i in canonical(project).indicators] != [i.name for i in project.indicators]
    ]


def _write_all_or_nothing(source: Path, target: Path, files: dict[str, str], unit: Unit) -> tuple[Path, ...]:
    """Stage ``files`` in a folder beside ``target`` (the same disk, so that moving them costs no space
    and cannot fail half-way for want of it), check that they load back as ``unit``, then move them in."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.导入中-", dir=target.parent))
    except OSError as error:
        raise OutputError(f"无法在 {target.parent} 中写文件：{describe_os_error(error)}。") from error
    try:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")
        _check_read_back(source, staging, unit)
        return _move_into_place(staging, target, list(files))
    except OSError as error:
        raise OutputError(f"无法写入 {target}：{describe_os_error(error)}。什么也没有写入。") from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _check_read_back(source: Path, staging: Path, unit: Unit) -> None:
    """What was written must load as exactly what was read: data the loader refuses (an invisible
    character in a cell) is the source's problem, named there; a difference would be perfdocs' own."""
    try:
        loaded = load_unit(staging)
    except InputError as error:
        where = Location(str(source))
        raise InputError(
            [
                Problem(where, IMPORT, f"项目“{Path(problem.location.path).stem}”无法导入：{problem.message}")
                for problem in error.problems
            ]
        ) from error
    framework = unit.framework.name if unit.framework else None
    loaded_framework = loaded.framework.name if loaded.framework else None
    same = (loaded.code, loaded.name, loaded.money_unit, loaded.title_lines, loaded.projects, loaded.layout,
            loaded.year, loaded_framework if framework else None) == (
        unit.code, unit.name, unit.money_unit, unit.title_lines, tuple(map(canonical, unit.projects)), unit.layout,
        unit.year, framework
    )  # fmt: skip
    if not same:
        raise PerfdocsError("导入的数据写成 YAML 后读回来不一样：这是 perfdocs 的缺陷，请报告；什么也没有写入。")


def _move_into_place(staging: Path, target: Path, names: list[str]) -> tuple[Path, ...]:
    """A new folder is renamed into place at once; into an existing one, each file is renamed over its old
    version, and on failure the old versions are put back."""
    if not target.exists():
        os.rename(staging, target)
        staging.mkdir()  # for the caller's clean-up
        return tuple(target / name for name in names)
    replaced: list[tuple[Path, Path]] = []
    moved: list[Path] = []
    try:
        for name in names:
            destination = target / name
            if destination.exists():
                backup = staging / f".{name}.原文件"
                os.replace(destination, backup)
                replaced.append((backup, destination))
            os.replace(staging / name, destination)
            moved.append(destination)
    except OSError:
        for path in moved:
            path.unlink(missing_ok=True)
        for backup, destination in replaced:
            os.replace(backup, destination)
        raise
    return tuple(moved)


def _imported_unit(
    path: Path, document: ImportedDocument, code: str | None, name: str | None, money_unit: str | None
) -> Unit:
    where = Location(str(path))
    layout = get_layout(document.layout)
    code, name = _unit_particulars(document, code, name, needs_code="单位编码" in layout.unit_needs)
    problems = []
    if not document.projects:
        problems.append(Problem(where, IMPORT, "文件中没有找到可以导入的绩效目标表（以“项目名称”开始的表格）。"))
    if not name or (not code and "单位编码" in layout.unit_needs):
        message = (
            "文件中没有单位行（如“207101天津市河北区人民法院”）：请用 --unit-code 和 --unit-name 指明单位编码和名称。"
        )
        problems.append(Problem(where, IMPORT, message))
    unit_problem, money = _money_unit(document.money_unit, money_unit)
    if unit_problem:
        problems.append(Problem(where, IMPORT, unit_problem))
    problems += _name_problems(where, [project.name for project in document.projects])
    projects = list(document.projects)
    if not problems and document.money_unit and document.money_unit != money:
        projects = _converted(where, projects, document.money_unit, money, problems)
        document.notices.append(
            f"文件中的金额以{document.money_unit}计，已按 --money-unit 换算为{money}（分毫不差），请核对。"
        )
    if problems or not name:
        raise InputError(problems)
    title_lines = tuple(document.title_lines) or (name, "项目支出绩效目标表")
    framework = _framework(projects)
    return Unit(
        code or "",
        name,
        money,
        title_lines,
        tuple(projects),
        framework=framework,
        layout=None if document.layout == DEFAULT_LAYOUT else document.layout,
        year=document.year,
    )


def _converted(
    where: Location, projects: list[Project], found: str, wanted: str, problems: list[Problem]
) -> list[Project]:
    """``projects`` with every amount converted exactly from ``found`` into ``wanted``; an amount that does
    not make whole cents there (1.23 元 is 0.000123 万元) is a problem: nothing is rounded."""
    money = [field.attribute for field in PROJECT_FIELDS if field.kind is Kind.MONEY]
    converted = []
    for project in projects:
        changes: dict[str, Any] = {}
        for attribute in money:
            amount = getattr(project, attribute)
            if amount is None:
                continue
            exact = convert(amount, found, wanted)
            if not is_exact_cents(exact):
                key = next(field.key for field in PROJECT_FIELDS if field.attribute == attribute)
                message = (
                    f"项目“{project.name}”的{key} {amount_text(amount)}{found}换算为{wanted}是 {amount_text(exact)}，"
                    f"超过两位小数：金额不四舍五入，请用 --money-unit {found}。"
                )
                problems.append(Problem(where, IMPORT, message))
                continue
            changes[attribute] = exact_cents(exact)
        converted.append(replace(project, **changes))
    return converted


def _framework(projects: list[Project]) -> Framework | None:
    """The shipped framework the indicators fit best (成本指标 as a 一级 is 产出-成本-效益-满意度's), None for
    the default: the file names it only when it is another."""
    pairs = [(bare_label(i.level1), i.level2) for project in projects for i in project.indicators]

    def fits(framework: Framework) -> int:
        return sum(framework.level1_of(level2) == level1 for level1, level2 in pairs)

    frameworks = [shipped_framework(name) for name in framework_names()]
    best = max(frameworks, key=lambda framework: (fits(framework), framework.name == DEFAULT_FRAMEWORK))
    return None if best.name == DEFAULT_FRAMEWORK else best


def _unit_particulars(
    document: ImportedDocument, code: str | None, name: str | None, *, needs_code: bool
) -> tuple[str | None, str | None]:
    """The unit's code and name: as given, else split from the unit row (“207101天津市河北区人民法院”),
    which is said, since a name that starts with a digit cannot be told from the code. A form that prints
    no unit line (the Shanghai one) names the unit in its first title line."""
    row = document.unit_row
    if code and not name and row.startswith(code):
        split = document.unit_name if document.unit_code == code else None
        name = split or row[len(code) :].strip() or None
    if row and (code is None or name is None):
        code, name = code or document.unit_code, name or document.unit_name
        document.notices.append(
            f"单位编码“{code}”和单位名称“{name}”取自“{row}”一行，请核对；不对时用 --unit-code、--unit-name 指明。"
        )
    titles = [line for line in document.title_lines if label(line) != document.form_title]
    departments = {project.department for project in document.projects}
    if not row and name is None and not needs_code and titles:
        name = titles[0]
        document.notices.append(f"单位名称“{name}”取自文档的第一行标题，请核对；不对时用 --unit-name 指明。")
    elif not row and name is None and not needs_code and len(departments) == 1 and "" not in departments:
        name = departments.pop()
        document.notices.append(f"单位名称“{name}”取自各项目的主管部门，请核对；不对时用 --unit-name 指明。")
    return code, name


def _money_unit(found: str | None, given: str | None) -> tuple[str | None, str]:
    """The unit's money unit, from the document or the command line; never assumed (an amount in 元
    printed under 万元 is ten thousand times wrong). Where both are given, the amounts are converted."""
    units = list(MONEY_UNITS)
    if found is None and given is None:
        named = f"{'、'.join(units[:-1])}还是{units[-1]}"
        return f"文件中没有写金额单位（如“单位：万元”）：请用 --money-unit 指明是{named}。", units[0]
    unit = given or found or units[0]
    for written in (found, given):
        if written is not None and written not in MONEY_UNITS:
            return f"金额单位是{written}：perfdocs 目前只支持 {'、'.join(units)}，请先在文件中换算。", unit
    return None, unit


def _name_problems(where: Location, names: list[str]) -> list[Problem]:
    """Every project name must make a file name, and no two may stand for one file (:mod:`perfdocs.names`)."""
    problems = []
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            Problem(where, IMPORT, f"项目名称“{duplicate}”出现了不止一次：每个项目一个文件，名称不能重复。")
        )
    keys: dict[str, str] = {}
    for name in dict.fromkeys(names):
        other = keys.setdefault(same_name_key(name), name)
        if other != name:
            message = (
                f"项目名称“{name}”与“{other}”只差大小写、全角半角或看不见的字符：两个文件会被当作同一个项目，请先改名。"
            )
            problems.append(Problem(where, IMPORT, message))
    for name in dict.fromkeys(names):
        reason = file_name_problem(name) or ("这个名称留给单位文件" if name == Path(UNIT_FILE).stem else None)
        if reason:
            problems.append(Problem(where, IMPORT, f"项目名称“{printable(name)}”无法用作文件名：{reason}。"))
    return problems


def _check_target(folder: Path, files: dict[str, str], *, force: bool) -> None:
    """Nothing is overwritten without ``force``; other YAML files would leave the unit inconsistent."""
    existing = sorted(path.name for path in folder.glob("*.y*ml")) if folder.is_dir() else []
    others = [name for name in existing if name not in files]
    overwritten = [name for name in existing if name in files]
    problems = [
        Problem(Location(str(folder / name)), IMPORT, "目标文件夹中已有这个文件，它不属于这次导入：请换一个空文件夹。")
        for name in others
    ]
    if not force:
        message = "文件已存在，不会覆盖：请换一个空文件夹，或加 --force 覆盖。"
        problems += [Problem(Location(str(folder / name)), IMPORT, message) for name in overwritten]
    if problems:
        raise InputError(problems)


def read_document(path: Path, *, skip_bad: bool = False) -> ImportedDocument:
    """The 绩效目标表 in a .docx or .xlsx file; a file that is neither is an error.

    A Word cell that cannot be read as data (hidden text, a table inside it) fails the document, unless
    ``skip_bad``: then it fails only its own table, which is reported with its project.
    """
    where = Location(str(path))
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx", ".xlsm"):
        raise InputError(
            [Problem(where, IMPORT, "只能导入 Word（.docx）或 Excel（.xlsx）文件；旧的 .doc/.xls 请先另存为新格式。")]
        )
    try:
        require_regular_file(path)
        with path.open("rb") as file:
            head = file.read(8)
        if head.startswith(_OLE_MAGIC):
            message = (
                "文件是加密的，或是旧的 .doc/.xls 格式：请在 Word/WPS/Excel 中取消密码，另存为 .docx/.xlsx 后再导入。"
            )
            raise InputError([Problem(where, IMPORT, message)])
        if suffix == ".docx":
            return read_in_layout(str(path), list(numbered_tables(read_blocks(path, marked=skip_bad))))
        sheets = read_sheets(path, marked=skip_bad)
        document = read_in_layout(str(path), list(sheet_tables(sheets.tables)))
        document.notices[:0] = sheets.notices
        return document
    except NotAFileError as error:
        raise InputError([Problem(where, IMPORT, f"{error}。")]) from error
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.LxmlError) as error:
        message = f"文件已损坏，或不是 {suffix} 格式，无法读取（{type(error).__name__}）。"
        raise InputError([Problem(where, IMPORT, message)]) from error
