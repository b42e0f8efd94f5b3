"""The whole job in one call: a unit folder in, the unit's document (.docx or .pdf) out.

With page numbers (the default), the document is laid out by LibreOffice: built
once, converted to PDF, each heading's page read from the PDF, written into the
目录, and converted again to check that nothing moved (a page number can make a
目录 line wrap and push everything down a page). The same rounds find where
indicator grids break across pages and restart their 一级 merges there, so that
each continuation page shows its label (:mod:`perfdocs.breaks`). Without
LibreOffice a .docx is still built, its 目录 without page numbers and marked for
Word and WPS to update, its merges not restarted at page breaks.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from perfdocs import layoutcache
from perfdocs.breaks import anchored, first_rows, restarted, row_bookmarks, rows_before
from perfdocs.check import READING_CODES, check_folder
from perfdocs.errors import (
    CheckError,
    InputError,
    Location,
    OfficeError,
    OutputError,
    PerfdocsError,
    Problem,
    TemplateError,
    describe_os_error,
)
from perfdocs.interrupts import deferred_signals
from perfdocs.layouts import get_layout
from perfdocs.layouts.yitihua import workbook_layout
from perfdocs.model import Unit
from perfdocs.office import (
    DEFAULT_TIMEOUT,
    INSTALL_HINT,
    Office,
    bookmark_pages,
    check_timeout,
    missing_glyphs,
)
from perfdocs.officeserver import open_office, shared_offices
from perfdocs.output import check_replaceable, lock, publish, remove_if_abandoned, stamp_pdf
from perfdocs.parallel import Failure, map_isolated
from perfdocs.prepared import Prepared, bookmark_name, prepare, printed_view, unit_view
from perfdocs.progress import Progress, silent
from perfdocs.render import render_docx
from perfdocs.rules import RULES, Rule
from perfdocs.template import Template, as_template
from perfdocs.unitfolder import UNIT_FILE, unit_folders_below

#: How often the document is laid out before perfdocs gives up waiting for the pages to settle: the 目录's
#: page numbers, and the merges restarted where grids break, can each move what follows.
LAYOUT_ROUNDS = 6
#: Rounds whose page breaks replace the restarts of the round before; later rounds add to them.
_REPLACING_ROUNDS = 2
#: When the headings' pages have settled but the grids' breaks have not: the document is right, but a
#: continuation page or two may start without its 一级指标 label.
UNLABELLED_NOTICE = (
    "排版 {rounds} 遍后，指标表的分页仍随重新印出的一级指标变化：有 {count} 处跨页的指标表在新页上没有重新印出"
    "一级指标（目录页码无误）。一级指标的名称较长、字号较大时会这样，可以在模板中缩小一级指标的字号。"
)
#: A build's work folder in the temporary folder, and the file in it that is locked while the build lives.
WORK_PREFIX = "perfdocs-"
WORK_LOCK = ".perfdocs-build.lock"
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
    layout: str | None = None,
) -> BuildResult:
    """Load the unit folder ``source``, check it, and write its document to ``output`` in ``layout``
    (the 版式 its 单位.yaml names when None; :mod:`perfdocs.layouts`).

    Raises :class:`~perfdocs.errors.InputError` (every problem of every file), or
    :class:`~perfdocs.errors.CheckError` when the checks find errors (unless
    ``force``), before anything is written; the rest is :func:`write_document`'s.
    The document is not written into the unit folder unless ``allow_in_unit_folder``:
    the folder holds the data reviewers read, not what is made from it.
    Where the document is to go is checked first, before the unit is read.
    """
    if _check_target(Path(output), overwrite, timeout) == ".xlsx":
        layout = workbook_layout(layout)
    if not allow_in_unit_folder:
        _refuse_inside(output, [source], "输出文件")
    if layout is not None:  # the option names no layout: said before the unit is read
        get_layout(layout, Location("--layout"))
    checked = check_folder(source, printed_view, progress, layout)
    if checked.unit is None or checked.unreadable:
        raise InputError(problem for problem in checked.problems if problem.code in READING_CODES)
    if any(problem.is_error for problem in checked.problems) and not force:
        raise CheckError(checked.problems)
    chosen = get_layout(layout or checked.unit.layout)
    views = tuple((ref.title, view) for ref, view in checked.projects)
    prepared = Prepared(unit_view(checked.unit, chosen), views, chosen.name)
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
    layout: str | None = None,
) -> BuildResult:
    """Write ``unit``'s document to ``output`` in ``layout`` (the unit's 版式 when None), with the 目录's
    page numbers when LibreOffice is there.

    The extension of ``output`` decides the format: ``.docx``, ``.pdf`` (which
    needs LibreOffice) or ``.xlsx`` (the 一体化 table, whatever the unit's 版式).
    ``page_numbers=False`` skips LibreOffice for a .docx.
    Raises :class:`~perfdocs.errors.TemplateError`, :class:`~perfdocs.errors.OutputError`
    or :class:`~perfdocs.office.OfficeError`; on any error nothing is written.
    """
    target = Path(output)
    kind = _check_target(target, overwrite, timeout)
    if kind == ".xlsx":
        if template is not None:
            raise OutputError("生成 Excel 文件（.xlsx）不用 Word 模板：请去掉 -t/--template。")
        from perfdocs.layouts.yitihua.workbook import write_workbook  # noqa: PLC0415 - openpyxl for .xlsx only

        return BuildResult(write_workbook(prepare(unit, workbook_layout(layout)), target))
    prepared = prepare(unit, layout)
    chosen = get_layout(prepared.layout)
    compiled = as_template(template, chosen)
    if kind == ".docx" and not (page_numbers and chosen.contents):  # no 目录: nothing to lay out
        return BuildResult(render_docx(prepared, target, compiled, overwrite=True, progress=progress))
    with _work_folder() as work, contextlib.ExitStack() as stack:
        with _in_temporary_folder():
            office = open_office(work, timeout)
        if office is not None:
            stack.callback(office.close)  # before the work folder goes: LibreOffice writes there
        if office is None and kind == ".pdf":
            raise OfficeError("生成 PDF 需要 LibreOffice，但没有找到它。" + INSTALL_HINT)
        if office is None:
            document = render_docx(prepared, target, compiled, overwrite=True, progress=progress)
            return BuildResult(document, notice=NO_OFFICE_NOTICE)
        with _in_temporary_folder():
            finished, pages, layout_notice = _lay_out(
                prepared,
                compiled,
                office,
                kind=kind,
                page_numbers=page_numbers and chosen.contents,  # a layout without a 目录 has no pages to find
                progress=progress,
                target=target,
            )
        return BuildResult(publish(finished, target), pages, notice=_joined(office.notice, layout_notice))


def _check_target(target: Path, overwrite: bool, timeout: float) -> str:
    """Refuse a target that cannot be written or replaced, or a time limit that is none; the target's kind."""
    check_timeout(timeout)
    check_replaceable(target, overwrite=overwrite)
    kind = target.suffix.lower()
    if kind not in (".docx", ".pdf", ".xlsx"):
        raise OutputError(f"不知道要生成什么格式：输出文件 {target} 的扩展名应为 .docx、.pdf 或 .xlsx。")
    return kind


def _refuse_inside(output: str | Path, units: Iterable[str | Path], what: str) -> None:
    """Refuse an output inside one of the unit folders (links followed, without failing on a loop)."""
    place = os.path.realpath(output)
    for unit in units:
        if Path(place).is_relative_to(os.path.realpath(unit)):
            raise OutputError(
                f"{what} {output} 在单位文件夹 {unit} 里：单位文件夹只放数据。"
                "请写到别处，或加 --allow-in-unit-folder 确认。"
            )


@contextmanager
def _work_folder() -> Iterator[Path]:
    """A private temporary folder for LibreOffice and the files in between, removed however the build ends.

    LibreOffice is stopped before (see :mod:`perfdocs.office`), so nothing writes into it any more. A
    build killed with SIGKILL cannot remove its folder: the folder holds a file locked while its build
    lives, and the next build removes the folders whose lock is free.
    """
    with _in_temporary_folder():
        _remove_abandoned_work_folders()
        folder = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
        handle = _hold_lock(folder)
    try:
        yield folder
    finally:
        with deferred_signals():  # a second Ctrl-C must not leave the folder half removed
            shutil.rmtree(folder, ignore_errors=True)
            os.close(handle)


def _hold_lock(folder: Path) -> int:
    """Lock the work folder's lock file, made under another name first: a lock file there is always locked."""
    unlocked = folder / f"{WORK_LOCK}.new"
    handle = os.open(unlocked, os.O_CREAT | os.O_WRONLY, 0o600)
    lock(handle)
    os.replace(unlocked, folder / WORK_LOCK)
    return handle


def _remove_abandoned_work_folders() -> None:
    """Remove this user's work folders of builds that were killed (their lock is free); as far as possible."""
    if sys.platform == "win32":  # pragma: no cover - no locks there
        return
    with contextlib.suppress(OSError), os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            if entry.name.startswith(WORK_PREFIX) and _is_own_folder(entry):
                remove_if_abandoned(Path(entry.path) / WORK_LOCK, Path(entry.path))


def _is_own_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_uid == os.getuid()
    except OSError:
        return False


@contextmanager
def _in_temporary_folder() -> Iterator[None]:
    """A failure to write in the work folder, said of the temporary folder: the work folder will be gone."""
    try:
        yield
    except OSError as error:
        raise _temporary_folder_error(error) from error
    except OutputError as error:
        if isinstance(error.__cause__, OSError):
            raise _temporary_folder_error(error.__cause__) from error
        raise


def _temporary_folder_error(error: OSError) -> OutputError:
    place = tempfile.tempdir or "系统的临时文件夹"  # set once tempfile found a usable one
    return OutputError(
        f"无法在临时文件夹 {place} 中工作：{describe_os_error(error)}。可以用环境变量 TMPDIR 指定别的临时文件夹。"
    )


def _lay_out(
    prepared: Prepared,
    template: Template,
    office: Office,
    *,
    kind: str,
    page_numbers: bool,
    progress: Progress,
    target: Path,
) -> tuple[Path, dict[int, int] | None, str | None]:
    """The finished file in the work folder for ``target``, the page of each section if the 目录 has them,
    and what to tell the user of the layout.

    Without page numbers, only a PDF comes here (a .docx is then rendered without LibreOffice).
    """
    if not page_numbers:
        document = render_docx(prepared, office.folder / "document.docx", template, progress=progress)
        pdf = office.to_pdf(document)
        stamp_pdf(pdf)
        return pdf, None, missing_glyphs(document)
    layout = paginate(prepared, template, office, office.folder, progress, docx=kind == ".docx", target=target)
    if kind == ".pdf":
        stamp_pdf(layout.pdf)
    notice = _joined(layout.notice, missing_glyphs(layout.document))
    return layout.document if kind == ".docx" else layout.pdf, layout.pages, notice


def _joined(*notices: str | None) -> str | None:
    """Several notices as the one :attr:`BuildResult.notice` (each printed after “提示：”)."""
    return "\n提示：".join(filter(None, notices)) or None


class Layout(NamedTuple):
    """A laid-out document: its .docx and PDF, the page of each section, and what to tell the user of it."""

    document: Path
    pdf: Path
    pages: dict[int, int]
    notice: str | None = None


def paginate(
    unit: Unit | Prepared,
    template: Template,
    office: Office,
    workdir: Path,
    progress: Progress,
    *,
    docx: bool = True,
    target: Path | None = None,
) -> Layout:
    """Render until the 目录's page numbers are the pages LibreOffice puts the headings on, and the
    一级/二级 merges restart at the first row of each page an indicator grid runs onto (:mod:`perfdocs.breaks`).

    Each round's document carries a bookmark in every indicator row, from which the PDF tells where
    grids break; the document returned is rendered once more without them (its pages are the same),
    unless only the PDF is wanted (not ``docx``). The first round starts from the layout remembered
    for the same content or for the same ``target`` (:mod:`perfdocs.layoutcache`), which it takes
    only if LibreOffice confirms it exactly; else from placeholder numbers of the likely width.
    """
    if template.page_offset is None:
        raise TemplateError(
            f"模板 {template.path} 中各节的页码重新起始，目录的页码无法与页脚一致："
            "请去掉“页码重新开始”，或用 --no-page-numbers 生成。"
        )
    prepared = prepare(unit)
    headings = {number: (bookmark_name(number), f"{number}.{title}") for number, title in prepared.headings()}
    rows = row_bookmarks(prepared)
    places: dict[str, str | None] = {**dict(headings.values()), **dict.fromkeys(rows.values())}
    with_bookmarks = anchored(prepared)
    keys = [layoutcache.content_key(prepared, template, office.program)]
    keys += [layoutcache.target_key(target)] if target is not None else []
    remembered = layoutcache.recall(keys)
    if remembered is not None and set(remembered.pages) == set(headings):
        pages, restarts = remembered.pages, remembered.restarts
    else:
        remembered = None
        pages, restarts = layoutcache.placeholders(headings, rows_before(prepared)), frozenset()
    for round_number in range(1, LAYOUT_ROUNDS + 1):
        progress(f"排版第 {round_number} 遍（LibreOffice）", 0, 0)
        document = workdir / f"round-{round_number}.docx"
        render_docx(restarted(with_bookmarks, restarts), document, template, pages=pages, progress=progress)
        found = bookmark_pages(office.to_pdf(document), places)
        laid_out = {number: found[bookmark] + template.page_offset for number, (bookmark, _) in headings.items()}
        breaks = first_rows(prepared, {number: found[name] for number, name in rows.items() if name in found})
        # A remembered layout is taken as it is or not at all: its restarts may belong to other content.
        settled = breaks == restarts if remembered is not None and round_number == 1 else breaks <= restarts
        if laid_out == pages and (settled or round_number == LAYOUT_ROUNDS):
            notice = None if settled else UNLABELLED_NOTICE.format(count=len(breaks - restarts), rounds=LAYOUT_ROUNDS)
            layoutcache.remember(keys, layoutcache.Remembered(pages, restarts))
            return _finish(
                prepared,
                template,
                document,
                pages=pages,
                restarts=restarts,
                docx=docx,
                progress=progress,
                notice=notice,
            )
        # After the first rounds (with placeholder or remembered numbers, then with the pages found),
        # restarts are only added: a restart can move a break (and the headings), and the break the
        # restart, back and forth for ever. A restart that no longer stands at a break prints its label
        # once more, losing nothing.
        restarts = restarts | breaks if round_number > _REPLACING_ROUNDS else breaks
        pages = laid_out
    raise OfficeError(
        f"目录填入页码后，标题所在的页仍在变化（已排版 {LAYOUT_ROUNDS} 遍）；请检查模板的目录和分页设置。"
    )


def _finish(
    prepared: Prepared,
    template: Template,
    document: Path,
    *,
    pages: dict[int, int],
    restarts: frozenset[int],
    docx: bool,
    progress: Progress,
    notice: str | None,
) -> Layout:
    """The laid-out round's PDF, and its .docx rendered again without the row bookmarks (same pages)."""
    pdf = document.with_suffix(".pdf")
    if docx:
        document = document.parent / "document.docx"
        render_docx(restarted(prepared, restarts), document, template, pages=pages, progress=progress)
    return Layout(document, pdf, pages, notice)


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
    """The unit folders among ``paths``: each a unit folder, or a folder holding unit folders at any depth.

    Folders below that look like units but have no ``单位.yaml`` are listed too: building them fails with
    the reason, so that a unit is never left out without a word.
    """
    folders: list[Path] = []
    for given in map(Path, paths):
        if (given / UNIT_FILE).is_file() or not given.is_dir():
            folders.append(given)
            continue
        units, lookalikes = unit_folders_below(given, [])
        folders += sorted(units + lookalikes) or [given]
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
    """Build a document per unit folder into ``folder`` (``单位文件夹名.docx``), each unit in a process of its own.

    A unit that fails, however it fails (its data, a defect of perfdocs, its
    process killed for want of memory), does not stop the others; each outcome
    says what happened. ``options`` are :func:`build`'s. The rules of
    :data:`perfdocs.RULES` go to the workers with the units, so a rule a script
    added must be picklable: its check a function at the top level of a module.
    """
    units = unit_folders(sources)
    names = [unit.name for unit in units]
    clashes = sorted({name for name in names if names.count(name) > 1})
    if clashes:
        raise OutputError(f"几个单位文件夹同名（{'、'.join(clashes)}），生成的文档会互相覆盖：请分几次生成。")
    _check_folder_target(Path(folder))
    if not options.get("allow_in_unit_folder"):
        _refuse_inside(folder, units, "输出文件夹")
    jobs = [(str(unit), str(Path(folder) / f"{unit.name}{suffix}")) for unit in units]
    count = min(workers or os.cpu_count() or 1, len(units))
    work = partial(_build_one, options=options, rules=tuple(RULES))
    laid_out = options.get("page_numbers", True) or suffix == ".pdf"
    # A LibreOffice per worker, kept running for all the units: each unit's build then starts none.
    with shared_offices(count if laid_out else 0, options.get("timeout", DEFAULT_TIMEOUT)):
        results = map_isolated(work, jobs, count, partial(progress, "生成各单位的文档"))
    return [
        result if isinstance(result, UnitOutcome) else _failed(source, result)
        for (source, _), result in zip(jobs, results, strict=True)
    ]


def _check_folder_target(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} 不是文件夹：生成几个单位的文档时，要给出放文档的文件夹。")


def _build_one(job: tuple[str, str], *, options: dict[str, Any], rules: tuple[Rule, ...]) -> UnitOutcome:
    """One unit's build, in a worker process; every error it can foresee becomes printable lines."""
    source, target = job
    RULES[:] = rules  # a worker that imported perfdocs afresh (spawn, forkserver) has only the built-in rules
    try:
        result = build(source, target, **options)
    except InputError as error:
        lines = [problem.format() for problem in error.problems]
        return UnitOutcome(source, None, (*lines, f"共 {len(error.problems)} 个问题，未生成文档。"))
    except PerfdocsError as error:
        return UnitOutcome(source, None, (f"错误：{error}",))
    except MemoryError:
        return UnitOutcome(source, None, ("错误：内存不足，未生成文档。",))
    notices = [problem.format() for problem in result.problems] + ([f"提示：{result.notice}"] if result.notice else [])
    return UnitOutcome(source, str(result.output), tuple(notices))


def _failed(source: str, failure: Failure) -> UnitOutcome:
    """The outcome of a unit whose build ended without one: a defect of perfdocs, or its process gone."""
    if failure.error is not None:
        message = f"错误：perfdocs 内部错误（{failure.error}）。这是 perfdocs 的缺陷，不是数据的问题，请报告给开发者。"
    elif failure.exit_code is not None and failure.exit_code < 0:
        name = signal.Signals(-failure.exit_code).name
        message = f"错误：生成这个单位的进程被信号 {name} 终止（内存不足时系统会这样终止进程），未生成文档。"
    else:
        message = f"错误：生成这个单位的进程意外退出（退出码 {failure.exit_code}），未生成文档。"
    return UnitOutcome(source, None, (message,))
