"""Templates: the shipped one is what its generator writes; tags compile; user templates are contained."""

from __future__ import annotations

import importlib.util
import re
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, REPO, draft
from lxml import etree

import perfdocs
from perfdocs.docxread import Table, read_blocks
from perfdocs.template import default_template_path, to_jinja


def edited_template(
    tmp_path: Path,
    old: str,
    new: str,
    part: str = "word/document.xml",
    *,
    source: Path | None = None,
    name: str = "模板.docx",
) -> Path:
    """A copy of a template (the default one) with one piece of XML replaced."""
    target = tmp_path / name
    with zipfile.ZipFile(source or default_template_path()) as source_zip, zipfile.ZipFile(target, "w") as copy:
        for entry in source_zip.infolist():
            data = source_zip.read(entry)
            if entry.filename == part:
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new).encode("utf-8")
            copy.writestr(entry, data)
    return target


def test_committed_template_is_what_the_generator_writes() -> None:
    spec = importlib.util.spec_from_file_location("make_template", REPO / "tools" / "make_template.py")
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    with zipfile.ZipFile(REPO / "templates" / "default.docx") as committed:
        committed_parts = {name: committed.read(name).decode("utf-8") for name in committed.namelist()}
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    assert committed_parts == {name: declaration + xml for name, xml in generator.parts().items()}


def test_vmerge_goes_where_the_schema_wants_it() -> None:
    cell = (
        '<w:tc><w:tcPr><w:tcW w:w="1" w:type="dxa"/><w:gridSpan w:val="2"/><w:vAlign w:val="center"/>'
        '<w:shd w:val="clear"/></w:tcPr><w:p><w:r><w:t>{% vmerge row.m %}{{ row.x }}</w:t></w:r></w:p></w:tc>'
    )
    source = to_jinja(cell)
    assert '<w:gridSpan w:val="2"/>{% if row.m %}<w:vMerge w:val="{{ row.m }}"/>{% endif %}<w:vAlign' in source
    assert '{% if row.m != "continue" %}{{ row.x }}{% endif %}' in source
    assert "vmerge" not in source


def test_vmerge_creates_cell_properties_when_there_are_none() -> None:
    source = to_jinja("<w:tc><w:p><w:r><w:t>{% vmerge row.m %}x</w:t></w:r></w:p></w:tc>")
    assert source.startswith('<w:tc><w:tcPr>{% if row.m %}<w:vMerge w:val="{{ row.m }}"/>{% endif %}</w:tcPr>')


def test_merging_second_level_cells_is_a_template_choice(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ row.level2 }}", "{% vmerge row.level2_merge %}{{ row.level2 }}")
    built = draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=template)
    grid = [block for block in read_blocks(built) if isinstance(block, Table)][3]
    assert grid.merged_regions() == [
        (1, 0, 18, 1),  # 产出指标
        (1, 1, 2, 1),  # 数量指标
        (3, 1, 2, 1),  # 质量指标
        (5, 1, 2, 1),  # 时效指标
        (7, 1, 12, 1),  # 成本指标
        (19, 1, 2, 1),  # 社会效益指标
    ]


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ line }}", "{{ line.__class__.__mro__[1].__subclasses__() }}")
    output = tmp_path / "out.docx"
    with pytest.raises(perfdocs.TemplateError, match="无法渲染"):
        draft(EXAMPLE_UNIT, output, template=template)
    assert not output.exists()


def test_a_template_cannot_read_files(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ line }}", "{% include '/etc/passwd' %}")
    with pytest.raises(perfdocs.TemplateError):
        draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=template)


def test_a_misspelt_tag_is_reported_with_the_text_near_it(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{%p endfor %}", "{%p endfro %}")
    with pytest.raises(perfdocs.TemplateError) as caught:
        perfdocs.load_template(template)
    assert "模板" in str(caught.value)
    assert "endfro" in str(caught.value)


def test_unknown_data_in_a_template_is_named(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ project.purpose }}", "{{ project.资金来源 }}")
    with pytest.raises(perfdocs.TemplateError, match="用到了不存在的数据"):
        draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=template)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip", "不是 Word 文档"), (None, "缺少 word/document.xml")],
)
def test_a_file_that_is_not_a_template(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "坏模板.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "x")
    else:
        path.write_bytes(content)
    with pytest.raises(perfdocs.TemplateError, match=message):
        perfdocs.load_template(path)


def test_a_missing_template(tmp_path: Path) -> None:
    with pytest.raises(perfdocs.TemplateError, match="找不到模板文件"):
        perfdocs.load_template(tmp_path / "没有.docx")


def test_tags_in_headers_and_footers_are_rendered(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "— </w:t>", "{{ unit.name }} — </w:t>", part="word/footer1.xml")
    compiled = perfdocs.load_template(template)
    assert set(compiled.jinja_parts) == {"word/document.xml", "word/footer1.xml"}
    built = perfdocs.render_docx(perfdocs.load_unit(EXAMPLE_UNIT), tmp_path / "out.docx", compiled)
    with zipfile.ZipFile(built) as archive:
        assert "天津市河北区人民法院 — " in archive.read("word/footer1.xml").decode("utf-8")


def test_the_default_footer_numbers_pages_as_official_documents_do() -> None:
    with zipfile.ZipFile(default_template_path()) as archive:
        footer = archive.read("word/footer1.xml").decode("utf-8")
        document = archive.read("word/document.xml").decode("utf-8")
    assert re.search(r"— </w:t>.*<w:instrText[^>]*> PAGE </w:instrText>.*<w:t[^>]*> —</w:t>", footer)
    assert '<w:footerReference w:type="default" r:id="rId4"/>' in document


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Children of CT_Style and CT_PPrBase in schema order (those the template uses, and their neighbours).
STYLE_ORDER = [
    "name",
    "aliases",
    "basedOn",
    "next",
    "link",
    "autoRedefine",
    "hidden",
    "uiPriority",
    "semiHidden",
    "unhideWhenUsed",
    "qFormat",
    "locked",
    "personal",
    "rsid",
    "pPr",
    "rPr",
    "tblPr",
]
PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "shd",
             "tabs", "spacing", "ind", "jc", "textAlignment", "outlineLvl", "rPr", "sectPr"]  # fmt: skip


@pytest.mark.parametrize(("part", "element", "order"), [
    ("word/styles.xml", "style", STYLE_ORDER),
    ("word/styles.xml", "pPr", PPR_ORDER),
    ("word/document.xml", "pPr", PPR_ORDER),
])  # fmt: skip
def test_the_template_keeps_the_schema_order(part: str, element: str, order: list[str]) -> None:
    """Word rejects elements out of the schema's order as unreadable content."""
    with zipfile.ZipFile(default_template_path()) as archive:
        root = etree.fromstring(archive.read(part))
    found = [[order.index(child.tag.removeprefix(W)) for child in node] for node in root.iter(f"{W}{element}")]
    assert found
    assert all(positions == sorted(positions) for positions in found)


def test_a_template_whose_sections_restart_numbering_is_refused_for_page_numbers(tmp_path: Path) -> None:
    two_sections = edited_template(
        tmp_path,
        '<w:br w:type="page"/>',
        '<w:br w:type="page"/></w:r></w:p><w:p><w:pPr><w:sectPr><w:pgNumType w:start="1"/></w:sectPr></w:pPr><w:r>',
    )
    assert perfdocs.load_template(two_sections).page_offset is None
    assert perfdocs.load_template().page_offset == 0
