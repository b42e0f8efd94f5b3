"""Lines a typesetter accepts (:mod:`perfdocs.typeset`), in the rendered document and read back: the
grid's widths fitted to the unit, cell padding and balanced headings, all from :func:`typeset.fit`."""

from __future__ import annotations

import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT
from lxml import etree

import perfdocs
from perfdocs import typeset
from perfdocs.importing.blocks import Paragraph
from perfdocs.importing.docx import read_blocks
from perfdocs.prepared import prepare
from perfdocs.template import load_template
from perfdocs.typeset.grid import Grid, available
from perfdocs.typeset.lines import pieces, shape_cost, shape_of
from perfdocs.typeset.metrics import metrics

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return perfdocs.render_docx(perfdocs.load_unit(EXAMPLE_UNIT), tmp_path_factory.mktemp("typeset") / "seed.docx")


def grids(path: Path) -> list[etree._Element]:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return [table for table in root.iter(f"{W}tbl") if "一级指标" in "".join(table.itertext())]


def test_every_grid_of_the_unit_has_the_same_fitted_widths(rendered: Path) -> None:
    found = grids(rendered)
    assert len(found) == 7
    widths = {tuple(int(col.get(f"{W}w")) for col in grid.iter(f"{W}gridCol")) for grid in found}
    assert len(widths) == 1
    (fitted,) = widths
    assert sum(fitted) == 8844
    for grid in found:
        for row in grid.iter(f"{W}tr"):
            cells = [int(width.get(f"{W}w")) for width in row.iter(f"{W}tcW")]
            assert cells == list(fitted)


def test_a_cell_that_would_leave_a_lone_character_is_padded(rendered: Path) -> None:
    padded = [
        "".join(cell.itertext()).strip()
        for grid in grids(rendered)
        for cell in grid.iter(f"{W}tc")
        if cell.find(f"{W}tcPr/{W}tcMar") is not None
    ]
    assert "网站及调解服务成本" in padded


def test_a_balanced_heading_reads_back_as_one_line(rendered: Path) -> None:
    with zipfile.ZipFile(rendered) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "审判辅</w:t><w:br/>" in xml or "<w:br/>" in xml
    headings = [b.text for b in read_blocks(rendered) if isinstance(b, Paragraph) and b.style == "Heading1"]
    assert headings[0] == "1.法院办案业务、业务装备及审判辅助事务外包-2024中央绩效目标表"
    toc = [b.text for b in read_blocks(rendered) if isinstance(b, Paragraph) and b.style == "TOC1"]
    assert all("\n" not in entry for entry in toc)


def test_measuring_a_large_unit_is_cheap() -> None:
    template = load_template()
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    sections = prepare(unit).context()["sections"]
    many = sections * 1500  # about 10,000 projects
    metrics()
    started = time.perf_counter()
    fitted, layout = typeset.fit(template, many)
    assert time.perf_counter() - started < 2.0
    assert fitted is typeset.fit(template, many)[0]  # compiled once per set of widths
    assert len(layout) == 7  # three columns' padding (not the labels'), three cells', the titles


def test_a_purpose_that_would_leave_a_lone_character_is_padded(tmp_path: Path) -> None:
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    purpose = "用于" + "法院办案业务装备及审判辅助事务外包支出" * 2  # 40 characters: 31 on a line, then 9
    lone = "用于" + "法院办案业务装备及审判辅助事务外包" + "支出及" * 4 + "用"  # 32 characters: 31, then 1
    assert len(lone) == 32
    projects = (replace(unit.projects[0], purpose=purpose), replace(unit.projects[1], purpose=lone))
    output = perfdocs.render_docx(replace(unit, projects=projects + unit.projects[2:]), tmp_path / "purpose.docx")
    with zipfile.ZipFile(output) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    padded = [
        "".join(cell.itertext()).strip() for cell in root.iter(f"{W}tc") if cell.find(f"{W}tcPr/{W}tcMar") is not None
    ]
    assert lone in padded
    assert purpose not in padded


def test_goals_that_would_leave_a_lone_character_pad_their_cell(tmp_path: Path) -> None:
    words = "通过保障办案业务及业务装备费支出确保法院审判工作运转提升审判效率化解社会矛盾维护公平正义"
    cell = Grid((6744,), (85, 85), 10.5, ((),), ("goals",))
    line = available(6744, cell)
    length = next(n for n in range(20, len(words)) if shape_cost(shape_of(pieces(f"2.{words[:n]}")), line)[1])
    goals = ("提升办案效率", words[:length])
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    project = replace(unit.projects[0], goals=goals)
    output = perfdocs.render_docx(replace(unit, projects=(project, *unit.projects[1:])), tmp_path / "goals.docx")
    with zipfile.ZipFile(output) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    padded = ["".join(cell.itertext()) for cell in root.iter(f"{W}tc") if cell.find(f"{W}tcPr/{W}tcMar") is not None]
    assert any(words[:length] in text for text in padded)
