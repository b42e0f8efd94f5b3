"""``perfdocs import``: existing 绩效目标表 from Word or Excel into a unit folder of YAML files.

The files are written in the canonical form (:mod:`perfdocs.writer`) and read
back with the loader before anything lands in the target folder, so what is
imported is exactly what ``perfdocs build`` renders; on any error nothing is
written, and nothing is overwritten without ``force``.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from perfdocs.docxread import read_blocks
from perfdocs.errors import IMPORT, InputError, Location, Problem
from perfdocs.importer import DocumentReader, ImportedDocument, numbered_tables, sheet_tables
from perfdocs.loader import PROJECT_SUFFIX, UNIT_FILE, load_unit
from perfdocs.model import Unit
from perfdocs.output import publish
from perfdocs.sheets import read_sheets
from perfdocs.writer import project_yaml, unit_yaml

_UNSAFE_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # encrypted Office files and old .doc/.xls


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote, and the tables it skipped (with ``skip_bad``)."""

    folder: Path
    files: tuple[Path, ...]
    projects: int
    indicators: int
    skipped: tuple[Problem, ...] = ()


def import_document(
    source: str | Path,
    folder: str | Path,
    *,
    force: bool = False,
    skip_bad: bool = False,
    unit_code: str | None = None,
    unit_name: str | None = None,
) -> ImportResult:
    """Read every 绩效目标表 in a Word (.docx) or Excel (.xlsx) file into a unit folder of YAML files.

    A table that looks like a 绩效目标表 but cannot be read fails the import
    (``skip_bad`` leaves it out instead, and reports it). Existing files are not
    overwritten unless ``force``. The files are read back before they are
    written; on any error nothing is written. Raises :class:`~perfdocs.errors.InputError`.
    """
    path, target = Path(source), Path(folder)
    document = read_document(path)
    if document.problems and not skip_bad:
        raise InputError(document.problems)
    unit = _imported_unit(path, document, unit_code, unit_name)
    files = {f"{project.name}{PROJECT_SUFFIX}": project_yaml(project) for project in unit.projects}
    files[UNIT_FILE] = unit_yaml(unit)
    _check_target(target, files, force=force)
    with tempfile.TemporaryDirectory(prefix="perfdocs-import-") as work:
        for name, text in files.items():
            (Path(work) / name).write_text(text, encoding="utf-8")
        load_unit(work)  # what was read must load back exactly; an error here is perfdocs' own
        written = tuple(publish(Path(work) / name, target / name) for name in files)
    indicators = sum(len(project.indicators) for project in unit.projects)
    return ImportResult(target, written, len(unit.projects), indicators, tuple(document.problems))


def _imported_unit(path: Path, document: ImportedDocument, code: str | None, name: str | None) -> Unit:
    where = Location(str(path))
    code, name = code or document.unit_code, name or document.unit_name
    problems = []
    if not document.projects:
        problems.append(Problem(where, IMPORT, "文件中没有找到可以导入的绩效目标表（以“项目名称”开始的表格）。"))
    if not code or not name:
        message = (
            "文件中没有单位行（如“207101天津市河北区人民法院”）：请用 --unit-code 和 --unit-name 指明单位编码和名称。"
        )
        problems.append(Problem(where, IMPORT, message))
    names = [project.name for project in document.projects]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            Problem(where, IMPORT, f"项目名称“{duplicate}”出现了不止一次：每个项目一个文件，名称不能重复。")
        )
    for bad in [n for n in names if _UNSAFE_FILE_NAME.search(n) or n == Path(UNIT_FILE).stem]:
        problems.append(Problem(where, IMPORT, f'项目名称“{bad}”不能用作文件名（不能含 \\ / : * ? " < > |）。'))
    if problems or not code or not name:
        raise InputError(problems)
    title_lines = tuple(document.title_lines) or (name, "项目支出绩效目标表")
    return Unit(code, name, document.money_unit or "万元", title_lines, tuple(document.projects))


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


def read_document(path: Path) -> ImportedDocument:
    """The 绩效目标表 in a .docx or .xlsx file; a file that is neither is an error."""
    where = Location(str(path))
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".xlsx", ".xlsm"):
        raise InputError(
            [Problem(where, IMPORT, "只能导入 Word（.docx）或 Excel（.xlsx）文件；旧的 .doc/.xls 请先另存为新格式。")]
        )
    try:
        head = path.read_bytes()[:8]
        if head.startswith(_OLE_MAGIC):
            message = (
                "文件是加密的，或是旧的 .doc/.xls 格式：请在 Word/WPS/Excel 中取消密码，另存为 .docx/.xlsx 后再导入。"
            )
            raise InputError([Problem(where, IMPORT, message)])
        blocks = numbered_tables(read_blocks(path)) if suffix == ".docx" else sheet_tables(read_sheets(path))
        return DocumentReader(str(path)).read(blocks)
    except FileNotFoundError as error:
        raise InputError([Problem(where, IMPORT, "找不到这个文件。")]) from error
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.LxmlError) as error:
        message = f"文件已损坏，或不是 {suffix} 格式，无法读取（{type(error).__name__}）。"
        raise InputError([Problem(where, IMPORT, message)]) from error
