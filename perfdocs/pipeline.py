"""The whole job in one call: a unit folder in, the unit's document (.docx or .pdf) out.

With page numbers (the default), the document is laid out by LibreOffice: built
once, converted to PDF, each heading's page read from the PDF, written into the
目录, and converted again to check that nothing moved (a page number can make a
目录 line wrap and push everything down a page). Without LibreOffice a .docx is
still built, its 目录 without page numbers and marked for Word and WPS to update.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from perfdocs.check import READING_CODES, check_folder
from perfdocs.context import Prepared, bookmark_name, prepare, project_view, unit_view
from perfdocs.errors import CheckError, InputError, OfficeError, OutputError, PerfdocsError, Problem, TemplateError
from perfdocs.loader import UNIT_FILE
from perfdocs.model import Unit
from perfdocs.office import DEFAULT_TIMEOUT, INSTALL_HINT, Office, bookmark_pages, open_office
from perfdocs.output import check_replaceable, publish, stamp_pdf
from perfdocs.progress import Progress, silent
from perfdocs.render import render_docx
from perfdocs.template import Template, as_template

#: How often the 目录 is rewritten before perfdocs gives up waiting for the pages to settle.
LAYOUT_ROUNDS = 3
NO_OFFICE_NOTICE = "没有找到 LibreOffice，目录中暂无页码；Word 和 WPS 打开文档时会提示更新目录。" + INSTALL_HINT


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the file, the page of each section (if known), what was skipped,
    and what the checks found without stopping the build (warnings; errors too with ``force``)."""

    output: Path
    pages: dict[int, int] | None = None
    notice: str | None = None
    problems: tuple[Problem, ...] = ()


def build(
    source: str | Path,
    output: str | Path,
    *,
    template: Template | str | Path | None = None,
    overwrite: bool = False,
    page_numbers: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress = silent,
    force: bool = False,
    allow_in_unit_folder: bool = False,
) -> BuildResult:
    """Load the unit folder ``source``, check it, and write its document to ``output``.

    Raises :class:`~perfdocs.errors.InputError` (every problem of every file), or
    :class:`~perfdocs.errors.CheckError` when the checks find errors (unless
    ``force``), before anything is written; the rest is :func:`write_document`'s.
    The document is not written into the unit folder unless ``allow_in_unit_folder``:
    the folder holds the data reviewers read, not what is made from it.
    """
    if not allow_in_unit_folder and Path(output).resolve().is_relative_to(Path(source).resolve()):
        raise OutputError(
            f"输出文件 {output} 在单位文件夹 {source} 里：单位文件夹只放数据。"
            "请写到别处，或加 --allow-in-unit-folder 确认。"
        )
    checked = check_folder(source, project_view, progress)
    if checked.unit is None or checked.unreadable:
        raise InputError(problem for problem in checked.problems if problem.code in READING_CODES)
    if any(problem.is_error for problem in checked.problems) and not force:
        raise CheckError(checked.problems)
    prepared = Prepared(unit_view(checked.unit), tuple((ref.title, view) for ref, view in checked.projects))
    result = write_document(
        prepared,
        output,
        template=template,
        overwrite=overwrite,
        page_numbers=page_numbers,
        timeout=timeout,
        progress=progress,
    )
    return replace(result, problems=tuple(sorted(checked.problems)))


def write_document(
    unit: Unit | Prepared,
    output: str | Path,
    *,
    template: Template | str | Path | None = None,
    overwrite: bool = False,
    page_numbers: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress = silent,
) -> BuildResult:
    """Write ``unit``'s document to ``output``, with the 目录's page numbers when LibreOffice is there.

    The extension of ``output`` decides the format: ``.docx`` or ``.pdf`` (which
    needs LibreOffice). ``page_numbers=False`` skips LibreOffice for a .docx.
    Raises :class:`~perfdocs.errors.TemplateError`, :class:`~perfdocs.errors.OutputError`
    or :class:`~perfdocs.office.OfficeError`; on any error nothing is written.
    """
    target = Path(output)
    check_replaceable(target, overwrite=overwrite)
    kind = target.suffix.lower()
    if kind not in (".docx", ".pdf"):
        raise OutputError(f"不知道要生成什么格式：输出文件 {target} 的扩展名应为 .docx 或 .pdf。")
    compiled = as_template(template)
    prepared = prepare(unit)
    if kind == ".docx" and not page_numbers:
        return BuildResult(render_docx(prepared, target, compiled, overwrite=True, progress=progress))
    with tempfile.TemporaryDirectory(prefix="perfdocs-", ignore_cleanup_errors=True) as work:
        office = open_office(Path(work), timeout)
        if office is None and kind == ".pdf":
            raise OfficeError("生成 PDF 需要 LibreOffice，但没有找到它。" + INSTALL_HINT)
        if office is None:
            document = render_docx(prepared, target, compiled, overwrite=True, progress=progress)
            return BuildResult(document, notice=NO_OFFICE_NOTICE)
        if page_numbers:
            document, pdf, pages = paginate(prepared, compiled, office, Path(work), progress)
        else:
            document, pages = render_docx(prepared, Path(work) / "document.docx", compiled, progress=progress), None
            pdf = office.to_pdf(document)
        if kind == ".pdf":
            stamp_pdf(pdf)
        return BuildResult(publish(pdf if kind == ".pdf" else document, target), pages)


def paginate(
    unit: Unit | Prepared, template: Template, office: Office, workdir: Path, progress: Progress
) -> tuple[Path, Path, dict[int, int]]:
    """Render until the 目录's page numbers are the pages LibreOffice puts the headings on.

    Returns the final .docx, its PDF and the page of each section number.
    """
    if template.page_offset is None:
        raise TemplateError(
            f"模板 {template.path} 中各节的页码重新起始，目录的页码无法与页脚一致："
            "请去掉“页码重新开始”，或用 --no-page-numbers 生成。"
        )
    headings = {number: (bookmark_name(number), f"{number}.{title}") for number, title in prepare(unit).headings()}
    pages: dict[int, int] | None = None
    for round_number in range(1, LAYOUT_ROUNDS + 1):
        progress(f"排版第 {round_number} 遍（LibreOffice）", 0, 0)
        document = render_docx(unit, workdir / f"round-{round_number}.docx", template, pages=pages, progress=progress)
        found = bookmark_pages(office.to_pdf(document), dict(headings.values()))
        laid_out = {number: found[bookmark] + template.page_offset for number, (bookmark, _) in headings.items()}
        if laid_out == pages:
            return document, document.with_suffix(".pdf"), pages
        pages = laid_out
    raise OfficeError(
        f"目录填入页码后，标题所在的页仍在变化（已排版 {LAYOUT_ROUNDS} 遍）；请检查模板的目录和分页设置。"
    )


@dataclass(frozen=True)
class UnitOutcome:
    """What happened to one unit of a many-unit build: its document, or why there is none.

    ``messages`` are printable lines (problems, notices), so that an outcome can
    come back from a worker process whatever went wrong there.
    """

    source: str
    output: str | None
    messages: tuple[str, ...] = ()


def unit_folders(paths: Iterable[str | Path]) -> list[Path]:
    """The unit folders among ``paths``: each a unit folder, or a folder of unit folders."""
    folders: list[Path] = []
    for given in map(Path, paths):
        inner = sorted(child for child in given.iterdir() if (child / UNIT_FILE).is_file()) if given.is_dir() else []
        folders += [given] if (given / UNIT_FILE).is_file() or not inner else inner
    return folders


def build_many(
    sources: Iterable[str | Path],
    folder: str | Path,
    *,
    suffix: str = ".docx",
    workers: int | None = None,
    progress: Progress = silent,
    **options: Any,
) -> list[UnitOutcome]:
    """Build a document per unit folder into ``folder`` (``单位文件夹名.docx``), in parallel processes.

    A unit that fails does not stop the others; each outcome says what happened.
    ``options`` are :func:`build`'s.
    """
    units = unit_folders(sources)
    names = [unit.name for unit in units]
    clashes = sorted({name for name in names if names.count(name) > 1})
    if clashes:
        raise OutputError(f"几个单位文件夹同名（{'、'.join(clashes)}），生成的文档会互相覆盖：请分几次生成。")
    targets = [Path(folder) / f"{unit.name}{suffix}" for unit in units]
    count = min(workers or os.cpu_count() or 1, len(units)) or 1
    outcomes = []
    with ProcessPoolExecutor(max_workers=count) as pool:
        jobs = [
            pool.submit(_build_one, str(unit), str(target), options)
            for unit, target in zip(units, targets, strict=True)
        ]
        for done, job in enumerate(as_completed(jobs), start=1):
            outcomes.append(job.result())
            progress("生成各单位的文档", done, len(jobs))
    order = {str(unit): index for index, unit in enumerate(units)}
    return sorted(outcomes, key=lambda outcome: order[outcome.source])


def _build_one(source: str, target: str, options: dict[str, Any]) -> UnitOutcome:
    """One unit's build, in a worker process; every error becomes printable lines."""
    try:
        result = build(source, target, **options)
    except InputError as error:
        lines = [problem.format() for problem in error.problems]
        return UnitOutcome(source, None, (*lines, f"共 {len(error.problems)} 个问题，未生成文档。"))
    except PerfdocsError as error:
        return UnitOutcome(source, None, (f"错误：{error}",))
    notices = [problem.format() for problem in result.problems] + ([f"提示：{result.notice}"] if result.notice else [])
    return UnitOutcome(source, str(result.output), tuple(notices))
