"""The streamed checks of rendered XML: Word's structural rules, the document's text, well-formedness."""

from __future__ import annotations

import pytest
from lxml import etree

from perfdocs.wordxml import Skeleton, StructureError, WellFormed

BODY = '<w:document xmlns:w="w"><w:body>'
END = "<w:sectPr/></w:body></w:document>"
CELL = "<w:tc><w:p><w:r><w:t>格</w:t></w:r></w:p></w:tc>"


def followed(*pieces: str) -> Skeleton:
    skeleton = Skeleton()
    skeleton.feed(list(pieces))
    skeleton.close()
    return skeleton


def refusal(*pieces: str) -> StructureError:
    with pytest.raises(StructureError) as caught:
        followed(*pieces)
    return caught.value


def test_the_text_of_a_document_is_collected_from_its_pieces() -> None:
    skeleton = followed(
        '<?xml version="1.0"?>\n' + BODY + '<w:p><w:r><w:t xml:space="', "preserve", '">', "甲&amp;乙", "</w:t>",
        '<w:instrText>PAGE</w:instrText></w:r></w:p><w:tbl><w:tr>' + CELL + "</w:tr></w:tbl>",
        "<w:p/>" + END,
    )  # fmt: skip
    assert skeleton.take_text() == "甲&amp;乙格"
    assert skeleton.take_text() == ""


def test_a_tag_split_between_pieces_is_followed() -> None:
    followed(BODY + "<w:p><w", ":r><w:t", ">x</w:t></w:r", "><w:br/", "></w:p>" + END)


@pytest.mark.parametrize(
    ("pieces", "message"),
    [
        ((BODY + "<w:p><w:r><w:t>x", "</w:t></w:r></w:tc>"),
         "结束标签 </w:tc> 与前面的开始标签 <w:p> 不配对：标签把段落或表格截断了"),
        ((BODY + "<w:tbl><w:p/></w:tbl>" + END,), "段落（<w:p>）不能直接放在表格（<w:tbl>）里"),
        ((BODY + "<w:tr>" + CELL + "</w:tr>" + END,),
         "表格行（<w:tr>）不能直接放在正文（<w:body>）里，只能放在表格（<w:tbl>）里"),
        ((BODY + "<w:tbl><w:tr><w:tc></w:tc></w:tr></w:tbl>" + END,),
         "单元格（<w:tc>）里没有段落：单元格里至少要有一个段落"),
        ((BODY + "<w:tbl><w:tr><w:tc><w:p/><w:tbl><w:tr>" + CELL + "</w:tr></w:tbl></w:tc></w:tr></w:tbl>" + END,),
         "单元格（<w:tc>）的最后一项是表格：单元格必须以段落结束"),
        ((BODY + "<w:tbl><w:tr></w:tr></w:tbl>" + END,), "表格行（<w:tr>）里没有单元格（<w:tc>）"),
        ((BODY + "<w:tbl><w:tblPr/></w:tbl>" + END,), "表格（<w:tbl>）里没有表格行（<w:tr>）"),
        ((BODY + "<w:p><w:p/></w:p>" + END,), "段落（<w:p>）不能直接放在段落（<w:p>）里"),
        ((BODY + "<w:r/>" + END,), "文字片段（<w:r>）不能直接放在正文（<w:body>）里，只能放在段落（<w:p>）里"),
        ((BODY + "<w:p><w:t>x</w:t></w:p>" + END,),
         "文字（<w:t>）不能直接放在段落（<w:p>）里，只能放在文字片段（<w:r>）里"),
        ((BODY + "<w:p><w:r><w:t><w:b/></w:t></w:r></w:p>" + END,), "文字（<w:t>）里出现了 <w:b>：文字里不能有标记"),
        ((BODY + "<w:p>", "甲项目", "</w:p>" + END),
         "文字“甲项目”直接放在了段落（<w:p>）里，不在 <w:t> 中：Word 不接受"),
        ((BODY + "<w:sectPr/><w:p/></w:body></w:document>",),
         "正文的节属性（<w:sectPr>）后面还有 <w:p>：节属性必须是正文的最后一项"),
        ((BODY + "<!-- x -->" + END,), "出现了 XML 注释、CDATA 或 DOCTYPE：Word 文档里不应有这些"),
        ((BODY + "<w:p>",), "XML 在 <w:p> 之内就结束了：标签把文档截断了"),
    ],
)  # fmt: skip
def test_what_word_refuses_is_found(pieces: tuple[str, ...], message: str) -> None:
    assert str(refusal(*pieces)) == message


def test_an_error_says_which_piece_and_where_in_it() -> None:
    error = refusal(BODY, "<w:p>", "<w:r></w:r><w:tr>")
    assert (error.index, error.offset) == (2, 16)  # the end of <w:tr, where it is known to open


def test_a_piece_seen_again_in_the_same_place_is_remembered() -> None:
    skeleton = Skeleton()
    row = "<w:tr>" + CELL + "</w:tr>"
    skeleton.feed([BODY, "<w:tbl>", *[row] * 100, "</w:tbl>", END])
    skeleton.close()
    assert len(skeleton._memo) == 6  # one row from "no row yet", one from "a row before", whatever their number


def test_well_formedness_is_checked_by_libxml2() -> None:
    parser = WellFormed()
    try:
        parser.feed(b"<a><b>")
        parser.feed(b"\x07</b></a>")
        with pytest.raises(etree.XMLSyntaxError, match="PCDATA invalid Char value 7"):
            parser.close()
    finally:
        parser.stop()


def test_well_formed_xml_passes() -> None:
    parser = WellFormed()
    for _ in range(10):
        parser.feed(b"<a>" if _ == 0 else b"<b>x</b>")
    parser.feed(b"</a>")
    parser.close()
    parser.stop()
