"""Reading documents back: text, merges and the plain-text form used for diffs."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from perfdocs.cli import main
from perfdocs.docxread import Cell, Paragraph, Table, blocks_text, read_blocks


def test_merges_written_by_python_docx_are_read(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("标题", style="Heading 1")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "横跨"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "竖跨"
    table.cell(1, 1).text = "一\n二"
    path = tmp_path / "t.docx"
    document.save(str(path))
    blocks = list(read_blocks(path))
    assert blocks[0] == Paragraph("标题", "Heading1")
    grid = blocks[1]
    assert isinstance(grid, Table)
    assert grid.rows[0][0] == Cell("横跨", span=2)
    assert [cell.merge for cell in (grid.rows[1][0], grid.rows[2][0])] == ["restart", "continue"]
    assert grid.rows[1][1].text == "一\n二"
    assert grid.merged_regions() == [(0, 0, 1, 2), (1, 0, 2, 1)]
    assert blocks_text(blocks) == (
        "[Heading1] 标题\n"
        "表格：3 行\n"
        "  1.1 横跨 ‹跨2列›\n"
        "  1.3\n"
        "  2.1 竖跨 ‹向下合并›\n"
        "  2.2 一↵二\n"
        "  2.3\n"
        "  3.1 ‹并入上格›\n"
        "  3.2\n"
        "  3.3\n"
    )


def test_a_continued_cell_shows_nothing() -> None:
    assert Cell("残留文字", merge="continue").shown_text == ""
    assert Cell("文字", merge="restart").shown_text == "文字"


def test_the_text_command_prints_a_document_for_git(example_docx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["text", str(example_docx)]) == 0
    assert capsys.readouterr().out == blocks_text(read_blocks(example_docx))
