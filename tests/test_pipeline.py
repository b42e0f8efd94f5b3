"""The whole job: the example unit's YAML in, the published document's content out."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLE_UNIT, GOLDEN, draft
from published import read_published

import perfdocs
from perfdocs.docxread import Paragraph, Table, blocks_text, read_blocks

Section = tuple[str, list[list[tuple[str, ...]]]]


def built_sections(path: Path) -> list[Section]:
    """Each heading of a built document with the tables under it, cell by cell as shown."""
    sections: list[Section] = []
    for block in read_blocks(path):
        if isinstance(block, Paragraph) and block.style == "Heading1":
            sections.append((block.text, []))
        elif isinstance(block, Table) and sections:
            sections[-1][1].append([tuple(cell.shown_text for cell in row) for row in block.rows])
    return sections


def published_sections() -> list[Section]:
    return [(section.title, section.tables) for section in read_published()]


def differences(actual: list[Section], expected: list[Section]) -> list[str]:
    """Where two documents differ, cell by cell, as readable lines."""
    found = []
    if [title for title, _ in actual] != [title for title, _ in expected]:
        found.append(f"headings differ: {[t for t, _ in actual]} != {[t for t, _ in expected]}")
    for (title, tables), (_, expected_tables) in zip(actual, expected, strict=False):
        if len(tables) != len(expected_tables):
            found.append(f"{title}: {len(tables)} tables, expected {len(expected_tables)}")
        for number, (table, expected_table) in enumerate(zip(tables, expected_tables, strict=False), 1):
            if len(table) != len(expected_table):
                found.append(f"{title} table {number}: {len(table)} rows, expected {len(expected_table)}")
            for row_number, (row, expected_row) in enumerate(zip(table, expected_table, strict=False), 1):
                if row != expected_row:
                    found.append(f"{title} table {number} row {row_number}: {row} != {expected_row}")
    return found


def test_every_table_matches_the_published_document_cell_by_cell(example_docx: Path) -> None:
    sections = published_sections()
    assert len(sections) == 7
    assert sum(len(table) for _, tables in sections for table in tables) == 107  # every row counted
    assert differences(built_sections(example_docx), sections) == []


def test_one_changed_value_is_caught(unit_copy: Path, tmp_path: Path) -> None:
    project = unit_copy / "法院办案业务、业务装备及审判辅助事务外包-2025中央.yaml"
    project.write_text(project.read_text(encoding="utf-8").replace("≥2300000页", "≥2300001页"), encoding="utf-8")
    built = draft(unit_copy, tmp_path / "changed.docx")
    found = differences(built_sections(built), published_sections())
    assert len(found) == 1
    assert "table 2 row 2:" in found[0]
    assert "≥2300001页" in found[0]


def test_merged_cells_match_the_golden_layout(example_docx: Path, matches_golden: Callable[[str, Path], bool]) -> None:
    """The whole document as text, merges marked: the layout the published tables have."""
    assert matches_golden(blocks_text(read_blocks(example_docx)), GOLDEN / "projects-2025.txt")


def test_merges_follow_the_published_tables(example_docx: Path) -> None:
    tables = [block for block in read_blocks(example_docx) if isinstance(block, Table)]
    assert len(tables) == 14
    project_table, grid = tables[2], tables[3]  # project 2: 法院办案业务…-2025中央
    assert project_table.merged_regions() == [
        (0, 0, 1, 5),  # 207101天津市河北区人民法院
        (0, 5, 1, 2),  # 单位：万元
        (1, 1, 1, 6),  # the project name
        (2, 0, 2, 1),  # 预算规模及资金用途, over the fund-use row
        (3, 1, 1, 6),  # the fund-use sentence
        (4, 1, 1, 6),  # the goals
    ]
    # 产出指标 merged over its 18 rows; the two 效益指标 rows printed apart, as published.
    assert grid.merged_regions() == [(1, 0, 18, 1)]


def test_table_of_contents_links_every_heading(example_docx: Path) -> None:
    with zipfile.ZipFile(example_docx) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', xml)
    bookmarks = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', xml)
    assert len(anchors) == 7
    assert anchors == bookmarks
    assert len(set(re.findall(r'<w:bookmarkStart w:id="(\d+)"', xml))) == 7
    assert xml.count('w:fldCharType="begin"') - xml.count("PAGEREF") == 1  # one TOC field
    assert ' TOC \\o "1-1" \\h \\z \\u ' in xml
    toc = [block.text for block in read_blocks(example_docx) if isinstance(block, Paragraph) and block.style == "TOC1"]
    assert toc == [title for title, _ in published_sections()]


def test_headings_use_a_real_heading_style(example_docx: Path) -> None:
    document = docx.Document(str(example_docx))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [title for title, _ in published_sections()]
    assert document.styles["Heading 1"].element.pPr.find(docx.oxml.ns.qn("w:outlineLvl")) is not None


def test_page_is_a4_with_gb9704_margins(example_docx: Path) -> None:
    section = docx.Document(str(example_docx)).sections[0]
    millimetres = [round(length.mm) for length in (section.page_width, section.page_height)]
    assert millimetres == [210, 297]
    margins = [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ]
    assert margins == [37, 35, 28, 26]
    assert round(docx.shared.Length(section.page_width - section.left_margin - section.right_margin).mm) == 156


@pytest.mark.parametrize(
    "text",
    [
        "x < y & z",
        "R&D项目<试点>",
        "{{ 7 * 7 }} 与 {% if true %}是{% endif %}",
        "\"引号\" 'single' ＆ <w:p>",
        "a]]>b",
    ],
)
def test_markup_like_text_survives_exactly(unit_copy: Path, tmp_path: Path, text: str) -> None:
    project = unit_copy / "执法执勤用车更新-2025年.yaml"
    yaml_text = project.read_text(encoding="utf-8")
    quoted = "'" + text.replace("'", "''") + "'"
    project.write_text(yaml_text.replace("全部用于更新执法执勤用车1辆", quoted), encoding="utf-8")
    built = draft(unit_copy, tmp_path / "out.docx")
    tables = [block for block in read_blocks(built) if isinstance(block, Table)]
    assert len(tables) == 14
    assert tables[12].rows[3][1].text == text


def test_a_project_named_like_markup_keeps_the_whole_document(unit_copy: Path, tmp_path: Path) -> None:
    """docxtpl's own render turned a unit with this project into one paragraph and no table."""
    name = "R&D项目<试点>"
    old = unit_copy / "司法救助-2024中央.yaml"
    (unit_copy / f"{name}.yaml").write_text(
        old.read_text(encoding="utf-8").replace("项目名称: 司法救助-2024中央", f"项目名称: {name}"), encoding="utf-8"
    )
    old.unlink()
    unit_file = unit_copy / "单位.yaml"
    unit_file.write_text(unit_file.read_text(encoding="utf-8").replace("司法救助-2024中央", name), encoding="utf-8")
    sections = built_sections(draft(unit_copy, tmp_path / "out.docx"))
    assert len(sections) == 7
    assert sections[5][0] == f"6.{name}绩效目标表"
    assert sections[5][1][0][1] == ("项目名称", name)
    assert sum(len(tables) for _, tables in sections) == 14


def test_a_failed_build_writes_nothing(unit_copy: Path, tmp_path: Path) -> None:
    (unit_copy / "司法救助-2024中央.yaml").write_text("项目名称: 司法救助-2024中央\n预算数: 很多\n", encoding="utf-8")
    output = tmp_path / "out" / "绩效目标.docx"
    with pytest.raises(perfdocs.InputError):
        draft(unit_copy, output)
    assert not output.parent.exists()


def test_build_uses_the_example_unit_order() -> None:
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    assert [section.title for section in unit.sections()] == [
        re.sub(r"^\d+\.", "", title) for title, _ in published_sections()
    ]


def test_a_build_reports_its_progress_project_by_project(tmp_path: Path) -> None:
    steps: list[tuple[str, int, int]] = []
    perfdocs.build(EXAMPLE_UNIT, tmp_path / "绩效目标.docx", page_numbers=False, progress=lambda *s: steps.append(s))
    assert steps == [("读取并检查项目文件", 7, 7)] + [("生成文档", done, 7) for done in range(1, 8)]
