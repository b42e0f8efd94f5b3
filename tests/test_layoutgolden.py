"""The golden cell-grid format (tests/layoutgolden.py): its parser, its writer and the .docx extractor."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from layoutgolden import (
    GoldenError,
    cell_parts,
    cell_token,
    docx_grid,
    escape,
    format_golden,
    parse_golden,
    read_golden,
)

import perfdocs

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "layouts"
EXAMPLES = ROOT / "projects" / "examples"


# --- the parser -------------------------------------------------------------------------------


def test_parse_reads_tables_rows_and_tokens() -> None:
    text = """# a comment
[table] first
a | b<<2
^ | "" | c

[table]
x\\ny | \\| | \\s y
"""
    assert parse_golden(text) == [
        [("a", "b<<2"), ("^", '""', "c")],
        [("x\\ny", "\\|", "\\s y")],
    ]


def test_tokens_read_as_text_span_and_merge() -> None:
    assert cell_parts("项目总目标<<3") == ("项目总目标", 3, False)
    assert cell_parts("^<<2") == ("", 2, True)
    assert cell_parts("^") == ("", 1, True)
    assert cell_parts('""') == ("", 1, False)
    assert cell_parts("a\\nb\\tc\\\\d\\|e") == ("a\nb\tc\\d|e", 1, False)
    assert cell_parts("\\^") == ("^", 1, False)
    assert cell_parts("x\\<<3") == ("x<<3", 1, False)
    assert cell_parts("x\\<<3<<2") == ("x<<3", 2, False)


@pytest.mark.parametrize(
    "text",
    ["", "^", '""', '"quoted"', " lead", "trail ", " ", "a | b", "x<<3", "a\\b", "one\ntwo", "tab\there", "≥90.00(%)"],
)
def test_escape_then_read_gives_the_text_back(text: str) -> None:
    for span in (1, 2, 13):
        token = cell_token(text, span)
        assert cell_parts(token) == (text, span, False)
        assert parse_golden(f"[table]\n{token}\n") == [[(token,)]]


def test_escape_leaves_plain_text_alone() -> None:
    assert escape("兰溪路-真南路下立交工程") == "兰溪路-真南路下立交工程"
    assert escape("=100.00(%)") == "=100.00(%)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a | b\n", "before the first"),
        ("[table]\na | b\nc\n", "covers 1 grid columns, the rows above 2"),
        ("[table]\n^ | a\n", "no cell above"),
        ("[table]\na<<2 | b\n^ | c | d\n", "no cell above"),
        ("[table]\na | b\n^<<2\n", "no cell above"),
        ("[table]\na |b\n", "bar inside a cell"),
        ("[table]\na |  b\n", "space at the start or end"),
        ("[table]\na | \n", 'empty cell is written ""'),
        ("[table]\na<<1 | b\n", "span is <<N"),
        ("[table]\na\\q\n", "unknown escape"),
        ("[table]\n^x\n", "backslash before it"),
        ("[table]\na\\\n", "lone backslash"),
    ],
)
def test_parse_refuses_what_a_table_cannot_be(text: str, message: str) -> None:
    with pytest.raises(GoldenError, match=message) as caught:
        parse_golden(text, "g.txt")
    assert "g.txt:" in str(caught.value)


def test_format_then_parse_is_the_same() -> None:
    tables = [[("a", "b<<2"), ("^", '""', "\\s c")], [("x",)]]
    assert parse_golden(format_golden(tables)) == tables


# --- the extractor ----------------------------------------------------------------------------


def _document(path: Path) -> Path:
    """A 3 x 3 table with a horizontal and a vertical merge, and one small 1 x 1 table after it."""
    document = docx.Document()
    document.add_paragraph("title, not in a table")
    table = document.add_table(rows=3, cols=3)
    top = table.cell(0, 0).merge(table.cell(0, 1))
    top.text = "项目总目标"
    table.cell(0, 2).text = "年度"
    left = table.cell(1, 0).merge(table.cell(2, 0))
    left.text = "效益指标"
    cell = table.cell(1, 1)
    cell.text = "first"
    cell.add_paragraph("second")
    hidden = cell.paragraphs[0].add_run(" (hidden)")
    hidden.font.hidden = True
    bookmark = f'<w:bookmarkStart {nsdecls("w")} w:id="7" w:name="here"/>'
    cell.paragraphs[1]._p.insert(0, parse_xml(bookmark))
    cell.paragraphs[1]._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="7"/>'))
    table.cell(1, 2).text = "≥90.00(%)"
    table.cell(2, 1).text = "a|b"
    # (2, 2) stays empty
    document.add_paragraph("between")
    document.add_table(rows=1, cols=1).cell(0, 0).text = "^"
    document.save(str(path))
    return path


def test_docx_grid_reads_cells_spans_and_merges(tmp_path: Path) -> None:
    expected = parse_golden(
        """[table]
项目总目标<<2 | 年度
效益指标 | first\\nsecond | ≥90.00(%)
^ | a\\|b | ""
[table]
\\^
"""
    )
    assert docx_grid(_document(tmp_path / "t.docx")) == expected


def test_docx_grid_sees_a_difference(tmp_path: Path) -> None:
    grid = docx_grid(_document(tmp_path / "t.docx"))
    assert grid != parse_golden('[table]\n项目总目标 | "" | 年度\n')
    wrong_merge = [list(grid[0]), grid[1]]
    wrong_merge[0][2] = ("效益指标", "a\\|b", '""')
    assert grid != wrong_merge


def test_docx_grid_drops_wholly_hidden_paragraphs_and_reads_breaks(tmp_path: Path) -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    run = cell.paragraphs[0].add_run("one")
    run.add_break()
    run.add_text("two")
    gone = cell.add_paragraph()
    gone.add_run("gone").font.hidden = True
    mark = parse_xml(f"<w:rPr {nsdecls('w')}><w:vanish/></w:rPr>")
    gone._p.get_or_add_pPr().append(mark)
    shown = cell.add_paragraph()
    shown.add_run("shown")
    shown.add_run("not").font.hidden = False  # w:vanish w:val="0" is shown
    path = tmp_path / "h.docx"
    document.save(str(path))
    assert docx_grid(path) == [[("one\\ntwo\\nshownnot",)]]


def test_docx_grid_leaves_nested_tables_out(tmp_path: Path) -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "outer"
    outer.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "inner"
    path = tmp_path / "n.docx"
    document.save(str(path))
    # the cell keeps its two empty paragraphs (before and after the inner table), not the inner text
    assert docx_grid(path) == [[("outer", "\\n")]]


# --- the golden files themselves ---------------------------------------------------------------


def test_shanghai_golden_has_the_form_and_the_example_rows() -> None:
    (table,) = read_golden(GOLDEN / "shanghai_2026_lanxilu.cells.txt")
    assert len(table) == 19  # 3 header, 4 funds, 2 goals, 1 indicator header, 9 indicator rows
    assert sum(cell_parts(token)[1] for token in table[0]) == 6
    rows = [tuple(cell_parts(token)[0] for token in row) for row in table[10:]]
    written = yaml.safe_load((EXAMPLES / "shanghai-2026-lanxilu" / "兰溪路-真南路下立交工程.yaml").read_text("utf-8"))
    in_yaml = [
        (level1, level2, name, value)
        for level1, by_level1 in written["绩效指标"].items()
        for level2, by_level2 in by_level1.items()
        for name, value in by_level2.items()
    ]
    # the golden's merged cells are blank: fill them from above to compare with the YAML's rows
    filled = []
    for row in rows:
        previous = filled[-1] if filled else row
        filled.append(tuple(text or previous[index] for index, text in enumerate(row)))
    assert filled == in_yaml


def test_inner_mongolia_golden_has_the_published_rows() -> None:
    (table,) = read_golden(GOLDEN / "neimenggu_2025_export.cells.txt")
    assert len(table) == 13  # title, header, 11 indicator rows
    assert all(sum(cell_parts(token)[1] for token in row) == 13 for row in table)
    assert [row[7] for row in table[2:]][:4] == ["使用人员满意度", "推动人民检察院业务装备建设的标准化规范化配置",
                                                  "提升工作效率定性", "车辆购置成本"]  # fmt: skip
    loaded = perfdocs.load_unit(EXAMPLES / "neimenggu-2025-zhalaite").projects[0]
    assert [indicator.name for indicator in loaded.indicators] == [row[7] for row in table[2:]]  # as published
