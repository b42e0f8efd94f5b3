"""The parts of an Office package, found as Office finds them and parsed without trusting them."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from perfdocs.ooxml import Package, PartError, parse, resolve, wordml


def elements(xml: bytes) -> list[str]:
    return [element.text for element in parse(io.BytesIO(xml), "x.xml", ["t"])]


def test_targets_resolve_as_office_resolves_them() -> None:
    assert resolve("xl", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert resolve("xl", "/xl/worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert resolve("xl/worksheets", "../drawings/drawing%201.xml#x") == "xl/drawings/drawing 1.xml"
    assert resolve("xl", "../../../etc/passwd") == "etc/passwd"  # never outside the package


def test_parts_are_found_whatever_their_case_and_never_twice(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("XL/Workbook.xml", "<w/>")
    with zipfile.ZipFile(path) as archive:
        assert Package(archive).stored("xl/workbook.xml") == "XL/Workbook.xml"
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/workbook.xml", "<w/>")
    with zipfile.ZipFile(path) as archive, pytest.raises(PartError, match=r"其中有两个同名的部分（xl/workbook\.xml）"):
        Package(archive)


def test_parsing_is_safe() -> None:
    assert elements(b'<?xml version="1.0" encoding="UTF-8"?><r><t>a</t><t>b</t></r>') == ["a", "b"]
    assert elements("<r><t>中</t></r>".encode("utf-16")) == ["中"]
    with pytest.raises(PartError, match=r"其中的 x\.xml 含有 DOCTYPE 声明"):
        elements(b'<!DOCTYPE r [<!ENTITY e "x">]><r><t>&e;</t></r>')
    with pytest.raises(PartError, match=r"其中的 x\.xml 用了 UTF-32 编码"):
        elements("<r/>".encode("utf-32"))
    with pytest.raises(PartError, match="声明的编码是“latin-1”"):
        elements(b'<?xml version="1.0" encoding="latin-1"?><r/>')
    with pytest.raises(PartError, match=r"其中的 x.xml 已损坏，不是格式正确的 XML（第 1 行第 \d+ 列）"):
        elements(b"<r><t>a</r>")


# --- perfdocs.ooxml.wordml: what perfdocs knows of Word's XML ---


def test_schema_orders_come_from_python_docx_and_are_the_ones_the_rewrites_relied_on() -> None:
    """The patterns built from python-docx's sequences are, character for character, the ones that
    template.py, render.py and typeset/rewrite.py held before: templates compile as they did."""
    assert wordml.before("w:tcPr", "w:vMerge") == ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge")
    assert wordml.before_vmerge().pattern == r"^(<w:tcPr>(?:<w:(?:cnfStyle|tcW|gridSpan|hMerge)\b[^>]*/>)*)"
    assert wordml.after_cell_margins().pattern == (
        r"<w:(?:textDirection|tcFitText|vAlign|hideMark|headers|cellIns|cellDel|cellMerge|tcPrChange)\b"
    )
    assert wordml._after_update_fields().pattern == (
        r"<(?:\w+:)?(?:hdrShapeDefaults|footnotePr|endnotePr|compat|docVars|rsids|mathPr|attachedSchema|"
        r"themeFontLang|clrSchemeMapping|doNotIncludeSubdocsInStats|doNotAutoCompressPictures|forceUpgrade|"
        r"captions|readModeInkLockDown|smartTagType|schemaLibrary|shapeDefaults|doNotEmbedSmartTags|"
        r"decimalSymbol|listSeparator)\b"
    )


@pytest.mark.parametrize(
    ("element", "child", "add"),
    [
        ("w:tcPr", "w:vMerge", lambda tcPr: tcPr._add_vMerge()),
        ("w:tcPr", "w:vAlign", lambda tcPr: tcPr.get_or_add_vAlign()),
        ("w:settings", "w:evenAndOddHeaders", lambda settings: setattr(settings, "evenAndOddHeaders_val", True)),
    ],
)
def test_the_order_read_from_python_docx_source_is_the_one_python_docx_inserts_by(
    element: str, child: str, add: Callable[[Any], object]
) -> None:
    """python-docx, at run time, puts a child where the sequence read from its source says."""
    others = [tag for tag in wordml.children(element) if tag != child and tag.startswith("w:")]
    parent = parse_xml(f"<{element} {nsdecls('w')}>{''.join(f'<{tag}/>' for tag in others)}</{element}>")
    add(parent)
    order = [etree.QName(node).localname for node in parent]
    assert order == [tag.partition(":")[2] for tag in wordml.children(element) if tag.startswith("w:")]


def test_schema_orders_are_read_without_importing_python_docx() -> None:
    """Reading the orders must not cost a build python-docx's import (docxtpl loads it when it must)."""
    code = (
        "import sys; from perfdocs.ooxml import wordml; wordml.children('w:settings'); wordml.children('w:tcPr');"
        "print('docx' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (b"<w:settings/>", b'<w:settings><w:updateFields w:val="true"/></w:settings>'),
        (b'<w:settings xmlns:w="w"/>', b'<w:settings xmlns:w="w"><w:updateFields w:val="true"/></w:settings>'),
        (b"<w:settings><w:zoom/></w:settings>", b'<w:settings><w:zoom/><w:updateFields w:val="true"/></w:settings>'),
        (
            b"<w:settings><w:zoom/><m:mathPr/><w:compat/></w:settings>",
            b'<w:settings><w:zoom/><w:updateFields w:val="true"/><m:mathPr/><w:compat/></w:settings>',
        ),
        (b"<w:settings><w:updateFields/></w:settings>", b"<w:settings><w:updateFields/></w:settings>"),
    ],
)
def test_update_fields_goes_where_the_schema_wants_it(settings: bytes, expected: bytes) -> None:
    assert wordml.mark_fields_for_update(settings) == expected


def test_bookmarks_are_written_found_and_renumbered_as_word_writes_them() -> None:
    xml = wordml.bookmark_start("7", wordml.TITLE_BOOKMARK) + "<w:r/>" + wordml.bookmark_end("7")
    assert xml == '<w:bookmarkStart w:id="7" w:name="perfdocs_title"/><w:r/><w:bookmarkEnd w:id="7"/>'
    assert wordml.bookmark_ids(wordml.TITLE_BOOKMARK).findall(xml) == ["7"]
    assert wordml.bookmark_ids("perfdocs.title").findall(xml) == []  # a name, not a pattern
    assert wordml.with_bookmark_id(xml, "7", "{{ id }}") == xml.replace('w:id="7"', 'w:id="{{ id }}"')
    assert wordml.ROW_BOOKMARK.format(3).startswith(wordml.HIDDEN_BOOKMARK)
    assert wordml.SECTION_BOOKMARK.format(2) == "_Toc_perfdocs_2"
    assert wordml.SECTION_BOOKMARK_IDS + 10**5 <= wordml.ROW_BOOKMARK_IDS


def test_vmerge_and_fields() -> None:
    assert wordml.vmerge(wordml.VMERGE_RESTART) == '<w:vMerge w:val="restart"/>'
    assert wordml.vmerge(wordml.VMERGE_CONTINUE) == "<w:vMerge/>"  # as Word writes it
    assert wordml.vmerge("{{ row.merge }}") == '<w:vMerge w:val="{{ row.merge }}"/>'
    assert wordml.pageref(wordml.TITLE_BOOKMARK) == " PAGEREF perfdocs_title \\h "
    assert wordml.VMERGE.sub("", '<w:tcPr><w:vMerge/><w:vMerge w:val="continue"/></w:tcPr>') == "<w:tcPr></w:tcPr>"
    found = wordml.OUTSIDE_FIELD.search(" includeText x.docx")
    assert found is not None
    assert found.group(1) == "includeText"  # not INCLUDE
    assert wordml.OUTSIDE_FIELD.search(" PAGEREF _Toc_perfdocs_1 \\h ") is None
