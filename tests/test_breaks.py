"""Indicator grids across a page break: which rows begin a page, and the merges restarted there."""

from __future__ import annotations

import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs.breaks import anchored, first_rows, restarted, row_bookmark, row_bookmarks
from perfdocs.importing.blocks import Cell, Table
from perfdocs.importing.docx import read_blocks
from perfdocs.package import DOCUMENT_PART
from perfdocs.prepared import Prepared, RowView, prepare
from perfdocs.sandbox import Environment
from perfdocs.template import to_jinja


@pytest.fixture(scope="module")
def seed() -> Prepared:
    return prepare(perfdocs.load_unit(EXAMPLE_UNIT))


def rows(prepared: Prepared) -> list[RowView]:
    return [row for _, project in prepared.projects for row in project.rows]


def grids(docx: Path) -> list[list[tuple[Cell, ...]]]:
    """The indicator rows of each grid: the rows under each 一级指标 header row, to the table's end."""
    found = []
    for table in (block for block in read_blocks(docx) if isinstance(block, Table)):
        starts = [n for n, row in enumerate(table.rows) if row[0].shown_text == "一级指标"]
        ends = [*starts[1:], len(table.rows)]
        found += [list(table.rows[start + 1 : end]) for start, end in zip(starts, ends, strict=False)]
    return found


def test_rows_are_numbered_through_the_document(seed: Prepared) -> None:
    bookmarks = row_bookmarks(seed)
    assert list(bookmarks) == list(range(1, len(rows(seed)) + 1))
    assert bookmarks[1] == "_perfdocs_row_1"
    marked = rows(anchored(seed))
    assert [row.bookmark for row in marked] == list(bookmarks.values())
    assert len({row.bookmark_id for row in marked}) == len(marked)
    assert all(row.bookmark == "" for row in rows(seed))  # the views given are not changed


def test_a_row_on_a_later_page_than_the_one_before_begins_a_page(seed: Prepared) -> None:
    # the first project's rows 1-6 (产出指标 ×4, 效益指标, 满意度指标); the second project's from 7
    pages = dict.fromkeys(range(1, len(rows(seed)) + 1), 2)
    pages.update({3: 3, 4: 3, 5: 3, 6: 3, 7: 4})  # rows 3 (continues 产出指标) and 7 (the next grid's first)
    assert first_rows(seed, pages) == {3}


def test_a_row_that_continues_no_merge_needs_no_restart(seed: Prepared) -> None:
    pages = {1: 2, 2: 2, 3: 2, 4: 2, 5: 3, 6: 3}  # row 5 starts 效益指标: it prints its label
    assert first_rows(seed, pages) == set()


def test_rows_without_a_page_break_nothing(seed: Prepared) -> None:
    assert first_rows(seed, {}) == set()
    assert first_rows(seed, {1: 2, 3: 3}) == set()  # row 2's page is not known


def test_a_restart_prints_the_label_and_the_rows_after_continue_it(seed: Prepared) -> None:
    again = rows(restarted(seed, {3}))
    assert [row.level1_merge for row in again[:6]] == ["restart", "continue", "restart", "continue", "", ""]
    second = rows(restarted(seed, {3 + 6 + 1}))  # the second project's fourth row, inside a 二级 merge too
    before = rows(seed)[9]
    assert (before.level1_merge, before.level2_merge) == ("continue", "continue")
    assert (second[9].level1_merge, second[9].level2_merge) == ("restart", "restart")
    assert rows(restarted(seed, ())) == rows(seed)


def test_a_restart_where_a_merge_starts_changes_nothing(seed: Prepared) -> None:
    assert rows(restarted(seed, {1, 5})) == rows(seed)


ROW = (
    "<w:tbl><w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>{{% vmerge {merge} %}}{{{{ row.level1 }}}}</w:t></w:r></w:p></w:tc>"
    '<w:tc><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{{{{ row.name }}}}</w:t></w:r></w:p></w:tc>'
    "<w:tc><w:p><w:r><w:t>{last}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
)
BOOKMARK = '{% if row.bookmark is defined and row.bookmark %}<w:bookmarkStart w:id="{{ row.bookmark_id }}"'


def test_the_template_puts_the_bookmark_in_the_last_cell_that_is_not_merged() -> None:
    source = to_jinja(ROW.format(merge="row.level1_merge", last="{{ row.value }}"))
    last_cell = source[source.rindex("<w:tc>") :]
    assert BOOKMARK in last_cell
    assert source.count(BOOKMARK) == 1
    assert last_cell.index(BOOKMARK) < last_cell.index("<w:r>")

    merged_last = to_jinja(ROW.format(merge="row.level1_merge", last="{% vmerge row.level2_merge %}x"))
    second_cell = merged_last.split("<w:tc>")[2]
    assert '<w:jc w:val="center"/></w:pPr>' + BOOKMARK in second_cell


def test_the_bookmark_is_printed_only_for_a_row_that_has_one(seed: Prepared) -> None:
    template = Environment().from_string(to_jinja(ROW.format(merge="row.level1_merge", last="{{ row.value }}")))
    row = rows(anchored(seed))[0]
    assert f'<w:bookmarkStart w:id="{row.bookmark_id}" w:name="_perfdocs_row_1"/>' in template.render(row=row)
    assert "bookmarkStart" not in template.render(row=rows(seed)[0])
    other = SimpleNamespace(level1_merge="", level1="甲", name="乙", value="丙")  # a template's own rows
    assert "bookmarkStart" not in template.render(row=other)


def test_a_row_whose_merge_names_no_row_variable_gets_no_bookmark() -> None:
    assert "bookmarkStart" not in to_jinja(ROW.format(merge="'restart'", last="x"))


def test_a_bookmark_never_goes_where_jinja_could_repeat_it() -> None:
    looped = ROW.format(merge="row.level1_merge", last="x").replace(
        "<w:tc><w:p><w:pPr>", "<w:tc>{% for x in row.goals %}<w:p><w:pPr>"
    )
    source = to_jinja(looped)
    assert source.count(BOOKMARK) == 1
    assert BOOKMARK not in source.split("<w:tc>")[2]  # not in the looping cell: in the last one


def test_a_document_with_restarted_merges_imports_back_the_same(seed: Prepared, tmp_path: Path) -> None:
    """A label printed again at a page break is one merged run, not a 一级指标 the unit keeps apart."""
    output = perfdocs.render_docx(restarted(anchored(seed), {3, 10}), tmp_path / "broken" / "文档.docx")
    first, second = grids(output)[:2]
    assert [first[2][0].shown_text, second[3][0].shown_text] == ["产出指标", "产出指标"]
    with zipfile.ZipFile(output) as archive:
        assert row_bookmark(3) in archive.read(DOCUMENT_PART).decode()
    perfdocs.import_document(output, tmp_path / "导入")
    for source in EXAMPLE_UNIT.glob("*.yaml"):
        assert (tmp_path / "导入" / source.name).read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_built_document_restarts_merges_without_the_row_bookmarks(tmp_path: Path, libreoffice: str) -> None:
    result = perfdocs.build(EXAMPLE_UNIT, tmp_path / "文档.docx")
    with zipfile.ZipFile(result.output) as archive:
        xml = archive.read(DOCUMENT_PART).decode()
    assert "_perfdocs_row_" not in xml
    labels = [row[0].merge for grid in grids(result.output) for row in grid]
    plain = [row.level1_merge for row in rows(prepare(perfdocs.load_unit(EXAMPLE_UNIT)))]
    assert labels.count("restart") > plain.count("restart")  # the seed's grids run onto the next page
    perfdocs.import_document(result.output, tmp_path / "导入")
    for source in EXAMPLE_UNIT.glob("*.yaml"):
        assert (tmp_path / "导入" / source.name).read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
