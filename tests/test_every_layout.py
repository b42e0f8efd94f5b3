"""What holds in every layout: the seed unit's amounts exactly converted, true page numbers, the PDF,
atomic writes, the template checks, and many units at once.

Each layout's own golden test (``test_layout_<name>.py``) compares its example with the transcribed
publication; here every shipped layout is built from the same data, so that a new layout folder is
tested the day it is added.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, REPO, convert_to_pdf
from pdfcheck import pdf_page_texts, toc_mismatches

import perfdocs
from perfdocs.importing.docx import read_blocks
from perfdocs.importing.text import blocks_text
from perfdocs.layouts import Layout, layout_table
from perfdocs.money import MONEY_UNITS

LAYOUTS = {layout.name: layout for layout in layout_table()}
#: Each layout's example unit: the seed where its data fills the layout, else the transcribed example.
EXAMPLES = {
    "天津": EXAMPLE_UNIT,
    "上海": REPO / "projects" / "examples" / "shanghai-2026-lanxilu",
    "一体化": EXAMPLE_UNIT,
}


def example(layout: Layout) -> Path:
    return EXAMPLES.get(layout.name, REPO / "projects" / "examples" / layout.folder.name)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_every_layout_prints_the_amounts_exactly_converted(layout: Layout, tmp_path: Path) -> None:
    unit = perfdocs.load_unit(example(layout), layout=layout.name)
    output = perfdocs.render_docx(unit, tmp_path / "草稿.docx", layout=layout.name)
    text = blocks_text(read_blocks(output))
    factor = MONEY_UNITS[unit.money_unit] / MONEY_UNITS[layout.money_unit or unit.money_unit]
    for project in unit.projects:
        amount = project.budget * factor
        printed = f"{amount:,.2f}" if layout.thousands else f"{amount:.2f}"
        assert printed in text, (project.name, printed)
        assert Decimal(printed.replace(",", "")) == project.budget * factor


@pytest.mark.slow
@pytest.mark.usefixtures("libreoffice")
@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_every_layout_builds_a_pdf_and_true_page_numbers(
    layout: Layout, libreoffice: str, tmp_path: Path, reader_profile: Path
) -> None:
    folder = example(layout)
    pdf = perfdocs.build(folder, tmp_path / "绩效目标.pdf", layout=layout.name, force=True).output
    assert pdf_page_texts(pdf)
    document = perfdocs.build(folder, tmp_path / "绩效目标.docx", layout=layout.name, force=True)
    if layout.contents:
        assert document.pages
        assert toc_mismatches(document.output, convert_to_pdf(libreoffice, document.output, reader_profile)) == []
    else:
        assert document.pages is None


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_every_layout_keeps_a_file_perfdocs_did_not_write(layout: Layout, tmp_path: Path) -> None:
    target = tmp_path / "绩效目标.docx"
    target.write_bytes(b"someone's own document")
    with pytest.raises(perfdocs.OutputError):
        perfdocs.build(example(layout), target, layout=layout.name, page_numbers=False, force=True)
    assert target.read_bytes() == b"someone's own document"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["绩效目标.docx"]


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_every_layout_refuses_a_template_that_leaves_data_out(layout: Layout, tmp_path: Path) -> None:
    with pytest.raises(perfdocs.TemplateError, match="没有印出"):
        perfdocs.load_template(LAYOUTS["天津" if layout.name != "天津" else "一体化"].template_path(), layout)


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_every_layout_builds_many_units_at_once(layout: Layout, tmp_path: Path) -> None:
    units = tmp_path / "units"
    for name in ("甲", "乙"):
        shutil.copytree(example(layout), units / name)
    outcomes = perfdocs.build_many(
        sorted(units.iterdir()), tmp_path / "out", layout=layout.name, page_numbers=False, force=True
    )
    assert [(Path(outcome.output).name if outcome.output else None) for outcome in outcomes] == [
        "乙.docx",
        "甲.docx",
    ]
