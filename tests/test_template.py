"""Templates: the shipped one is what its generator writes; tags compile; user templates are contained."""

from __future__ import annotations

import errno
import hashlib
import importlib.util
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_UNIT, REPO, draft
from lxml import etree
from printedpage import spans

import perfdocs
from perfdocs.importing.blocks import Table
from perfdocs.importing.docx import read_blocks
from perfdocs.template import cache_folder, default_template_path, to_jinja


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


def template_generator() -> Any:
    """``tools/make_template.py``, the source of the shipped templates, as a module."""
    spec = importlib.util.spec_from_file_location("make_template", REPO / "tools" / "make_template.py")
    assert spec is not None
    assert spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    return generator


GENERATOR = template_generator()
#: The shipped templates, by file name; default.docx is the one perfdocs renders with.
SHIPPED = {name: REPO / "perfdocs" / "templates" / name for name in GENERATOR.TEMPLATES}


@pytest.mark.parametrize("name", SHIPPED)
def test_committed_template_is_what_the_generator_writes(name: str) -> None:
    with zipfile.ZipFile(SHIPPED[name]) as committed:
        committed_parts = {part: committed.read(part).decode("utf-8") for part in committed.namelist()}
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    generated = GENERATOR.parts(GENERATOR.TEMPLATES[name])
    assert committed_parts == {part: declaration + xml for part, xml in generated.items()}


def test_every_shipped_template_has_its_source() -> None:
    assert sorted(path.name for path in (REPO / "perfdocs" / "templates").glob("*.docx")) == sorted(SHIPPED)
    assert SHIPPED["default.docx"] == default_template_path()


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_template_builds_the_example(name: str, tmp_path: Path) -> None:
    built = draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=SHIPPED[name])
    assert "1.法院办案业务、业务装备及审判辅助事务外包-2024中央绩效目标表" in perfdocs.document_text(built)


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
    with pytest.raises(perfdocs.TemplateError, match=r"访问了 Python 内部（__subclasses__）"):
        draft(EXAMPLE_UNIT, output, template=template)
    assert not output.exists()


def test_internals_reached_by_a_computed_name_are_refused_while_rendering(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ line }}", "{{ line[['_', '_class__']|join] }}")
    with pytest.raises(perfdocs.TemplateError, match=r"试图访问 Python 内部（access to attribute '__class__'"):
        draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=template)


def test_a_template_cannot_read_files(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ line }}", "{% include '/etc/passwd' %}")
    with pytest.raises(perfdocs.TemplateError, match=r"用了 {% include %}：模板不能引用别的文件"):
        draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=template)


def test_a_misspelt_tag_is_reported_with_the_text_near_it(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{%p endfor %}", "{%p endfro %}")
    with pytest.raises(perfdocs.TemplateError) as caught:
        perfdocs.load_template(template)
    message = str(caught.value)
    assert message.startswith(f"模板 {template} 的 word/document.xml 中有标签写错了：Encountered unknown tag 'endfro'")
    assert "（标签“{% endfro %}”（附近的文字：" in message


def test_unknown_data_in_a_template_is_named(tmp_path: Path) -> None:
    template = edited_template(tmp_path, "{{ project.purpose }}", "{{ project.purpose }}{{ project.资金来源 }}")
    with pytest.raises(perfdocs.TemplateError) as caught:
        draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=template)
    assert "中的标签“{{ project.资金来源 }}”（附近的文字：" in str(caught.value)
    assert str(caught.value).endswith(
        "用到了不存在的数据：ProjectView 没有“资金来源”这一项。模板能用的数据见 README 的“模板”一节。"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "无法使用：不是 Office 文件（ZIP 格式），或者已经损坏。"),
        (None, "不是 Word 文档（.docx）：缺少 word/document.xml。"),
    ],
)
def test_a_file_that_is_not_a_template(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "坏模板.docx"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "x")
    else:
        path.write_bytes(content)
    with pytest.raises(perfdocs.TemplateError) as caught:
        perfdocs.load_template(path)
    assert str(caught.value).startswith(f"模板 {path} {message}") or f"模板 {path} {message}" in str(caught.value)


def test_a_missing_template(tmp_path: Path) -> None:
    with pytest.raises(perfdocs.TemplateError, match="找不到模板文件"):
        perfdocs.load_template(tmp_path / "没有.docx")


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_template_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "模板.docx"
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)  # opening it to read would wait for a writer forever
    with pytest.raises(perfdocs.TemplateError, match="不是一个普通文件（是文件夹或设备）"):
        perfdocs.load_template(path)


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


def test_the_gbt9704_footer_puts_odd_numbers_right_and_even_numbers_left() -> None:
    """GB/T 9704: 单页码居右空一字，双页码居左空一字, one footer for each, told apart in settings.xml."""
    with zipfile.ZipFile(SHIPPED["gbt9704.docx"]) as archive:
        part = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert "<w:evenAndOddHeaders/>" in part["word/settings.xml"]
    references = dict(re.findall(r'<w:footerReference w:type="(\w+)" r:id="(\w+)"/>', part["word/document.xml"]))
    targets = dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', part["word/_rels/document.xml.rels"]))
    odd, even = (part[f"word/{targets[references[kind]]}"] for kind in ("default", "even"))
    assert '<w:ind w:right="280"/><w:jc w:val="right"/>' in odd
    assert '<w:ind w:left="280"/><w:jc w:val="left"/>' in even
    for footer in odd, even:
        assert re.search(r"— </w:t>.*<w:instrText[^>]*> PAGE </w:instrText>.*<w:t[^>]*> —</w:t>", footer)
        assert '<w:pStyle w:val="Footer"/>' in footer
    footer_style = re.search(r'<w:style [^>]*w:styleId="Footer".*?</w:style>', part["word/styles.xml"])
    assert footer_style is not None
    assert (
        '<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/><w:sz w:val="28"/>' in footer_style[0]
    )


#: The text block of the shipped templates on an A4 page, in points: left, right, bottom edge (GB/T 9704).
TEXT_BLOCK = (28 / 25.4 * 72, 595.28 - 26 / 25.4 * 72, 841.89 - 35 / 25.4 * 72)
#: One character of 4号 type: how far in from the text block's edge GB/T 9704 sets a page number.
ONE_CHARACTER = 14


@pytest.mark.slow
def test_gbt9704_numbers_odd_pages_on_the_right_and_even_pages_on_the_left(tmp_path: Path, libreoffice: str) -> None:
    pdf = perfdocs.build(EXAMPLE_UNIT, tmp_path / "out.pdf", template=SHIPPED["gbt9704.docx"]).output
    numbers = [span for span in spans(pdf) if re.fullmatch(r"— \d+ —", span.text)]
    assert [int(span.text.strip("— ")) for span in numbers] == [span.page for span in numbers] == list(range(1, 7))
    left, right, bottom = TEXT_BLOCK
    for span in numbers:
        x0, y0, x1, y1 = span.box
        if span.page % 2:
            assert abs(x1 - (right - ONE_CHARACTER)) < 1.5, span
        else:
            assert abs(x0 - (left + ONE_CHARACTER)) < 1.5, span
        assert abs((y0 + y1) / 2 - bottom - 7 / 25.4 * 72) < 2, span  # the dashes 7 mm below the text block
        assert span.size == 14


@pytest.mark.parametrize("name", SHIPPED)
def test_the_paragraphs_around_the_grid_take_no_room(name: str) -> None:
    """The project table stays open at the bottom, the grid closes it; the paragraph between them and the one
    that ends the document have hidden marks, so that the tables meet and no page holds only a footer."""
    with zipfile.ZipFile(SHIPPED[name]) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    project_table, grid = re.findall(r"<w:tbl>.*?</w:tbl>", document)
    assert '<w:bottom w:val="nil"/>' in project_table
    assert '<w:bottom w:val="single"' in grid
    hidden = r'<w:p><w:pPr>(?:<w:keepNext/>)?<w:spacing [^>]*w:line="2" w:lineRule="exact"/><w:rPr><w:vanish/>'
    between = document.split(project_table, 1)[1].split(grid, 1)[0]
    assert re.fullmatch(hidden + r".*</w:p>", between)
    assert re.search(hidden + r"[^<]*<w:sz [^>]*/><w:szCs [^>]*/></w:rPr></w:pPr></w:p><w:sectPr>", document)


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


# Children of CT_Settings and CT_SectPr in schema order (those the templates and perfdocs write).
SETTINGS_ORDER = ["defaultTabStop", "evenAndOddHeaders", "characterSpacingControl", "updateFields", "compat"]
SECTION_ORDER = ["headerReference", "footerReference", "pgSz", "pgMar", "pgNumType"]


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize(("part", "element", "order"), [
    ("word/styles.xml", "style", STYLE_ORDER),
    ("word/styles.xml", "pPr", PPR_ORDER),
    ("word/document.xml", "pPr", PPR_ORDER),
    ("word/document.xml", "sectPr", SECTION_ORDER),
    ("word/settings.xml", "settings", SETTINGS_ORDER),
])  # fmt: skip
def test_the_template_keeps_the_schema_order(name: str, part: str, element: str, order: list[str]) -> None:
    """Word rejects elements out of the schema's order as unreadable content."""
    with zipfile.ZipFile(SHIPPED[name]) as archive:
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


def repacked(tmp_path: Path, part: str, data: bytes) -> Path:
    """A copy of the default template with one part's bytes replaced."""
    target = tmp_path / "模板.docx"
    with zipfile.ZipFile(default_template_path()) as source_zip, zipfile.ZipFile(target, "w") as copy:
        for entry in source_zip.infolist():
            copy.writestr(entry, data if entry.filename == part else source_zip.read(entry))
    return target


def shipped_part(part: str) -> str:
    with zipfile.ZipFile(default_template_path()) as archive:
        return archive.read(part).decode("utf-8")


@pytest.mark.parametrize(
    ("part", "encode"),
    [
        ("word/document.xml", lambda text: text.replace('"UTF-8"', '"UTF-16"').encode("utf-16-be")),  # no BOM
        ("word/document.xml", lambda text: b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("word/settings.xml", lambda text: text.replace('"UTF-8"', '"UTF-16"').encode("utf-16")),
        ("word/footer1.xml", lambda text: text.replace('"UTF-8"', '"GB18030"').encode("gb18030")),
    ],
    ids=["utf-16-be without BOM", "utf-8 with BOM", "utf-16 settings", "gb18030 footer"],
)
def test_parts_in_other_encodings_are_read_as_declared(tmp_path: Path, part: str, encode: Any) -> None:
    template = repacked(tmp_path, part, encode(shipped_part(part)))
    built = draft(EXAMPLE_UNIT, tmp_path / "out.docx", template=template)
    with zipfile.ZipFile(built) as archive:
        written = archive.read(part)
    assert written.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    assert ("— " in written.decode("utf-8")) if part == "word/footer1.xml" else True
    assert (b'<w:updateFields w:val="true"/>' in written) if part == "word/settings.xml" else True


def test_a_part_that_is_not_in_its_declared_encoding_is_refused(tmp_path: Path) -> None:
    template = repacked(
        tmp_path, "word/styles.xml", shipped_part("word/styles.xml").replace('"UTF-8"', '"ASCII"').encode()
    )
    with pytest.raises(perfdocs.TemplateError) as caught:
        perfdocs.load_template(template)
    assert str(caught.value).startswith(f"模板 {template} 的 word/styles.xml 不是它声明的 ASCII 编码（第 ")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("<w:body>", "<w:body><!-- 备注 -->", "中有 XML 注释、CDATA 或处理指令"),
        ("<w:body>", '<w:body><x:p xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
         "中的 <x:p> 没有按 Word 的写法使用 w: 前缀"),
    ],
)  # fmt: skip
def test_what_word_never_writes_in_a_rendered_part_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    template = edited_template(tmp_path, old, new)
    with pytest.raises(perfdocs.TemplateError, match=re.escape(f"模板 {template} 的 word/document.xml {message}")):
        perfdocs.load_template(template)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "缓存"
    monkeypatch.setenv("PERFDOCS_CACHE", str(folder))
    return folder


def test_a_cache_entry_carries_the_digest_of_its_source(cache: Path) -> None:
    perfdocs.load_template()
    (entry,) = cache.glob("*.jinja")
    digest, _, body = entry.read_bytes().partition(b"\n")
    assert digest == hashlib.sha256(body).hexdigest().encode()
    assert body.decode("utf-8") == to_jinja(shipped_part("word/document.xml"))


def test_a_damaged_cache_entry_is_never_used_and_is_made_again(cache: Path, tmp_path: Path) -> None:
    perfdocs.load_template()
    (entry,) = cache.glob("*.jinja")
    good = entry.read_bytes()
    entry.write_bytes(good.replace(b"{{ project.name }}", b"{{ project.name }}\xe5\x81\x87\xe6\x95\xb0\xe6\x8d\xae", 1))
    built = perfdocs.render_docx(perfdocs.load_unit(EXAMPLE_UNIT), tmp_path / "out.docx")
    assert "假数据" not in perfdocs.document_text(built)
    assert entry.read_bytes() == good


@pytest.mark.parametrize("kind", ["folder is a file", "entry is a fifo", "entry is a folder", "disk full"])
def test_a_cache_that_cannot_be_used_is_no_error(cache: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    expected = perfdocs.load_template(default_template_path()).sources  # fills the cache
    (entry,) = cache.glob("*.jinja")
    entry.unlink()
    if kind == "folder is a file":
        shutil.rmtree(cache)
        cache.write_text("x")
    elif kind == "entry is a fifo":
        os.mkfifo(entry)  # reading it would wait forever
    elif kind == "entry is a folder":
        entry.mkdir()
    else:
        monkeypatch.setattr(os, "replace", failing_with(errno.ENOSPC))
    assert perfdocs.load_template().sources == expected
    if cache.is_dir():
        assert not list(cache.glob("*.tmp"))


def failing_with(number: int) -> Any:
    def fail(*_: object) -> None:
        raise OSError(number, os.strerror(number))

    return fail


def test_without_a_home_folder_there_is_no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PERFDOCS_CACHE", "XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", failing_home)
    assert cache_folder() is None
    assert perfdocs.load_template().jinja_parts


def failing_home() -> Path:
    raise RuntimeError("Could not determine home directory.")
