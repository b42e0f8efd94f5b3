"""Indicator grids across a page break: the 一级 (and 二级) label printed again at the top of the new page.

A vertically merged cell that runs onto the next page keeps its text on the page where it starts:
the rows at the top of the next page, under the repeated header row, would show an empty 一级指标
cell. Word and LibreOffice do not repeat it, so perfdocs restarts the merge at the first row of each
page, which then prints its label.

Only a layout knows where pages break. While perfdocs lays the document out with LibreOffice
(:func:`perfdocs.pipeline.paginate`), every indicator row carries a bookmark (:func:`anchored`; the
template puts it in the row, see :mod:`perfdocs.template`), the PDF says which page each bookmark is
on, :func:`first_rows` finds the rows that begin a page, and the next round renders the merges
restarted there (:func:`restarted`). Rows are numbered from 1 through the whole document, in order.
The bookmarks are for LibreOffice only: the published document is rendered without them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import replace

from perfdocs.layouts.views import RowView
from perfdocs.ooxml.wordml import ROW_BOOKMARK, ROW_BOOKMARK_IDS
from perfdocs.prepared import Prepared

_Change = Callable[[int, RowView], RowView]


def row_bookmark(number: int) -> str:
    """The bookmark of the document's ``number``-th indicator row (1-based)."""
    return ROW_BOOKMARK.format(number)


def row_bookmarks(prepared: Prepared) -> dict[int, str]:
    """Each row's number and bookmark, through the whole document."""
    return {number: row_bookmark(number) for number, _ in _numbered(prepared)}


def anchored(prepared: Prepared) -> Prepared:
    """``prepared`` with a bookmark in each indicator row, so that a layout tells the page of every row."""
    return _rewritten(
        prepared,
        lambda number, row: row._replace(bookmark=row_bookmark(number), bookmark_id=ROW_BOOKMARK_IDS + number),
    )


def restarted(prepared: Prepared, first: Collection[int]) -> Prepared:
    """``prepared`` with the 一级 and 二级 merges restarted at the rows numbered in ``first``.

    A row that continues a merge begins a new one, so that it prints its label; the rows after it
    continue that one. A row that starts a merge or is not merged already prints its label.
    """
    if not first:
        return prepared

    def restart(number: int, row: RowView) -> RowView:
        if number not in first:
            return row
        return row._replace(level1_merge=_restart(row.level1_merge), level2_merge=_restart(row.level2_merge))

    return _rewritten(prepared, restart)


def first_rows(prepared: Prepared, pages: Mapping[int, int]) -> frozenset[int]:
    """The rows that stand first on a page in the middle of their grid, and continue a merge there.

    ``pages`` maps row numbers to pages; a row missing from it (a template that gives rows no
    bookmark) breaks nothing. Only a row on a later page than the row before it, in the same project,
    begins a continuation page: a grid's first row is under its own header, where it starts its merges.
    """
    found = set()
    previous: tuple[int, int | None] = (0, None)  # the project and page of the row before
    for number, row, project in _rows(prepared):
        page = pages.get(number)
        broken = project == previous[0] and page is not None and previous[1] is not None and page > previous[1]
        if broken and "continue" in (row.level1_merge, row.level2_merge):
            found.add(number)
        previous = (project, page)
    return frozenset(found)


def _restart(merge: str) -> str:
    return "restart" if merge == "continue" else merge


def _rows(prepared: Prepared) -> Iterator[tuple[int, RowView, int]]:
    """Each row's number, the row, and its project's number (1-based)."""
    number = 0
    for project_number, (_, project) in enumerate(prepared.projects, start=1):
        for row in project.rows:
            number += 1
            yield number, row, project_number


def rows_before(prepared: Prepared) -> dict[int, int]:
    """How many indicator rows stand before each section (by its number; consecutive projects with the
    same title are one section, as in :meth:`~perfdocs.prepared.Prepared.headings`)."""
    found: dict[int, int] = {}
    rows = 0
    previous: str | None = None
    for title, project in prepared.projects:
        if not found or title != previous:
            found[len(found) + 1] = rows
            previous = title
        rows += len(project.rows)
    return found


def _numbered(prepared: Prepared) -> Iterator[tuple[int, RowView]]:
    for number, row, _ in _rows(prepared):
        yield number, row


def _rewritten(prepared: Prepared, change: _Change) -> Prepared:
    """``prepared`` with each row replaced by ``change(number, row)``."""
    number = 0
    projects = []
    for title, project in prepared.projects:
        rows = []
        for row in project.rows:
            number += 1
            rows.append(change(number, row))
        projects.append((title, project._replace(rows=tuple(rows))))
    return replace(prepared, projects=tuple(projects))
