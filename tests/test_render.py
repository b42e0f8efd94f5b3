"""Rendering: valid Word XML, reproducible output, and no document lost or half-written."""

from __future__ import annotations

import threading
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLE_UNIT
from lxml import etree
from test_template import edited_template

import perfdocs
from perfdocs import render

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The order CT_TcPr gives its children in the WordprocessingML schema.
TCPR_ORDER = [
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
    "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark",
]  # fmt: skip


@pytest.fixture(scope="module")
def unit() -> perfdocs.Unit:
    return perfdocs.load_unit(EXAMPLE_UNIT)


def test_cell_properties_follow_the_schema_order(example_docx: Path) -> None:
    with zipfile.ZipFile(example_docx) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    cells = root.iter(f"{W}tcPr")
    orders = [[TCPR_ORDER.index(child.tag.removeprefix(W)) for child in cell] for cell in cells]
    assert len(orders) > 400
    assert all(order == sorted(order) for order in orders)


def test_the_document_opens_in_python_docx(example_docx: Path) -> None:
    document = docx.Document(str(example_docx))
    assert len(document.tables) == 14
    assert document.tables[3].cell(18, 4).text == "≤16万元"


def test_building_twice_gives_identical_bytes(unit: perfdocs.Unit, tmp_path: Path) -> None:
    first = perfdocs.render_docx(unit, tmp_path / "a.docx").read_bytes()
    second = perfdocs.render_docx(unit, tmp_path / "b.docx").read_bytes()
    assert first == second


def test_rebuilding_replaces_an_unchanged_build(unit: perfdocs.Unit, tmp_path: Path) -> None:
    output = perfdocs.render_docx(unit, tmp_path / "out.docx")
    assert perfdocs.render_docx(unit, output) == output


def test_a_file_perfdocs_did_not_write_is_not_overwritten(unit: perfdocs.Unit, tmp_path: Path) -> None:
    output = tmp_path / "手工整理.docx"
    output.write_bytes(b"important")
    with pytest.raises(perfdocs.OutputError, match="--overwrite"):
        perfdocs.render_docx(unit, output)
    assert output.read_bytes() == b"important"
    perfdocs.render_docx(unit, output, overwrite=True)
    assert zipfile.is_zipfile(output)


def test_a_build_edited_in_word_is_not_overwritten(unit: perfdocs.Unit, tmp_path: Path) -> None:
    output = perfdocs.render_docx(unit, tmp_path / "out.docx")
    document = docx.Document(str(output))
    document.add_paragraph("审核意见：同意。")
    document.save(str(output))  # as Word or WPS would: a new archive
    edited = output.read_bytes()
    with pytest.raises(perfdocs.OutputError):
        perfdocs.render_docx(unit, output)
    assert output.read_bytes() == edited


def test_a_failed_render_leaves_the_previous_document_intact(unit: perfdocs.Unit, tmp_path: Path) -> None:
    output = perfdocs.render_docx(unit, tmp_path / "out.docx")
    before = output.read_bytes()
    broken = edited_template(tmp_path, "{{ project.purpose }}", "{{ project.没有这个 }}")
    with pytest.raises(perfdocs.TemplateError):
        perfdocs.render_docx(unit, output, broken)
    assert output.read_bytes() == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.docx", "模板.docx"]


def test_output_folders_are_created(unit: perfdocs.Unit, tmp_path: Path) -> None:
    output = perfdocs.render_docx(unit, tmp_path / "输出" / "2025" / "绩效目标.docx")
    assert output.is_file()


def test_an_unwritable_place_is_a_clear_error(unit: perfdocs.Unit, tmp_path: Path) -> None:
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    with pytest.raises(perfdocs.OutputError, match="无法在"):
        perfdocs.render_docx(unit, blocker / "out.docx")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"projects": ()}, "单位没有项目，无法生成文档。"),
        ("no goals", "项目“法院办案业务、业务装备及审判辅助事务外包-2024中央”没有绩效目标或绩效指标，无法生成表格。"),
        ("control character", "含有 Word 文档不能保存的控制字符 U+0001。"),
    ],
)
def test_data_made_in_code_is_checked_before_rendering(
    unit: perfdocs.Unit, tmp_path: Path, change: object, message: str
) -> None:
    """The loader refuses these; a script building a Unit itself gets the same care."""
    first = unit.projects[0]
    if change == "no goals":
        changed = replace(unit, projects=(replace(first, goals=()), *unit.projects[1:]))
    elif change == "control character":
        changed = replace(unit, projects=(replace(first, purpose="a\x01b"), *unit.projects[1:]))
    else:
        changed = replace(unit, projects=())
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.render_docx(changed, tmp_path / "out.docx")
    assert caught.value.problems[0].message.endswith(message)
    assert not (tmp_path / "out.docx").exists()


def test_an_output_that_is_a_folder_is_refused(unit: perfdocs.Unit, tmp_path: Path) -> None:
    with pytest.raises(perfdocs.OutputError, match="是一个文件夹：请给出要生成的文件名"):
        perfdocs.write_document(unit, tmp_path, page_numbers=False)


def test_a_template_that_drops_a_project_publishes_nothing(unit: perfdocs.Unit, tmp_path: Path) -> None:
    template = edited_template(tmp_path, "section.projects %}", "section.projects[1:] %}")
    output = tmp_path / "out.docx"
    with pytest.raises(perfdocs.TemplateError) as caught:
        perfdocs.render_docx(unit, output, template)
    first = unit.projects[0]
    assert str(caught.value).startswith(f"模板 {template} 生成的文档里没有项目“{first.name}”的")
    assert str(caught.value).endswith(
        "：模板漏印了它，或者把它印在了看不到的地方（域代码、属性里）。"
        "请检查模板中印这一项的标签，可对照 perfdocs 自带的模板。"
    )
    assert not output.exists()


def test_a_value_printed_only_where_no_one_reads_it_is_missing(unit: perfdocs.Unit, tmp_path: Path) -> None:
    """A purpose in a field code (or an attribute) is in the XML, but not in the document's text."""
    template = edited_template(
        tmp_path,
        '<w:r><w:t xml:space="preserve">{{ project.purpose }}</w:t></w:r>',
        '<w:r><w:instrText xml:space="preserve">{{ project.purpose }}</w:instrText></w:r>',
    )
    first = unit.projects[0]
    with pytest.raises(perfdocs.TemplateError) as caught:
        perfdocs.render_docx(unit, tmp_path / "out.docx", template)
    assert f"生成的文档里没有项目“{first.name}”的资金用途“{first.purpose}”：" in str(caught.value)


def test_an_endless_output_is_cut_off(unit: perfdocs.Unit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "MAX_PART_SIZE", 2**20)
    template = edited_template(tmp_path, "{{ line }}", "{% for i in range(100000) %}{{ line }}{% endfor %}")
    with pytest.raises(perfdocs.TemplateError) as caught:
        perfdocs.render_docx(unit, tmp_path / "out.docx", template)
    assert str(caught.value) == (
        f"模板 {template} 的 word/document.xml 生成的内容超过了 1 MB 的上限：模板可能在循环中反复印出内容；"
        "单位的项目确实这么多时，请分成几个单位。"
    )


def test_no_thread_outlives_a_failed_render(unit: perfdocs.Unit, tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ project.purpose }}", "{{ project.purpose }}{{ 1 // 0 }}")
    before = threading.active_count()
    with pytest.raises(
        perfdocs.TemplateError, match=r"无法渲染：ZeroDivisionError: integer division or modulo by zero"
    ):
        perfdocs.render_docx(unit, tmp_path / "out.docx", template)
    assert threading.active_count() == before
