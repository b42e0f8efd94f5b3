"""The whole job: the example unit's YAML in, the published document's content out."""

from __future__ import annotations

import errno
import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import EXAMPLE_UNIT, GOLDEN, draft
from published import read_published

import perfdocs
from perfdocs import pipeline
from perfdocs.errors import WARNING
from perfdocs.importing.blocks import Paragraph, Table
from perfdocs.importing.docx import read_blocks
from perfdocs.importing.text import blocks_text
from perfdocs.rules import Finding, UnitFacts, where

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
    # a long heading carries a line break where perfdocs balances its two lines (perfdocs.typeset)
    headings = [
        p.text.replace("\n", "") for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"
    ]
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


@pytest.fixture
def three_units(tmp_path: Path) -> Path:
    """A folder of three copies of the example unit: 甲, 乙 and 丙."""
    units = tmp_path / "units"
    for name in ("甲", "乙", "丙"):
        shutil.copytree(EXAMPLE_UNIT, units / name)
    return units


@pytest.fixture
def forking() -> Iterator[None]:
    """Workers forked from this process, so that they see what a test changed in it."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method("fork", force=True)
    yield
    multiprocessing.set_start_method(previous, force=True)


DEFECT_ADVICE = "这是 perfdocs 的缺陷，不是数据的问题，请报告给开发者。"


def crash_of(kind: str) -> Callable[[str], None]:
    """What goes wrong in 乙's build: an error nobody foresaw, memory running out, its process killed."""

    def crash(source: str) -> None:
        if kind == "defect":
            raise RuntimeError("没人料到")
        if kind == "memory":
            raise MemoryError
        os.kill(os.getpid(), signal.SIGKILL)

    return crash


@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (
            "defect",
            "错误：perfdocs 内部错误（RuntimeError: 没人料到）。这是 perfdocs 的缺陷，不是数据的问题，请报告给开发者。",
        ),
        ("memory", "错误：内存不足，未生成文档。"),
        ("killed", "错误：生成这个单位的进程被信号 SIGKILL 终止（内存不足时系统会这样终止进程），未生成文档。"),
    ],
)
def test_one_units_crash_is_reported_for_it_and_the_others_are_built(
    three_units: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, message: str
) -> None:
    real_build = pipeline.build

    def build(source: str, target: str, **options: Any) -> perfdocs.BuildResult:
        if Path(source).name == "乙":
            crash_of(kind)(source)
        return real_build(source, target, **options)

    monkeypatch.setattr(pipeline, "build", build)
    out = tmp_path / "out"
    outcomes = perfdocs.build_many([three_units], out, workers=3, page_numbers=False)
    assert outcomes == [
        perfdocs.UnitOutcome(str(three_units / "丙"), str(out / "丙.docx")),
        perfdocs.UnitOutcome(str(three_units / "乙"), None, (message,)),
        perfdocs.UnitOutcome(str(three_units / "甲"), str(out / "甲.docx")),
    ]
    assert sorted(path.name for path in out.iterdir()) == ["丙.docx", "甲.docx"]


def warn_every_project(project: perfdocs.Project, facts: UnitFacts) -> Iterator[Finding]:
    """A script's own rule, at the top level of a module so that it can be sent to workers."""
    yield Finding(where(project, "项目名称"), "脚本自己的规则。", "项目名称")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_rules_a_script_added_reach_every_units_build(three_units: Path, tmp_path: Path, method: str) -> None:
    rule = perfdocs.Rule("PD991", WARNING, "脚本自己的规则", "无", project_check=warn_every_project)
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(method, force=True)
    perfdocs.RULES.append(rule)
    try:
        outcomes = perfdocs.build_many([three_units / "甲"], tmp_path / "out", page_numbers=False)
    finally:
        perfdocs.RULES.remove(rule)
        multiprocessing.set_start_method(previous, force=True)
    heads = [line.splitlines()[0].split(": ", 1)[1] for line in outcomes[0].messages]
    assert heads == ["PD991 警告：脚本自己的规则。"] * 7


def test_many_units_need_a_folder_to_go_into(three_units: Path, tmp_path: Path) -> None:
    (tmp_path / "输出").write_text("")
    with pytest.raises(perfdocs.OutputError) as caught:
        perfdocs.build_many([three_units], tmp_path / "输出", page_numbers=False)
    assert str(caught.value) == f"{tmp_path / '输出'} 不是文件夹：生成几个单位的文档时，要给出放文档的文件夹。"


def test_many_units_are_not_written_into_one_of_them(three_units: Path) -> None:
    into = three_units / "乙" / "文档"
    with pytest.raises(perfdocs.OutputError) as caught:
        perfdocs.build_many([three_units], into, page_numbers=False)
    assert str(caught.value) == (
        f"输出文件夹 {into} 在单位文件夹 {three_units / '乙'} 里：单位文件夹只放数据。"
        "请写到别处，或加 --allow-in-unit-folder 确认。"
    )
    assert not into.exists()


@pytest.fixture
def small_disk(tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A tiny file system of its own (``request.param`` in size) as the temporary folder (root only)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={request.param}", "tmpfs", str(disk)], capture_output=True, check=False
    )
    if mounted.returncode:
        pytest.skip("cannot mount a small file system here")
    monkeypatch.setenv("TMPDIR", str(disk))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield disk
    subprocess.run(["umount", str(disk)], check=True)


@pytest.mark.slow
@pytest.mark.parametrize("small_disk", ["8k"], indirect=True)
def test_a_full_temporary_folder_is_said_plainly(small_disk: Path, tmp_path: Path, libreoffice: str) -> None:
    with pytest.raises(perfdocs.OutputError) as caught:
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "绩效目标.pdf")
    assert str(caught.value) == (
        f"无法在临时文件夹 {small_disk} 中工作：磁盘已满。可以用环境变量 TMPDIR 指定别的临时文件夹。"
    )
    assert list(small_disk.iterdir()) == []
    assert not (tmp_path / "绩效目标.pdf").exists()


@pytest.mark.slow
@pytest.mark.parametrize("small_disk", ["300k"], indirect=True)
def test_libreoffice_on_a_full_temporary_folder_is_said_plainly(
    small_disk: Path, tmp_path: Path, libreoffice: str
) -> None:
    with pytest.raises(perfdocs.OfficeError) as caught:
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "绩效目标.pdf")
    assert f"临时文件夹 {small_disk} 所在的磁盘已满：请腾出空间，或用环境变量 TMPDIR 指定别的临时文件夹。" in str(
        caught.value
    )
    assert list(small_disk.iterdir()) == []


def test_a_work_folder_that_cannot_be_made_is_said_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(**_: object) -> str:
        raise OSError(errno.ENOSPC, "No space left on device", "/tmp/perfdocs-x")

    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr(tempfile, "mkdtemp", full)
    with pytest.raises(perfdocs.OutputError) as caught:
        perfdocs.build(EXAMPLE_UNIT, tmp_path / "绩效目标.docx")
    assert str(caught.value) == (
        f"无法在临时文件夹 {tmp_path} 中工作：磁盘已满。可以用环境变量 TMPDIR 指定别的临时文件夹。"
    )


def test_a_folder_of_units_leaves_no_unit_out_without_a_word(tmp_path: Path) -> None:
    """Units at any depth are found; a folder that looks like one (YAML files, 单位.yml) is built and fails."""
    for name in ("甲", "乙", "深/处/丙"):
        shutil.copytree(EXAMPLE_UNIT, tmp_path / "单位们" / name)
    (tmp_path / "单位们" / "乙" / "单位.yaml").rename(tmp_path / "单位们" / "乙" / "单位.yml")
    (tmp_path / "单位们" / ".git").mkdir()
    (tmp_path / "单位们" / ".git" / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    top = tmp_path / "单位们"
    assert perfdocs.unit_folders([top]) == [top / "乙", top / "深" / "处" / "丙", top / "甲"]
