"""The parts of an Office package, found as Office finds them and parsed without trusting them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from perfdocs.ooxml import Package, PartError, parse, resolve


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
