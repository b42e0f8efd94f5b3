"""Word documents as careless and hostile users hand them in.

Most cases start from the real document perfdocs builds of a one-project unit,
the example unit's 执法执勤用车更新-2025年 (:func:`built`), then edit its XML the way Word, WPS, another generator or an
attacker would: content controls around cells, paragraphs, runs and rows, tracked
changes, hidden text, nested tables, text boxes, odd column counts, and broken or
malicious packages. Each builder says what it does, so that a reviewer can read
the input without opening Word.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
from inputfiles import edit_part, example_unit, patch_headers, read_parts, write_parts
from lxml import etree

import perfdocs

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
DOCUMENT = "word/document.xml"
PROJECT = "执法执勤用车更新-2025年"
Edit = Callable[[Any], None]


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@functools.cache
def built() -> tuple[tuple[str, bytes], ...]:
    """The parts of the document perfdocs builds of the one-project unit, in package order."""
    with tempfile.TemporaryDirectory() as work:
        unit = example_unit(Path(work, "单位"), PROJECT)
        output = perfdocs.build(unit, Path(work, "绩效目标.docx"), page_numbers=False).output
        return tuple(read_parts(output).items())


def edited(edit: Edit) -> Callable[[Path], None]:
    """A builder: the built document with its document.xml changed by ``edit`` (given the root element)."""

    def build(folder: Path) -> None:
        write_parts(folder / "input.docx", dict(built()))
        edit_part(folder / "input.docx", DOCUMENT, edited_xml(edit))

    build.__doc__ = edit.__doc__
    return build


def edited_xml(edit: Edit) -> Callable[[str], str]:
    """An edit of a part's text that parses it, lets ``edit`` change the root element, and writes it as Word does."""

    def change(xml: str) -> str:
        root = etree.fromstring(xml.encode("utf-8"))
        edit(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")

    return change


def element(tag: str, *children: Any, **attributes: str) -> Any:
    """A w: element with w: attributes (``val="x"``)."""
    node = etree.Element(w(tag), {w(key): value for key, value in attributes.items()})
    node.extend(children)
    return node


def run(text: str, *properties: Any) -> Any:
    """A run of text, with run properties if given."""
    text_node = element("t")
    text_node.text = text
    text_node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return element("r", element("rPr", *properties), text_node) if properties else element("r", text_node)


def shown(node: Any) -> str:
    """The text of an element's w:t nodes."""
    return "".join(t.text or "" for t in node.iter(w("t")))


def cell_with(root: Any, text: str) -> Any:
    """The table cell whose text is ``text``."""
    for tc in root.iter(w("tc")):
        if shown(tc) == text:
            return tc
    raise LookupError(text)


def paragraph_with(root: Any, text: str) -> Any:
    return next(p for p in root.iter(w("p")) if shown(p) == text)


def text_node(root: Any, text: str) -> Any:
    return next(node for node in root.iter(w("t")) if node.text == text)


def row_with(root: Any, text: str) -> Any:
    return cell_with(root, text).getparent()


def wrap(target: Any, tag: str = "sdt", alias: str = "内容控件") -> Any:
    """Put ``target`` inside a wrapper where it stands: a content control (w:sdt) by default."""
    if tag == "sdt":
        wrapper = element("sdt", element("sdtPr", element("alias", val=alias), element("tag", val=alias)))
        content = etree.SubElement(wrapper, w("sdtContent"))
    else:
        wrapper = content = element(tag, **({"element": "data", "uri": "urn:x"} if tag == "customXml" else {}))
    target.addprevious(wrapper)
    content.append(target)
    return wrapper


def replace_runs(paragraph: Any, *runs: Any) -> None:
    """The paragraph's runs replaced by ``runs`` (its properties kept)."""
    for old in paragraph.findall(w("r")):
        paragraph.remove(old)
    paragraph.extend(runs)


# --- Content controls and the other wrappers: their text is read where it stands ------------------------------


def controls_around_cells(root: Any) -> None:
    """资金用途 and the value of 验收合格率, each cell inside a content control (w:sdt around w:tc). A reader that
    skips the controls imported 资金用途 as “验收合格率” and lost that indicator, without a word (issue 10)."""
    for text in ("全部用于更新执法执勤用车1辆", "100百分比"):
        wrap(cell_with(root, text), alias=text)


def controls_around_paragraphs(root: Any) -> None:
    """The heading, the purpose's paragraph and the whole indicator table inside content controls (block level);
    a value's paragraph inside one (in a cell)."""
    heading = paragraph_with(root, "1.执法执勤用车更新-2025年绩效目标表")
    wrap(heading)
    wrap(cell_with(root, "全部用于更新执法执勤用车1辆").find(w("p")))
    wrap(cell_with(root, "≤18.8万元").find(w("p")))
    wrap(list(root.iter(w("tbl")))[1])


def controls_around_runs(root: Any) -> None:
    """The purpose and the budget split into runs, some inside content controls, one nested in another."""
    purpose = cell_with(root, "全部用于更新执法执勤用车1辆").find(w("p"))
    replace_runs(purpose, run("全部用于"), run("更新执法执勤用车"), run("1辆"))
    wrap(wrap(purpose.findall(w("r"))[1]))
    budget = cell_with(root, "18.80").find(w("p"))
    replace_runs(budget, run("18."), run("80"))
    wrap(budget.findall(w("r"))[1])


def controls_around_rows(root: Any) -> None:
    """Two indicator rows inside one content control (a repeating section), a third inside custom XML."""
    first, second = row_with(root, "验收合格率"), row_with(root, "资金支付及时率")
    control = wrap(first)
    control.find(w("sdtContent")).append(second)
    wrap(row_with(root, "法院干警满意度"), "customXml")


def other_wrappers(root: Any) -> None:
    """Wrappers Word writes around runs: custom XML, a smart tag, a hyperlink, a simple field's result, a tracked
    insertion and move, left-to-right text; and custom XML around a cell."""
    purpose = cell_with(root, "全部用于更新执法执勤用车1辆").find(w("p"))
    replace_runs(purpose, run("全部"), run("用于"), run("更新"), run("执法执勤"), run("用车"), run("1"), run("辆"))
    runs = purpose.findall(w("r"))
    wrap(runs[0], "customXml")
    wrap(runs[1], "smartTag")
    wrap(runs[2], "hyperlink").set(w("anchor"), "x")
    wrap(runs[3], "fldSimple").set(w("instr"), " MERGEFIELD 用途 ")
    wrap(runs[4], "ins").set(w("author"), "审核人")
    wrap(runs[5], "moveTo").set(w("author"), "审核人")
    wrap(runs[6], "dir").set(w("val"), "ltr")
    wrap(cell_with(root, "≥95百分比"), "customXml")


def tracked_deletions(root: Any) -> None:
    """Tracked changes not yet accepted: deleted text (w:del, w:delText), text moved away (w:moveFrom) and a
    deleted indicator row are not shown, so they are not read; the inserted text is."""
    budget = cell_with(root, "18.80").find(w("p"))
    deleted = element("del", author="审核人")
    deleted.append(element("r", element("delText")))
    deleted[0][0].text = "99."
    moved = element("moveFrom", author="审核人")
    moved.append(run("1"))
    budget.insert(1, deleted)
    budget.append(moved)
    row = row_with(root, "持续保障审判工作")
    extra = deepcopy(row)
    extra.find(w("trPr")).append(element("del", author="审核人"))
    for node in extra.iter(w("t")):
        node.tag = w("delText")
    next(node for node in extra.iter(w("delText")) if node.text == "持续保障").text = "100"
    row.addnext(extra)


def alternate_content(root: Any) -> None:
    """A value inside mc:AlternateContent whose mc:Choice and mc:Fallback say the same: read once, not twice."""
    paragraph = cell_with(root, "1辆").find(w("p"))
    alternate = etree.Element(f"{{{MC}}}AlternateContent", nsmap={"mc": MC})
    choice = etree.SubElement(alternate, f"{{{MC}}}Choice", Requires="w14")
    fallback = etree.SubElement(alternate, f"{{{MC}}}Fallback")
    choice.append(run("1辆"))
    fallback.append(run("1辆"))
    replace_runs(paragraph)
    paragraph.append(alternate)


def alternate_content_that_differs(root: Any) -> None:
    """mc:AlternateContent whose branches disagree: Word shows the mc:Choice, an older reader the mc:Fallback."""
    paragraph = cell_with(root, "≤18.8万元").find(w("p"))
    alternate = etree.Element(f"{{{MC}}}AlternateContent", nsmap={"mc": MC})
    etree.SubElement(alternate, f"{{{MC}}}Choice", Requires="w14").append(run("≤18.8万元"))
    etree.SubElement(alternate, f"{{{MC}}}Fallback").append(run("≤1.88万元"))
    replace_runs(paragraph)
    paragraph.append(alternate)


# --- What is shown but cannot be read as data -------------------------------------------------------------------


def vanish() -> Any:
    return element("vanish")


def hidden_text(root: Any) -> None:
    """The budget 18.80 with a hidden 9 in the middle (w:vanish): Word prints 18.80, the XML says 189.80."""
    budget = cell_with(root, "18.80").find(w("p"))
    replace_runs(budget, run("18"), run("9", vanish()), run(".80"))


def hidden_by_a_style(root: Any) -> None:
    """A character style that hides its text (w:vanish in styles.xml), used in an indicator value."""
    value = cell_with(root, "100百分比").find(w("p"))
    replace_runs(value, run("100"), run("0", element("rStyle", val="隐藏")), run("百分比"))


def add_hidden_style(styles: Any) -> None:
    """The hidden character style for :func:`hidden_by_a_style`."""
    styles.append(
        element("style", element("name", val="隐藏"), element("rPr", vanish()), type="character", styleId="隐藏")
    )


def hidden_by_a_style_case(folder: Path) -> None:
    """An indicator value with a 0 in a character style that hides it: 1000百分比 in the XML, 100百分比 shown."""
    edited(hidden_by_a_style)(folder)
    edit_part(folder / "input.docx", "word/styles.xml", edited_xml(add_hidden_style))


def struck_text(root: Any) -> None:
    """The old budget left in, struck through, before the new one: Word prints 18.80 struck through, then
    19.80; the XML says 18.8019.80. And a double strike-through on the 0 of 100百分比."""
    budget = cell_with(root, "18.80").find(w("p"))
    replace_runs(budget, run("18.80", element("strike")), run("19.80"))
    value = cell_with(root, "100百分比").find(w("p"))
    replace_runs(value, run("100"), run("0", element("dstrike")), run("百分比"))


def struck_by_a_style(root: Any) -> None:
    """A character style that strikes its text through, used in an indicator value."""
    value = cell_with(root, "100百分比").find(w("p"))
    replace_runs(value, run("100"), run("0", element("rStyle", val="作废")), run("百分比"))


def add_struck_style(styles: Any) -> None:
    """The struck-through character style for :func:`struck_by_a_style`."""
    rpr = element("rPr", element("strike"))
    styles.append(element("style", element("name", val="作废"), rpr, type="character", styleId="作废"))


def struck_by_a_style_case(folder: Path) -> None:
    """An indicator value with a 0 in a character style that strikes it through: 1000百分比 in the XML."""
    edited(struck_by_a_style)(folder)
    edit_part(folder / "input.docx", "word/styles.xml", edited_xml(add_struck_style))


def strike_turned_off(root: Any) -> None:
    """Strike-through turned off on a run (``w:strike w:val="0"``) and a struck-through space: nothing struck
    shows, and the project imports as typed."""
    budget = cell_with(root, "18.80").find(w("p"))
    replace_runs(budget, run("18.80", element("strike", val="0")), run(" ", element("strike")))


def hidden_heading(root: Any) -> None:
    """Hidden text in the document's title line, outside any table."""
    title = paragraph_with(root, "(2025年)")
    replace_runs(title, run("(2025年)"), run("（作废）", vanish()))


def nested_table(root: Any) -> None:
    """The 绩效目标 cell holds a small table of its own (w:tbl inside w:tc) under its first line."""
    goals = cell_with(root, "1.购入1辆执法执勤用车，确保提审、调查、查封扣押等工作正常运转。")
    inner = element("tbl", element("tblGrid", element("gridCol", w="1000"), element("gridCol", w="1000")))
    for texts in (("指标", "目标"), ("车辆", "1辆")):
        inner.append(element("tr", *(element("tc", element("p", run(text))) for text in texts)))
    goals.append(inner)
    goals.append(element("p"))


def text_box(anchor_text: str, box_text: str, root: Any) -> None:
    """A floating text box (wps in mc:Choice, VML in mc:Fallback, as Word writes it) anchored in a paragraph."""
    paragraph = paragraph_with(root, anchor_text)
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    vml = "urn:schemas-microsoft-com:vml"
    alternate = etree.Element(f"{{{MC}}}AlternateContent", nsmap={"mc": MC, "wps": wps, "v": vml})
    choice = etree.SubElement(alternate, f"{{{MC}}}Choice", Requires="wps")
    shape = etree.SubElement(etree.SubElement(choice, w("drawing")), f"{{{wps}}}wsp")
    etree.SubElement(shape, f"{{{wps}}}txbx").append(element("txbxContent", element("p", run(box_text))))
    fallback = etree.SubElement(alternate, f"{{{MC}}}Fallback")
    vml_shape = etree.SubElement(etree.SubElement(fallback, w("pict")), f"{{{vml}}}shape")
    etree.SubElement(vml_shape, f"{{{vml}}}textbox").append(element("txbxContent", element("p", run(box_text))))
    paragraph.append(element("r", alternate))


def text_box_in_a_cell(root: Any) -> None:
    """A text box in the 资金用途 cell saying what the money is for, floating over the table."""
    text_box("全部用于更新执法执勤用车1辆", "另有2万元用于保险", root)


def text_box_in_the_body(root: Any) -> None:
    """A text box anchored in the title, with a note and a table in it: read after the title, where it stands."""
    text_box("项目支出绩效目标表", "（内部资料，不得外传）", root)


def formula_symbol_picture(root: Any) -> None:
    """In three value cells: a formula (m:oMath), a character in the Symbol font (w:sym), and a picture."""
    math = "http://schemas.openxmlformats.org/officeDocument/2006/math"
    formula = etree.Element(f"{{{math}}}oMath", nsmap={"m": math})
    etree.SubElement(etree.SubElement(formula, f"{{{math}}}r"), f"{{{math}}}t").text = "≤18.8"
    cell_with(root, "≤18.8万元").find(w("p")).insert(1, formula)
    replace_runs(
        cell_with(root, "≥95百分比").find(w("p")),
        element("r", element("sym", font="Symbol", char="F0B3")),
        run("95百分比"),
    )
    cell_with(root, "持续保障").find(w("p")).append(element("r", element("drawing")))


def field_code_text(root: Any) -> None:
    """Text inside a field's code (between w:fldChar begin and separate) that Word does not show, then the result."""
    paragraph = cell_with(root, "1辆").find(w("p"))
    replace_runs(
        paragraph,
        element("r", element("fldChar", fldCharType="begin")),
        run("2辆"),
        element("r", element("fldChar", fldCharType="separate")),
        run("1辆"),
        element("r", element("fldChar", fldCharType="end")),
    )


def right_to_left(root: Any) -> None:
    """Text shown in reverse: w:bdo right-to-left around a value, and U+202E (right-to-left override) in another."""
    wrap(cell_with(root, "1辆").find(f"{w('p')}/{w('r')}"), "bdo").set(w("val"), "rtl")
    text_node(root, "≤18.8万元").text = "≤\u202e8.81\u202c万元"


def embedded_document(root: Any) -> None:
    """A w:altChunk after the table: Word shows another document (HTML, RTF...) there, its text not in the XML."""
    body = root.find(w("body"))
    chunk = etree.SubElement(body, w("altChunk"))
    chunk.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", "rId99")
    body.append(body.find(w("sectPr")))


def unknown_wrapper(root: Any) -> None:
    """A cell's run wrapped in an element of another program's namespace, which Word ignores with its content."""
    paragraph = cell_with(root, "1辆").find(w("p"))
    inner = paragraph.find(w("r"))
    wrapper = etree.Element("{urn:other-program}wrap", nsmap={"x": "urn:other-program"})
    inner.addprevious(wrapper)
    wrapper.append(inner)


# --- Columns and merges -----------------------------------------------------------------------------------------


def grid_span(value: str) -> Edit:
    def edit(root: Any) -> None:
        cell_with(root, "全部用于更新执法执勤用车1辆").find(f"{w('tcPr')}/{w('gridSpan')}").set(w("val"), value)

    edit.__doc__ = f"The 资金用途 cell spans “{value}” columns (w:gridSpan)."
    return edit


def grid_before(root: Any) -> None:
    """产出指标 merged the way some generators write it: the three rows under its first one leave out the first
    grid column (w:gridBefore="1") instead of holding a cell that continues the merge. Their cells stand one
    column to the right, under their headings; a reader that ignores w:gridBefore puts 质量指标 under 一级指标."""
    for text in ("验收合格率", "资金支付及时率", "更新成本"):
        row = row_with(root, text)
        row.remove(row.find(w("tc")))
        row.find(w("trPr")).insert(0, element("gridBefore", val="1"))


def grid_before_too_many(root: Any) -> None:
    """A row whose w:gridBefore pushes its five cells past the table's five columns."""
    row_with(root, "持续保障审判工作").find(w("trPr")).insert(0, element("gridBefore", val="3"))


def horizontal_merge(root: Any) -> None:
    """The 资金用途 cell merged across six columns the old way: w:hMerge restart and five cells that continue it."""
    purpose = cell_with(root, "全部用于更新执法执勤用车1辆")
    properties = purpose.find(w("tcPr"))
    properties.remove(properties.find(w("gridSpan")))
    properties.append(element("hMerge", val="restart"))
    for _ in range(5):
        purpose.addnext(element("tc", element("tcPr", element("hMerge")), element("p")))


def vertical_merge_value(root: Any) -> None:
    """A vertical merge whose w:vMerge value is neither restart nor continue."""
    cell_with(root, "产出指标").find(f"{w('tcPr')}/{w('vMerge')}").set(w("val"), "begin")


def merged_cell_with_text(root: Any) -> None:
    """A cell that continues a vertical merge but holds text of its own, which Word does not show."""
    row = row_with(root, "验收合格率")
    next(row.find(w("tc")).iter(w("t"))).text = "效益指标"


def too_many_cells(root: Any) -> None:
    """An indicator row with a sixth cell where the table has five columns."""
    row = row_with(root, "更新车辆数量")
    row.append(deepcopy(row.findall(w("tc"))[-1]))
    next(row.findall(w("tc"))[-1].iter(w("t"))).text = "2辆"


# --- Packages ---------------------------------------------------------------------------------------------------


def zip_bomb(folder: Path) -> None:
    """A 0.2 MB file whose document.xml unpacks to 24 MB of white space inside the body (ratio about 1000)."""
    with_document(dict(built())[DOCUMENT].replace(b"<w:body>", b"<w:body>" + b" " * (24 * 2**20)))(folder)


def encrypted(folder: Path) -> None:
    """A package whose parts say they are encrypted (ZIP's traditional password protection)."""
    write_parts(folder / "input.docx", dict(built()))
    patch_headers(folder / "input.docx", "flags", 1)


def deflate64(folder: Path) -> None:
    """A package written with Deflate64 (method 9), which Windows' compressed folders use and Python cannot read."""
    write_parts(folder / "input.docx", dict(built()))
    patch_headers(folder / "input.docx", "method", 9)


def with_document(data: bytes) -> Callable[[Path], None]:
    """A builder: the built document with ``data`` as its document.xml."""

    def build(folder: Path) -> None:
        write_parts(folder / "input.docx", {**dict(built()), DOCUMENT: data})

    return build


def truncated(folder: Path) -> None:
    """document.xml cut off in the middle of a table."""
    data = dict(built())[DOCUMENT]
    with_document(data[: len(data) // 2])(folder)


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [
 <!ENTITY a "ha">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&h;</w:t></w:r></w:p></w:body></w:document>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>"""


def shouted_content_types(folder: Path) -> None:
    """[Content_Types].xml stored as [CONTENT_TYPES].XML (part names ignore case), with an entity in a DOCTYPE:
    the message names the part as the package stores it, so that a user who unpacks the file finds it."""
    types = dict(built())["[Content_Types].xml"].replace(b"?>", b'?><!DOCTYPE Types [<!ENTITY t "x">]>', 1)
    parts = [(name, data) for name, data in built() if name != "[Content_Types].xml"]
    write_parts(folder / "input.docx", [("[CONTENT_TYPES].XML", types), *parts])


def two_documents(folder: Path) -> None:
    """Two entries named word/document.xml: Word reads one, Python's zipfile the other (here the budget 99.99)."""
    parts = list(built())
    write_parts(folder / "input.docx", [*parts, (DOCUMENT, dict(parts)[DOCUMENT].replace(b"18.80", b"99.99"))])


def without_document(folder: Path) -> None:
    """A ZIP that holds no word/document.xml (and a _rels/.rels that names it)."""
    write_parts(folder / "input.docx", [(name, data) for name, data in built() if name != DOCUMENT])


def utf16(folder: Path) -> None:
    """document.xml in UTF-16 with a byte-order mark, as Office may write it: read like UTF-8."""
    data = dict(built())[DOCUMENT].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    with_document(data.encode("utf-16"))(folder)


def latin1_declared(folder: Path) -> None:
    """UTF-8 bytes declared as ISO-8859-1: a parser that trusts the declaration reads 天 as three Latin letters."""
    data = dict(built())[DOCUMENT].replace(b'encoding="UTF-8"', b'encoding="ISO-8859-1"')
    with_document(data)(folder)


def main_part_elsewhere(folder: Path) -> None:
    """_rels/.rels names word/main.xml as the document; a stale word/document.xml with other numbers is a decoy."""
    parts = dict(built())
    parts["word/main.xml"] = parts[DOCUMENT]
    parts[DOCUMENT] = parts[DOCUMENT].replace(b"18.80", b"99.99")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="word/document.xml"', b'Target="/word/main.xml"')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/word/document.xml", b"/word/main.xml")
    parts["word/_rels/main.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
    write_parts(folder / "input.docx", parts)


def strict(folder: Path) -> None:
    """A Strict Open XML document (Word's “Strict Open XML 文档” format): the same markup in another namespace."""
    parts = dict(built())
    for name in (DOCUMENT, "word/styles.xml"):
        parts[name] = parts[name].replace(W.encode(), STRICT.encode())
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
    )
    write_parts(folder / "input.docx", parts)


def macro_enabled(folder: Path) -> None:
    """A macro-enabled document (.docm): its text is read, its macros never run."""
    parts = dict(built())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    write_parts(folder / "input.docm", parts)


def workbook_named_docx(folder: Path) -> None:
    """An Excel workbook renamed to .docx."""
    from openpyxl import Workbook  # noqa: PLC0415 - only this case needs it

    workbook = Workbook()
    workbook.active["A1"] = "项目名称"
    workbook.save(folder / "input.docx")


def deep_nesting(folder: Path) -> None:
    """Content controls nested 300 deep around one run, more than any XML parser should follow."""
    data = dict(built())[DOCUMENT]
    opening = b"<w:sdt><w:sdtContent>" * 300
    closing = b"</w:sdtContent></w:sdt>" * 300
    target = '<w:r><w:t xml:space="preserve">1辆</w:t></w:r>'.encode()
    with_document(data.replace(target, opening + target + closing))(folder)


# --- The Shanghai form (上海), edited as a user does in Word ---------------------------------------------------

SHANGHAI = Path(perfdocs.__file__).resolve().parents[1] / "projects" / "examples" / "shanghai-2026-lanxilu"


def shanghai_relabelled(label: str, new: str) -> Callable[[Path], None]:
    """A builder: the Shanghai example built in its layout, its table's cell ``label`` retyped as ``new``."""

    def build(folder: Path) -> None:
        path = folder / "input.docx"
        with tempfile.TemporaryDirectory() as work:
            unit = Path(work, "单位")
            shutil.copytree(SHANGHAI, unit)
            perfdocs.build(unit, path, page_numbers=False)
        document = docx.Document(str(path))
        cell = next(cell for row in document.tables[0].rows for cell in row.cells if cell.text == label)
        paragraph = cell.paragraphs[0]
        for extra in paragraph.runs[1:]:
            extra._r.getparent().remove(extra._r)
        paragraph.runs[0].text = new
        document.save(str(path))

    build.__doc__ = f"The Shanghai example's form, its label “{label}” retyped as “{new}”."
    return build


BUILDERS: dict[str, Callable[[Path], None]] = {
    "内容控件包住单元格": edited(controls_around_cells),
    "内容控件包住单元格的文本形式": edited(controls_around_cells),
    "内容控件包住段落和表格": edited(controls_around_paragraphs),
    "内容控件包住文字": edited(controls_around_runs),
    "内容控件包住表格行": edited(controls_around_rows),
    "其他包装元素": edited(other_wrappers),
    "修订中删除的文字和行": edited(tracked_deletions),
    "替代内容只读一个分支": edited(alternate_content),
    "替代内容两个分支不同": edited(alternate_content_that_differs),
    "隐藏文字": edited(hidden_text),
    "隐藏文字的文本形式": edited(hidden_text),
    "样式隐藏的文字": hidden_by_a_style_case,
    "标题中的隐藏文字": edited(hidden_heading),
    "删除线": edited(struck_text),
    "样式加的删除线": struck_by_a_style_case,
    "取消的删除线": edited(strike_turned_off),
    "单元格里套表格": edited(nested_table),
    "单元格里套表格的文本形式": edited(nested_table),
    "单元格里的文本框": edited(text_box_in_a_cell),
    "正文里的文本框": edited(text_box_in_the_body),
    "公式符号和图片": edited(formula_symbol_picture),
    "域代码里的文字": edited(field_code_text),
    "从右向左的文字": edited(right_to_left),
    "嵌入的其他文档": edited(embedded_document),
    "不认识的包装元素": edited(unknown_wrapper),
    "跨列数不是数字": edited(grid_span("abc")),
    "跨列数为零": edited(grid_span("0")),
    "跨列数为负": edited(grid_span("-1")),
    "跨列数过大": edited(grid_span("99999")),
    "跨列数过大的文本形式": edited(grid_span("99999")),
    "行首空出一列": edited(grid_before),
    "行首空列过多": edited(grid_before_too_many),
    "旧式横向合并": edited(horizontal_merge),
    "纵向合并值无法识别": edited(vertical_merge_value),
    "并入上格的单元格有文字": edited(merged_cell_with_text),
    "一行的格子比表格多": edited(too_many_cells),
    "压缩炸弹": zip_bomb,
    "加密的文档": encrypted,
    "Deflate64压缩": deflate64,
    "XML被截断": truncated,
    "实体炸弹": with_document(LAUGHS),
    "外部实体": with_document(EXTERNAL_ENTITY),
    "没有正文": without_document,
    "两个同名的正文": two_documents,
    "大写的类型表含有DOCTYPE": shouted_content_types,
    "UTF16正文": utf16,
    "声明的编码不对": latin1_declared,
    "正文在别的位置": main_part_elsewhere,
    "Strict格式": strict,
    "启用宏的文档": macro_enabled,
    "改了扩展名的Excel": workbook_named_docx,
    "嵌套过深": deep_nesting,
    "上海申报表缺少项目性质": shanghai_relabelled("项目性质", ""),
    "上海申报表资金栏名称写错": shanghai_relabelled("年度资金申请总额", "年度资金"),
}
