"""Reading documents back: text, merges and the plain-text form used for diffs.

The hostile documents (content controls, hidden text, broken packages...) are in
the corpus (``tests/corpus/word``); these tests pin the reader's own rules.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from perfdocs.cli import main
from perfdocs.errors import InputError
from perfdocs.importing.blocks import Cell, Paragraph, Table
from perfdocs.importing.docx import _Reader, read_blocks
from perfdocs.importing.text import blocks_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


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
    assert Cell("", span=2, filler=True).shown_text == ""


def test_the_text_command_prints_a_document_for_git(example_docx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["text", str(example_docx)]) == 0
    assert capsys.readouterr().out == blocks_text(read_blocks(example_docx))


def edited(source: Path, target: Path, edit: Callable[[str], str], part: str = "word/document.xml") -> Path:
    """A copy of a package with one part's text changed."""
    with zipfile.ZipFile(source) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[part] = edit(parts[part].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def one_cell(tmp_path: Path, runs: str, name: str = "t.docx") -> Path:
    """A document of one table of one cell whose paragraph holds ``runs`` (WordprocessingML, w: prefix)."""
    document = docx.Document()
    document.add_table(rows=1, cols=1).cell(0, 0).text = "占位"
    document.save(str(tmp_path / "base.docx"))
    return edited(tmp_path / "base.docx", tmp_path / name, lambda xml: xml.replace("<w:r><w:t>占位</w:t></w:r>", runs))


def test_what_cannot_be_read_fails_the_document_with_its_place_or_is_marked_for_people(tmp_path: Path) -> None:
    path = one_cell(
        tmp_path, "<w:r><w:t>18</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r><w:r><w:t>.80</w:t></w:r>"
    )
    with pytest.raises(InputError) as caught:
        list(read_blocks(path))
    assert [problem.message for problem in caught.value.problems] == [
        "第 1 张表第 1 行第 1 列：有隐藏文字“9”，Word 不显示也不打印（请删除它，或取消隐藏），这张表无法导入。"
    ]
    [table] = read_blocks(path, marked=True)
    assert isinstance(table, Table)
    cell = table.rows[0][0]
    assert (cell.text, cell.problem) == ("18‹隐藏：9›.80", "有隐藏文字“9”，Word 不显示也不打印（请删除它，或取消隐藏）")


def test_hidden_white_space_and_text_shown_again_are_not_problems(tmp_path: Path) -> None:
    path = one_cell(
        tmp_path,
        '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> </w:t></w:r>'
        '<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>18.80</w:t></w:r>',
    )
    [table] = read_blocks(path)
    assert isinstance(table, Table)
    assert table.rows[0][0] == Cell("18.80")


def test_styles_that_hide_text_hide_it_through_the_styles_they_are_based_on(tmp_path: Path) -> None:
    document = docx.Document()
    hidden = document.styles.add_style("隐藏", WD_STYLE_TYPE.PARAGRAPH)
    hidden.font.hidden = True
    based = document.styles.add_style("基于隐藏", WD_STYLE_TYPE.PARAGRAPH)
    based.base_style = hidden
    document.add_paragraph("看得见")
    document.add_paragraph("看不见", style=based)
    shown = document.add_paragraph(style=based).add_run("又看得见")
    shown.font.hidden = False
    path = tmp_path / "t.docx"
    document.save(str(path))
    blocks = list(read_blocks(path, marked=True))
    assert [(block.text, bool(block.problem)) for block in blocks if isinstance(block, Paragraph)] == [
        ("看得见", False),
        ("‹隐藏：看不见›", True),
        ("又看得见", False),
    ]


def test_a_table_style_that_hides_text_hides_it(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "100"
    path = tmp_path / "t.docx"
    document.save(str(path))
    hiding_style = (
        f'<w:style xmlns:w="{W}" w:type="table" w:styleId="隐藏表">'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:vanish/></w:rPr></w:tblStylePr></w:style></w:styles>'
    )
    edited(path, tmp_path / "styled.docx", lambda xml: xml.replace("</w:styles>", hiding_style), "word/styles.xml")
    edited(
        tmp_path / "styled.docx", path, lambda xml: xml.replace("<w:tblPr>", '<w:tblPr><w:tblStyle w:val="隐藏表"/>')
    )
    [read] = read_blocks(path, marked=True)
    assert isinstance(read, Table)
    assert read.rows[0][0].text == "‹隐藏：100›"


def test_cells_a_generator_repeats_in_a_merge_are_not_problems(tmp_path: Path) -> None:
    """Some generators write a vertical merge's text in every cell of it: Word shows it once, nothing is hidden."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0))
    path = tmp_path / "t.docx"
    document.save(str(path))
    text = "<w:p><w:r><w:t>产出指标</w:t></w:r></w:p>"
    edited(path, path, lambda xml: xml.replace("<w:vMerge/></w:tcPr><w:p/>", f"<w:vMerge/></w:tcPr>{text}"))
    edited(
        path,
        path,
        lambda xml: xml.replace(
            '<w:vMerge w:val="restart"/></w:tcPr><w:p/>', f'<w:vMerge w:val="restart"/></w:tcPr>{text}'
        ),
    )
    [read] = read_blocks(path)
    assert isinstance(read, Table)
    assert [row[0] for row in read.rows] == [Cell("产出指标", merge="restart"), Cell("产出指标", merge="continue")]


def test_columns_a_row_leaves_out_are_fillers_not_cells(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate("甲乙丙"):
        table.cell(0, column).text = text
    table.cell(1, 1).text = "乙二"
    table.cell(1, 2).text = "丙二"
    path = tmp_path / "t.docx"
    document.save(str(path))

    def leave_out_first(xml: str) -> str:
        second_row = xml.index("<w:tr>", xml.index("<w:tr>") + 1)
        first_cell_end = xml.index("</w:tc>", second_row) + len("</w:tc>")
        return xml[:second_row] + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + xml[first_cell_end:]

    edited(path, path, leave_out_first)
    [read] = read_blocks(path)
    assert isinstance(read, Table)
    assert read.rows[1] == (Cell("", filler=True), Cell("乙二"), Cell("丙二"))
    assert read.merged_regions() == []
    assert blocks_text([read]).splitlines()[4:] == ["  2.1 ‹此处无单元格›", "  2.2 乙二", "  2.3 丙二"]


def test_an_old_horizontal_merge_is_one_cell_spanning_its_columns(tmp_path: Path) -> None:
    path = one_cell(tmp_path, "<w:r><w:t>合并</w:t></w:r>")

    def merge_the_old_way(xml: str) -> str:
        xml = xml.replace("<w:gridCol ", '<w:gridCol w:w="100"/><w:gridCol w:w="100"/><w:gridCol ', 1)
        cell_end = xml.index("</w:tc>") + len("</w:tc>")
        continued = "<w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc>" * 2
        xml = xml[:cell_end] + continued + xml[cell_end:]
        return xml.replace("<w:tcPr>", '<w:tcPr><w:hMerge w:val="restart"/>', 1)

    edited(path, path, merge_the_old_way)
    [read] = read_blocks(path)
    assert isinstance(read, Table)
    assert read.rows == ((Cell("合并", span=3),),)


def test_a_strict_document_reads_like_a_transitional_one(example_docx: Path, tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    path = edited(example_docx, tmp_path / "strict.docx", lambda xml: xml.replace(W, strict))
    assert blocks_text(read_blocks(path)) == blocks_text(read_blocks(example_docx))


def test_content_controls_around_the_whole_body_are_read_as_they_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Some templates put the whole body in one content control: it is still read a paragraph at a time."""
    document = docx.Document()
    for number in range(5000):
        document.add_paragraph(f"第{number}段")
    path = tmp_path / "t.docx"
    document.save(str(path))
    edited(
        path,
        path,
        lambda xml: xml.replace("<w:body>", "<w:body><w:sdt><w:sdtContent>").replace(
            "<w:sectPr", "</w:sdtContent></w:sdt><w:sectPr"
        ),
    )
    roots: list[object] = []
    found_root = _Reader._root
    monkeypatch.setattr(_Reader, "_root", lambda reader, root: roots.append(root) or found_root(reader, root))
    blocks = read_blocks(path)
    for number in range(4000):
        assert next(blocks) == Paragraph(f"第{number}段")
    still_there = [node.text for node in roots[0].iter(f"{{{W}}}t")]  # type: ignore[attr-defined]
    # the paragraph just given, and what the parser has read ahead; none of those before
    assert still_there == [f"第{number}段" for number in range(3999, 3999 + len(still_there))]
    assert len(list(blocks)) == 1000


def test_paragraphs_outside_the_body_and_a_second_body_are_not_read_silently(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("正文")
    path = tmp_path / "t.docx"
    document.save(str(path))
    outside = "<w:p><w:r><w:t>正文之外</w:t></w:r></w:p>"
    edited(path, path, lambda xml: xml.replace("</w:body>", f"</w:body>{outside}"))
    with pytest.raises(InputError) as caught:
        list(read_blocks(path))
    assert [problem.message for problem in caught.value.problems] == [
        "第 2 段：有无法识别的内容 w:p“正文之外”（请在 Word 中另存一次），这份文档无法导入。"
    ]


def package(tmp_path: Path, parts: dict[str, bytes]) -> Path:
    path = tmp_path / "t.docx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name some of these need
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in parts.items():
                archive.writestr(name.removesuffix("#2"), data)
    return path


UTF16 = '<?xml version="1.0" encoding="UTF-16"?>'
BODY = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>'


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        (
            {"word/document.xml": ("\ufeff" + BODY).encode("utf-32")},
            "其中的 word/document.xml 用了 UTF-32 编码：Office 文件只用 UTF-8 或 UTF-16",
        ),
        (
            {"word/document.xml": ('<?xml version="1.0"?><!-- 注释 --><!DOCTYPE x>' + BODY).encode()},
            "其中的 word/document.xml 含有 DOCTYPE 声明：Office 文件从不含有它，这个文件可能是恶意的",
        ),
        (
            {"word/document.xml": ("<!--" + "长" * 4096 + "-->" + BODY).encode()},
            "其中的 word/document.xml 开头的声明和注释过长，不像正常的 Office 文件",
        ),
        (
            {"[Content_Types].xml": b'<!DOCTYPE Types [<!ENTITY a "b">]><Types/>', "word/document.xml": BODY.encode()},
            "其中的 [Content_Types].xml 含有 DOCTYPE 声明：Office 文件从不含有它，这个文件可能是恶意的",
        ),
        (
            {"word/document.xml": BODY.encode(), "word/document.xml#2": b"<w:document/>"},
            "其中有两个同名的部分（word/document.xml），不同的软件会读到不同的内容",
        ),
        (
            {"word/document.xml": BODY.encode(), "WORD/DOCUMENT.XML": BODY.encode()},
            "其中有两个同名的部分（WORD/DOCUMENT.XML），不同的软件会读到不同的内容",
        ),
        (
            {
                "_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="r" Target="http://example.com/x.xml" TargetMode="External" Type="http://schemas.'
                b'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>',
                "word/document.xml": BODY.encode(),
            },
            "正文指向文件之外（http://example.com/x.xml）",
        ),
        (
            {"word/document.xml": BODY.replace("document", "glossaryDocument").encode()},
            "其中的 word/document.xml 不是 Word 正文（它的根元素是 glossaryDocument）",
        ),
        (
            {"word/document.xml": f'<w:document xmlns:w="{W}"/>'.encode()},
            "其中的 word/document.xml 没有正文内容（w:body）",
        ),
    ],
    ids=[
        "UTF-32",
        "注释后的DOCTYPE",
        "过长的开头",
        "类型表里的DOCTYPE",
        "同名部分",
        "只差大小写的同名部分",
        "外部正文",
        "不是正文",
        "没有body",
    ],
)
def test_packages_it_refuses(tmp_path: Path, parts: dict[str, bytes], reason: str) -> None:
    with pytest.raises(InputError) as caught:
        list(read_blocks(package(tmp_path, parts)))
    assert [problem.message for problem in caught.value.problems] == [f"无法读取这个 Word 文档：{reason}。"]


@pytest.mark.parametrize(
    "document",
    [
        (UTF16 + BODY).encode("utf-16-le"),
        (UTF16 + BODY).encode("utf-16-be"),
        (UTF16 + BODY).encode("utf-16"),
        b"\xef\xbb\xbf" + BODY.encode(),
    ],
    ids=["UTF-16LE无BOM", "UTF-16BE无BOM", "UTF-16带BOM", "UTF-8带BOM"],
)
def test_encodings_office_writes_are_read(tmp_path: Path, document: bytes) -> None:
    assert list(read_blocks(package(tmp_path, {"word/document.xml": document}))) == [Paragraph("正文")]


def test_the_main_part_is_found_through_its_relationship_even_percent_encoded(tmp_path: Path) -> None:
    relationships = (
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="r" Target="/word/%E6%AD%A3%E6%96%87.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    decoy = BODY.replace("正文", "旧的").encode()
    path = package(tmp_path, {"_rels/.rels": relationships, "word/正文.xml": BODY.encode(), "word/document.xml": decoy})
    assert list(read_blocks(path)) == [Paragraph("正文")]


def test_a_field_result_is_read_and_its_code_is_not(tmp_path: Path) -> None:
    path = one_cell(
        tmp_path,
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> = 2 * 9 </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>18</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>.80</w:t></w:r>',
    )
    [read] = read_blocks(path)
    assert isinstance(read, Table)
    assert read.rows[0][0] == Cell("18.80")
