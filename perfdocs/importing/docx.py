"""Reading a .docx back as paragraphs and tables (:mod:`perfdocs.importing.blocks`), with merged cells made explicit.

This is how perfdocs (and its tests) see what a document really says: the text
of every paragraph and every cell, and how cells are merged (``gridSpan`` across,
``vMerge`` down). It reads the XML directly and incrementally (one top-level
paragraph or table row at a time), so a large document costs little memory.

A document comes from anyone (``perfdocs text`` is git's textconv, so it runs on
the files of every pull request), so nothing in it is trusted:

- the package is opened through :mod:`perfdocs.package` (zip bombs, encryption),
  its main part is the one ``_rels/.rels`` names, and every XML part is parsed
  without a DOCTYPE, entities or network access;
- text is read where Word shows it: through content controls (``w:sdt``) and the
  other wrappers Word writes, at every level; tracked deletions and field codes
  are not shown, so they are not read; of ``mc:AlternateContent`` one branch only;
- what is shown but cannot be read as data (hidden text, a table or a text box
  inside a cell, a formula, a picture, text that runs right to left, a broken
  merge or column count) is never read silently: the cell or paragraph gets a
  ``problem``, its text marks the part ``‹…›`` for people, and :func:`read_blocks`
  refuses the document with the place of each, unless asked for marked text.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lxml import etree

from perfdocs.errors import IMPORT, InputError, Location, Problem
from perfdocs.importing.blocks import STRUCK, Block, Cell, Paragraph, Table, paragraph_problem
from perfdocs.ooxml import Package, PartError, Relationship, parse, parse_events
from perfdocs.package import DOCUMENT_PART, PackageError, open_package

_TRANSITIONAL = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STRICT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH = (
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}",
    "{http://purl.oclc.org/ooxml/officeDocument/math}",
)
_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)
_WORD_TYPES = {
    f"application/vnd.{kind}.main+xml"
    for kind in (
        "openxmlformats-officedocument.wordprocessingml.document",
        "openxmlformats-officedocument.wordprocessingml.template",
        "ms-word.document.macroEnabled",
        "ms-word.template.macroEnabledTemplate",
    )
}
_OTHER_OFFICE_TYPES = {
    "spreadsheetml": "Excel 工作簿",
    "ms-excel": "Excel 工作簿",
    "presentationml": "PowerPoint 演示文稿",
}
#: Word's own limit; a span or column count beyond it is not a real table.
_MAX_COLUMNS = 63
#: What a .docx is called in messages about its XML (“不像正常的 Word 文档”).
_KIND = "Word 文档"
#: Characters that change the order in which text is displayed (bidirectional controls and marks).
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

#: Wrappers around paragraphs, tables, rows and cells whose content stands where the wrapper is.
_BLOCK_WRAPPERS = frozenset({"sdt", "sdtContent", "customXml"})
#: Wrappers around runs whose content is shown where the wrapper is (w:dir and w:bdo may reverse it).
_RUN_WRAPPERS = frozenset({"customXml", "smartTag", "ins", "moveTo", "fldSimple", "hyperlink", "dir", "bdo"})
#: Elements that hold no text a reader sees: properties, marks, and tracked deletions (w:del, w:moveFrom).
_NOT_CONTENT = frozenset(
    {"pPr", "rPr", "tblPr", "tblPrEx", "trPr", "tcPr", "sectPr", "sdtPr", "sdtEndPr", "customXmlPr", "smartTagPr"}
    | {"bookmarkStart", "bookmarkEnd", "permStart", "permEnd", "proofErr", "commentRangeStart", "commentRangeEnd"}
    | {f"{kind}Range{end}" for kind in ("moveFrom", "moveTo") for end in ("Start", "End")}
    | {f"customXml{kind}Range{end}" for kind in ("Ins", "Del", "MoveFrom", "MoveTo") for end in ("Start", "End")}
    | {"del", "moveFrom"}
)
#: Run content that shows no text of the run: field codes, deleted text, references, automatic marks.
_NOT_RUN_TEXT = frozenset(
    {"instrText", "delText", "delInstrText", "softHyphen", "lastRenderedPageBreak", "pgNum"}
    | {"footnoteReference", "endnoteReference", "commentReference", "annotationRef", "footnoteRef", "endnoteRef"}
    | {"separator", "continuationSeparator"}
    | {f"{part}{length}" for part in ("day", "month", "year") for length in ("Short", "Long")}
)
_GRAPHICS = frozenset({"drawing", "pict", "object", "contentPart"})
#: The tags the streaming reader is told about; everything else is read with the block it belongs to.
_STREAMED = ("body", "p", "tbl", "tr", "sdt", "sdtContent", "customXml")
_BLOCK, _ROW = "block", "row"
#: What :meth:`_Reader._expand` replaces by its content.
_EXPANDED = frozenset({"sdt", "sdtContent", "customXml", "mc:AlternateContent"})

#: What each kind of unreadable content is, and what to do about it; ``{}`` is the content, quoted.
_ISSUES = {
    "隐藏": "有隐藏文字“{}”，Word 不显示也不打印（请删除它，或取消隐藏）",
    "删除线": STRUCK,
    "从右向左": "有从右向左排列的文字“{}”，显示的顺序与存放的顺序不同（请取消从右向左的设置）",
    "方向控制符": "有改变显示顺序的 Unicode 控制字符“{}”（请删除这些字符）",
    "域代码": "域代码里有文字“{}”，Word 不显示它（请删除这个域，或把它转为普通文字）",
    "符号": "有符号字体的字符（{}），无法确定它显示的字（请改为普通文字）",
    "公式": "有公式“{}”，公式不能按文字读取（请改为普通文字）",
    "注音": "有带注音（拼音指南）的文字“{}”（请去掉注音）",
    "文本框": "有文本框“{}”，它浮在表格上，不属于单元格（请把其中的文字移到单元格里）",
    "表格": "单元格里套着一张表格“{}”，无法按行列读取（请把它改为普通文字，或移到表格之外）",
    "图片": "有图片或嵌入对象，其中的文字无法读取（请删除它，或改为文字）",
    "两种写法": "有两种写法（mc:Choice 与 mc:Fallback）而文字不同的内容“{}”（请在 Word 中另存一次）",
    "无法识别": "有无法识别的内容 {}（请在 Word 中另存一次）",
    "嵌入文档": "嵌入了另一份文档（w:altChunk 或 w:subDoc），其中的内容无法读取（请在 Word 中打开并另存一次）",
}


def read_blocks(path: str | Path, *, marked: bool = False) -> Iterator[Block]:
    """The body of a .docx, in order: its paragraphs and tables.

    A cell or paragraph that cannot be read as data has a ``problem``. Once every
    block is given, such problems fail the document with an
    :class:`~perfdocs.errors.InputError` naming each place (第 2 张表第 5 行第 3 列),
    unless ``marked``: then the blocks are all there is, their text marked for people
    (``perfdocs text``). A package that cannot be read fails at once, either way.
    """
    location = Location(str(path))
    try:
        with open_package(path) as archive:
            package = Package(archive, _KIND)
            part = _main_part(package)
            reader = _Reader(part, _read_styles(package, part))
            with package.open(part) as stream:
                yield from reader.read(stream)
    except (PackageError, PartError) as error:
        raise _refusal(location, str(error)) from error
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _refusal(location, f"文件已损坏，无法解压（{type(error).__name__}）") from error
    except RecursionError as error:  # the parser's depth limit comes first; this is for what it lets through
        raise _refusal(location, "其中的内容嵌套过深，不像正常的 Word 文档") from error
    if reader.problems and not marked:
        raise InputError(Problem(location, IMPORT, message) for message in reader.problems)


def _refusal(location: Location, reason: str) -> InputError:
    return InputError([Problem(location, IMPORT, f"无法读取这个 Word 文档：{reason}。")])


# --- The package: which part is the document, which its styles -------------------------------------------------


def _main_part(package: Package) -> str:
    """The main part's name as the package stores it: the one ``_rels/.rels`` names, as Word reads it."""
    targets = [_internal(found) for found in package.relationships("") if found.type in _OFFICE_DOCUMENT]
    if len(targets) > 1:
        raise PartError(f"_rels/.rels 指定了 {len(targets)} 个正文，无法确定读哪一个")
    part = targets[0] if targets else DOCUMENT_PART
    stored = package.stored(part)
    if stored is None:
        raise PartError(f"文件中没有正文（{part}）：它不是 Word 文档，或者已经损坏")
    content_type = package.content_type(stored)
    if content_type and content_type not in _WORD_TYPES and content_type != "application/xml":
        other = next((name for key, name in _OTHER_OFFICE_TYPES.items() if key in content_type), "")
        raise PartError(f"它是{other}，不是 Word 文档" if other else f"正文的类型是“{content_type}”，不是 Word 文档")
    return stored


def _internal(relationship: Relationship) -> str:
    """The part a relationship points at; a target outside the package is refused."""
    if relationship.external:
        raise PartError(f"正文指向文件之外（{relationship.target}）")
    return relationship.target


#: Run properties that print text in a way it cannot be read as data, as the key of ``_ISSUES`` each makes.
_MARKS = {"vanish": "隐藏", "specVanish": "隐藏", "strike": "删除线", "dstrike": "删除线"}


@dataclass(frozen=True)
class _Styles:
    """Which styles mark their text (hide it, strike it through), directly or through the styles they are
    based on; each mark is one of ``_MARKS``' values."""

    marking: dict[str, frozenset[str]] = field(default_factory=dict)  # mark -> the styles that make it
    by_default: frozenset[str] = frozenset()  # the marks of the document defaults
    default_paragraph: str = ""
    default_table: str = ""

    def marks(self, run_style: str, paragraph_style: str, table_style: str | None) -> frozenset[str]:
        """The marks a run's styles give it; when styles disagree, the mark is given."""
        styles = [run_style, paragraph_style or self.default_paragraph]
        if table_style is not None:
            styles.append(table_style or self.default_table)
        given = {mark for mark, marking in self.marking.items() if any(style in marking for style in styles)}
        return self.by_default | given


def _read_styles(package: Package, part: str) -> _Styles:
    targets = [_internal(found) for found in package.relationships(part) if found.type.endswith("/styles")]
    stored = package.stored(targets[0]) if targets else None
    if stored is None:
        return _Styles()
    own: dict[str, tuple[str, dict[str, bool]]] = {}  # style id -> (based on, the marks it sets on or off)
    defaults = {"paragraph": "", "table": ""}
    by_default: frozenset[str] = frozenset()
    tags = [f"{ns}{tag}" for ns in (_TRANSITIONAL, _STRICT) for tag in ("style", "docDefaults")]
    with package.open(stored) as stream:
        for element in parse(stream, stored, tags, kind=_KIND):
            w = element.tag[: element.tag.index("}") + 1]
            if element.tag.endswith("docDefaults"):
                set_here = _marks(_by_name(element.find(f"{w}rPrDefault/{w}rPr")), w)
                by_default = frozenset(mark for mark, on in set_here.items() if on)
                continue
            style_id, kind = element.get(f"{w}styleId", ""), element.get(f"{w}type", "")
            based = element.find(f"{w}basedOn")
            marks = _marks(_by_name(element.find(f"{w}rPr")), w)
            if kind == "table":  # conditional formats of a table style (first row...) may mark text too
                marks.update(
                    {_MARKS[name]: True for name in _MARKS if any(_on(node, w) for node in element.iter(f"{w}{name}"))}
                )
            own[style_id] = (based.get(f"{w}val", "") if based is not None else "", marks)
            if kind in defaults and element.get(f"{w}default") in ("1", "true", "on"):
                defaults[kind] = style_id
            element.clear()
    marking = {
        mark: frozenset(style for style in own if _style_marks(style, mark, own)) for mark in set(_MARKS.values())
    }
    return _Styles(marking, by_default, defaults["paragraph"], defaults["table"])


def _style_marks(style: str, mark: str, own: dict[str, tuple[str, dict[str, bool]]]) -> bool:
    seen = set()
    while style in own and style not in seen:
        seen.add(style)
        based, marks = own[style]
        if mark in marks:
            return marks[mark]
        style = based
    return False


def _marks(properties: dict[str, Any], w: str) -> dict[str, bool]:
    """The marks run properties (by name, as :meth:`_Reader.properties` gives them) set on or off;
    a mark they do not mention is left out."""
    found: dict[str, bool] = {}
    for name, mark in _MARKS.items():
        if name in properties:
            found[mark] = found.get(mark, False) or _on(properties[name], w)
    return found


def _by_name(properties: Any) -> dict[str, Any]:
    """The children of a properties element (w:rPr) by local name; none when there is no element."""
    if properties is None:
        return {}
    return {child.tag.rsplit("}", 1)[-1]: child for child in properties if isinstance(child.tag, str)}


def _on(element: Any, w: str) -> bool:
    """An OOXML on/off property: present and not turned off."""
    return element is not None and _on_value(element.get(f"{w}val"))


def _on_value(value: str | None) -> bool:
    return value not in ("0", "false", "off")


# --- Text gathered from runs ------------------------------------------------------------------------------------


@dataclass
class _Pieces:
    """Text in the order it stands, each piece with its kind: "" for plain text, else a key of ``_ISSUES``
    (or "有误" for a sentence of its own) for what is shown but cannot be read as data."""

    items: list[tuple[str, str]] = field(default_factory=list)
    style: str = ""  # the paragraph's style, for a paragraph

    def add(self, text: str, kind: str = "") -> None:
        if not kind and _BIDI_CONTROLS.search(text):
            text, kind = _BIDI_CONTROLS.sub(lambda match: f"⟨U+{ord(match.group()):04X}⟩", text), "方向控制符"
        if kind in ("隐藏", "删除线") and not text.strip():
            return  # hidden or struck white space: nothing is lost
        if not text and not kind:
            return
        if self.items and self.items[-1][0] == kind and kind not in ("图片", "有误"):
            self.items[-1] = (kind, self.items[-1][1] + text)
        else:
            self.items.append((kind, text))

    def extend(self, other: _Pieces) -> None:
        for kind, text in other.items:
            self.add(text, kind)

    def text(self) -> str:
        """The text, with what is not data marked ``‹kind：text›``."""
        if len(self.items) == 1 and not self.items[0][0]:
            return self.items[0][1]
        return "".join(_marked(kind, text) for kind, text in self.items)

    def plain(self) -> str:
        return "".join(text for kind, text in self.items if not kind)

    def issues(self) -> list[str]:
        return list(dict.fromkeys(_issue(kind, text) for kind, text in self.items if kind))


def _marked(kind: str, text: str) -> str:
    if not kind:
        return text
    if kind == "有误":
        return f"‹{text}›"
    return f"‹{kind}：{text}›" if text else f"‹{kind}›"


def _issue(kind: str, text: str) -> str:
    return text if kind == "有误" else _ISSUES[kind].format(_quote(text))


def _quote(text: str, width: int = 30) -> str:
    flat = text.replace("\n", "↵").replace("\t", " ")
    return flat if len(flat) <= width else flat[:width] + "…"


@dataclass(frozen=True, slots=True)
class _Where:
    """What the text being read stands in: a table cell or not, the paragraph's and table's styles."""

    in_cell: bool
    paragraph_style: str = ""
    table_style: str | None = None  # None outside tables
    right_to_left: bool = False


def _is_heading(where: _Where) -> bool:
    """Whether text stands in a heading paragraph (its style's id starts with "heading", as the importer reads it)."""
    return not where.in_cell and where.paragraph_style.casefold().startswith("heading")


_BODY = _Where(in_cell=False)
# --- Rows and tables ---------------------------------------------------------------------------------------------


@dataclass
class _CellRecord:
    """A cell as read, before the table's grid and merges are checked."""

    pieces: _Pieces
    span: str | None = None
    vertical: str | None = None  # w:vMerge's value; "" when it has none
    horizontal: str | None = None  # w:hMerge's value; "" when it has none
    filler: int = 0  # grid columns left out (w:gridBefore, w:gridAfter) instead of a cell
    issues: list[str] = field(default_factory=list)


@dataclass
class _RowRecord:
    cells: list[_CellRecord]
    before: str | None = None
    after: str | None = None


@dataclass
class _TableState:
    """A table while its rows are read: its style, grid and rows so far."""

    style: str = ""
    grid: int = 0
    rows: list[_RowRecord] = field(default_factory=list)


def _count(raw: str | None, what: str, limit: int, *, least: int) -> tuple[int, str]:
    """A column count from the XML (w:gridSpan, w:gridBefore...) and what is wrong with it, if anything."""
    if raw is None:
        return least, ""
    if not re.fullmatch(r"[0-9]{1,5}", raw) or int(raw) < least:
        return least, f"{what}“{raw}”不是{'正' if least else '非负'}整数"
    if int(raw) > limit:
        return least, f"{what}“{raw}”超过了表格的 {limit} 列"
    return int(raw), ""


@dataclass
class _Built:
    """A cell being assembled into its row."""

    pieces: _Pieces
    span: int
    merge: str
    filler: bool
    issues: list[str]


def _assemble(state: _TableState) -> tuple[Table, list[tuple[int, int, str]]]:
    """The table, with its grid and merges checked; every (row, grid column, problem) found, 1-based."""
    limit = state.grid or _MAX_COLUMNS
    rows, problems = [], []
    above: dict[int, tuple[int, str]] = {}  # grid column -> (span, text) of the vertical merge running there
    for row_number, record in enumerate(state.rows, start=1):
        built = _row_cells(record, limit)
        below: dict[int, tuple[int, str]] = {}
        column, overflow = 0, False
        for cell in built:
            if not cell.filler:
                _check_vertical(cell, column, above, below)
            if column + cell.span > limit and not overflow:
                cell.issues.append(f"这一格超出了表格的 {limit} 列（w:tblGrid）")
                overflow = True
            column += cell.span
        above = below
        cells = []
        column = 1
        for cell in built:
            issues = cell.pieces.issues() + cell.issues
            text = cell.pieces.text() + "".join(f" ‹{issue}›" for issue in cell.issues)
            cells.append(Cell(text, cell.span, cell.merge, "；".join(issues), cell.filler))
            problems += [(row_number, column, issue) for issue in issues]
            column += cell.span
        rows.append(tuple(cells))
    return Table(tuple(rows)), problems


def _row_cells(record: _RowRecord, limit: int) -> list[_Built]:
    """A row's cells with horizontal merges (w:hMerge) joined and the columns it leaves out as fillers."""
    built: list[_Built] = []
    before, before_issue = _count(record.before, "行首空出的列数（w:gridBefore）", limit, least=0)
    if before or before_issue:
        built.append(_Built(_Pieces(), max(before, 1), "", True, [before_issue] if before_issue else []))
    for cell in record.cells:
        if cell.filler:
            built.append(_Built(cell.pieces, cell.filler, "", True, cell.issues))
            continue
        span, span_issue = _count(cell.span, "跨列数（w:gridSpan）", limit, least=1)
        issues = cell.issues + ([span_issue] if span_issue else [])
        merge = _merge_value(cell.vertical, "纵向合并", issues)
        horizontal = _merge_value(cell.horizontal, "横向合并（w:hMerge）", issues)
        if horizontal == "continue":
            joined = built[-1] if built and not built[-1].filler and built[-1].merge != "continue" else None
            if joined is None:
                issues.append("标为并入左格（w:hMerge），但左边没有可以并入的单元格")
            else:
                joined.span += span
                if cell.pieces.plain().strip() not in ("", joined.pieces.plain().strip()):
                    joined.issues.append(f"并入左格的单元格里还有文字“{_quote(cell.pieces.plain())}”，Word 不显示它")
                joined.issues += issues
                continue
        built.append(_Built(cell.pieces, span, merge, False, issues))
    after, after_issue = _count(record.after, "行尾空出的列数（w:gridAfter）", limit, least=0)
    if after or after_issue:
        built.append(_Built(_Pieces(), max(after, 1), "", True, [after_issue] if after_issue else []))
    return built


def _merge_value(raw: str | None, what: str, issues: list[str]) -> str:
    """A merge value: "restart", "continue" (also when the value is left out) or "" for none."""
    if raw is None:
        return ""
    if raw in ("", "continue"):
        return "continue"
    if raw == "restart":
        return "restart"
    issues.append(f"{what}的值“{raw}”无法识别")
    return ""


def _check_vertical(
    cell: _Built, column: int, above: dict[int, tuple[int, str]], below: dict[int, tuple[int, str]]
) -> None:
    """A cell that continues a vertical merge must sit under one of the same width; its own text is not shown."""
    if cell.merge == "restart":
        below[column] = (cell.span, cell.pieces.plain().strip())
    elif cell.merge == "continue":
        top = above.get(column)
        if top is None or top[0] != cell.span:
            cell.issues.append("标为并入上格（w:vMerge），但上一行同一位置没有可以并入的单元格")
            below[column] = (cell.span, cell.pieces.plain().strip())  # the cells below join this one, not the error
            return
        below[column] = top
        own = cell.pieces.plain().strip()
        if own not in ("", top[1]):
            cell.issues.append(f"并入上格的单元格里还有文字“{_quote(own)}”，Word 不显示它")


# --- The document ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where an element stands that is read as soon as it ends: directly in the body (_BLOCK) or in a top-level
    table (_ROW), through wrappers only; ``first`` is the place in the stack of open elements of the outermost
    of those wrappers (or of the element itself)."""

    kind: str
    container: Any
    first: int


@dataclass
class _Open:
    """An element of _STREAMED whose end tag has not been parsed yet."""

    element: Any
    place: _Place | None  # None: it is read with the paragraph or row it belongs to
    inner: _Place | None  # where its children stand
    body: bool = False
    flushed: bool = False  # whether what stands before it has been read


class _Reader:
    """Reads one document part as blocks, streaming: each top-level paragraph, and each row of a top-level
    table, is read when its end tag is parsed, then dropped from the tree."""

    def __init__(self, part: str, styles: _Styles) -> None:
        self.part, self.styles = part, styles
        self.w = _TRANSITIONAL
        self.tables = self.paragraphs = 0
        self.problems: list[str] = []
        self.states: dict[Any, _TableState] = {}
        self.done: set[Any] = set()  # elements read already and cleared, until they are deleted
        self.bodies = 0
        self.names: dict[Any, str] = {}
        self.marking: dict[tuple[str, str, str | None], frozenset[str]] = {}

    def read(self, stream: IO[bytes]) -> Iterator[Block]:
        tags = [f"{ns}{tag}" for ns in (_TRANSITIONAL, _STRICT) for tag in _STREAMED]
        root = None
        stack: list[_Open] = []  # the elements of _STREAMED open around the parser's position
        for event, element in parse_events(stream, self.part, tags, ("start", "end"), kind=_KIND):
            if root is None:
                root = self._root(element.getroottree().getroot())
            if event == "start":
                stack.append(self._open(element, stack))
            else:
                yield from self._close(stack)
                stack.pop()
        if root is None or not self.bodies:
            raise PartError(f"其中的 {self.part} 没有正文内容（w:body）")
        for child in root:
            if self.name(child) not in ("body", "background"):
                yield from self._odd_paragraph(child)

    def _root(self, root: Any) -> Any:
        for namespace in (_TRANSITIONAL, _STRICT):
            if root.tag == f"{namespace}document":
                self.w = namespace
                return root
        raise PartError(f"其中的 {self.part} 不是 Word 正文（它的根元素是 {etree.QName(root).localname}）")

    def name(self, element: Any) -> str:
        """An element's name: the local name in the document's namespace, ``mc:``/``m:`` names, else its tag."""
        tag = element.tag
        name = self.names.get(tag)
        if name is None:
            if not isinstance(tag, str):
                return "#"
            if tag.startswith(self.w):
                name = tag[len(self.w) :]
            elif tag.startswith(_MC):
                name = "mc:" + tag[len(_MC) :]
            elif tag.startswith(_MATH):
                name = "m:" + str(etree.QName(tag).localname)
            else:
                name = tag
            self.names[tag] = name
        return name

    def properties(self, element: Any, tag: str) -> dict[str, Any]:
        """The children of ``element``'s properties (w:pPr, w:rPr...) by name; read once, they are asked often."""
        found = next(element.iterchildren(self.w + tag), None)
        return {} if found is None else {self.name(child): child for child in found}

    def val(self, element: Any, attribute: str = "val") -> str | None:
        return None if element is None else element.get(f"{self.w}{attribute}")

    # Streaming: where an element stands, and reading it at its end tag.

    def _open(self, element: Any, stack: list[_Open]) -> _Open:
        """Where an element that just started stands, and where its children will: worked out from its parent
        (the innermost open element, if it is the parent), so that no element asks its ancestors."""
        name, parent = self.name(element), element.getparent()
        if name == "body" and parent is not None and parent.getparent() is None:
            return _Open(element, None, _Place(_BLOCK, element, len(stack) + 1), body=True)
        place = stack[-1].inner if stack and parent is stack[-1].element else None
        inner = None
        if place is not None and name in _BLOCK_WRAPPERS:
            inner = place
        elif place is not None and name == "tbl" and place.kind == _BLOCK:
            inner = _Place(_ROW, element, len(stack) + 1)
        return _Open(element, place, inner)

    def _close(self, stack: list[_Open]) -> Iterator[Block]:
        """Read the element whose end tag was just parsed, if it stands in the body or in a top-level table
        (through wrappers only), after what stands before it and its wrappers; then drop all of that."""
        top = stack[-1]
        element, place = top.element, top.place
        if top.body:
            yield from self._close_body(element)
            return
        if place is None:
            return
        first = len(stack) - 1
        while first > place.first and not stack[first - 1].flushed:
            first -= 1
        fresh = stack[first:]  # the element, and the wrappers around it whose earlier siblings are unread
        earlier = [(entry.element.getparent(), _preceding(entry.element)) for entry in fresh]
        if place.kind == _BLOCK:
            for _, siblings in earlier:
                for sibling in siblings:
                    yield from self._block(sibling)
            yield from self._streamed_block(element)
        else:
            state = self.states.setdefault(place.container, _TableState())
            for _, siblings in earlier:
                for sibling in siblings:
                    self._row_level(sibling, state)
            self._row_level(element, state)
        for entry, (parent, siblings) in zip(fresh, earlier, strict=True):
            entry.flushed = True
            for sibling in siblings:
                self.done.discard(sibling)
                parent.remove(sibling)
        self._forget(element)

    def _close_body(self, body: Any) -> Iterator[Block]:
        self.bodies += 1
        if self.bodies > 1:
            raise PartError(f"其中的 {self.part} 有不止一个正文（w:body）")
        for child in body:
            yield from self._block(child)
        self._forget(body)

    def _forget(self, element: Any) -> None:
        element.clear()
        self.done.add(element)

    def _streamed_block(self, element: Any) -> Iterator[Block]:
        if self.name(element) == "tbl":
            state = self.states.pop(element, _TableState())
            for child in element:
                self._row_level(child, state)
            yield self._finish_table(state)
        else:
            yield from self._block(element)

    # Blocks: paragraphs and tables, wherever they come from.

    def _expand(self, element: Any) -> Iterator[Any]:
        """``element``, or what stands in its place: a wrapper's content, one branch of mc:AlternateContent."""
        if element in self.done:
            return
        name = self.name(element)
        if name == "sdt":
            content = element.find(f"{self.w}sdtContent")
            for child in () if content is None else content:
                yield from self._expand(child)
        elif name in ("sdtContent", "customXml"):
            for child in element:
                yield from self._expand(child)
        elif name == "mc:AlternateContent":
            branch = self._branch(element)
            if branch is None:
                yield element  # its branches disagree: read as such
            else:
                for child in branch:
                    yield from self._expand(child)
        else:
            yield element

    def _children(self, element: Any) -> Iterator[Any]:
        for child in element:
            if self.name(child) in _EXPANDED:
                yield from self._expand(child)
            else:
                yield child

    def _branch(self, alternate: Any) -> Any:
        """The branch of mc:AlternateContent that is read (the first mc:Choice, else mc:Fallback): an element
        whose children stand in its place, or None when the branches say different things."""
        branches = [child for child in alternate if self.name(child) in ("mc:Choice", "mc:Fallback")]
        branches.sort(key=lambda branch: self.name(branch) != "mc:Choice")
        if not branches:
            return etree.Element("empty")
        texts = {self._all_text(branch) for branch in branches}
        return branches[0] if len(texts) == 1 else None

    def _all_text(self, element: Any) -> str:
        tags = [f"{self.w}t", *(f"{ns}t" for ns in _MATH)]
        return "".join(node.text or "" for node in element.iter(*tags))

    def _block(self, element: Any) -> Iterator[Block]:
        for item in self._expand(element):
            name = self.name(item)
            if name == "p":
                yield from self._paragraph_blocks(item)
            elif name == "tbl":
                state = _TableState()
                for child in item:
                    self._row_level(child, state)
                yield self._finish_table(state)
            elif name not in _NOT_CONTENT and name != "#":
                yield from self._odd_paragraph(item)

    def _paragraph_blocks(self, paragraph: Any) -> Iterator[Block]:
        """A paragraph, then what its text boxes hold: in the body, a text box is read where it is anchored."""
        boxes: list[Any] = []
        pieces = self._paragraph_pieces(paragraph, _BODY, boxes)
        yield self._paragraph(pieces, pieces.style)
        for box in boxes:
            for child in box:
                yield from self._block(child)

    def _odd_paragraph(self, element: Any) -> Iterator[Block]:
        odd = self._odd(element)
        if odd is not None:
            pieces = _Pieces()
            pieces.add(odd[1], odd[0])
            yield self._paragraph(pieces, "")

    def _paragraph(self, pieces: _Pieces, style: str) -> Paragraph:
        self.paragraphs += 1
        issues = pieces.issues()
        plain = pieces.plain().strip()
        where = f"第 {self.paragraphs} 段" + (f"“{_quote(plain, 20)}”" if plain else "")
        self.problems += [paragraph_problem(where, issue) for issue in issues]
        return Paragraph(pieces.text(), style, "；".join(issues), where)

    def _odd(self, element: Any) -> tuple[str, str] | None:
        """Content that is not what its place holds: (kind, text) when it may show text, else None."""
        name = self.name(element)
        if name == "mc:AlternateContent":
            return "两种写法", "”与“".join(self._all_text(branch) for branch in element)
        if name in ("altChunk", "subDoc"):
            return "嵌入文档", ""
        text = self._all_text(element)
        if not text:
            return None
        shown = f"w:{name}" if element.tag.startswith(self.w) else etree.QName(element).localname
        return "无法识别", f"{shown}“{_quote(text)}”"

    # Tables.

    def _row_level(self, element: Any, state: _TableState) -> None:
        for item in self._expand(element):
            name = self.name(item)
            if name == "tr":
                row = self._row(item, state)
                if row is not None:
                    state.rows.append(row)
            elif name == "tblPr":
                state.style = self.val(item.find(f"{self.w}tblStyle")) or ""
            elif name == "tblGrid":
                state.grid = min(len(item.findall(f"{self.w}gridCol")), _MAX_COLUMNS)
            elif name not in _NOT_CONTENT and name != "#" and (odd := self._odd(item)) is not None:
                state.rows.append(_RowRecord([self._odd_cell(odd)]))

    def _odd_cell(self, odd: tuple[str, str]) -> _CellRecord:
        pieces = _Pieces()
        pieces.add(odd[1], odd[0])
        return _CellRecord(pieces, filler=1)

    def _row(self, row: Any, state: _TableState) -> _RowRecord | None:
        """A row's cells as read; None for a row deleted with tracked changes (not shown)."""
        properties = self.properties(row, "trPr")
        if "del" in properties:
            return None
        where = _Where(in_cell=True, table_style=state.style)
        cells = []
        for item in self._children(row):
            name = self.name(item)
            if name == "tc":
                cells.append(self._cell(item, where))
            elif name not in _NOT_CONTENT and name != "#" and (odd := self._odd(item)) is not None:
                cells.append(self._odd_cell(odd))
        return _RowRecord(cells, self.val(properties.get("gridBefore")), self.val(properties.get("gridAfter")))

    def _cell(self, cell: Any, where: _Where) -> _CellRecord:
        properties = self.properties(cell, "tcPr")
        record = _CellRecord(self._cell_pieces(cell, where), self.val(properties.get("gridSpan")))
        if "vMerge" in properties:
            record.vertical = self.val(properties["vMerge"]) or ""
        if "hMerge" in properties:
            record.horizontal = self.val(properties["hMerge"]) or ""
        if {"cellIns", "cellDel", "cellMerge"} & properties.keys():
            record.issues.append("单元格有未处理的修订（插入、删除或合并单元格）：请先在 Word 中接受或拒绝所有修订")
        return record

    def _cell_pieces(self, container: Any, where: _Where) -> _Pieces:
        """What a cell (or a text box in one) holds, one line a paragraph; a table inside it is flattened."""
        pieces = _Pieces()
        first = True
        for item in self._children(container):
            name = self.name(item)
            if name in _NOT_CONTENT or name == "#":
                continue
            if not first:
                pieces.add("\n")
            first = False
            if name == "p":
                pieces.extend(self._paragraph_pieces(item, where, []))
            elif name == "tbl":
                pieces.add(self._nested_text(item, where), "表格")
            elif (odd := self._odd(item)) is not None:
                pieces.add(odd[1], odd[0])
        return pieces

    def _nested_text(self, table: Any, where: _Where) -> str:
        lines = []
        for row in self._children(table):
            if self.name(row) == "tr":
                cells = [
                    self._cell_pieces(cell, where).text() for cell in self._children(row) if self.name(cell) == "tc"
                ]
                lines.append("｜".join(cells))
        return "\n".join(lines)

    def _finish_table(self, state: _TableState) -> Table:
        self.tables += 1
        table, problems = _assemble(state)
        for row, column, problem in problems:
            self.problems.append(f"第 {self.tables} 张表第 {row} 行第 {column} 列：{problem}，这张表无法导入。")
        return table

    # Paragraph text.

    def _paragraph_pieces(self, paragraph: Any, where: _Where, boxes: list[Any]) -> _Pieces:
        properties = self.properties(paragraph, "pPr")
        style = self.val(properties.get("pStyle")) or ""
        backwards = where.right_to_left or _on(properties.get("bidi"), self.w)
        if style != where.paragraph_style or backwards != where.right_to_left:
            where = _Where(where.in_cell, style, where.table_style, backwards)
        pieces = _Pieces(style=style)
        self._inline(paragraph, where, pieces, [], boxes)
        return pieces

    def _inline(self, container: Any, where: _Where, pieces: _Pieces, fields: list[bool], boxes: list[Any]) -> None:
        """Runs and what wraps them, in order. ``fields`` holds, for each complex field open, whether its
        code (not shown) is being read; the result (after w:fldChar separate) is shown."""
        for child in container:
            name = self.name(child)
            if name == "r":
                self._run(child, where, pieces, fields, boxes)
            elif name == "sdt":
                content = child.find(f"{self.w}sdtContent")
                if content is not None:
                    self._inline(content, where, pieces, fields, boxes)
            elif name in _RUN_WRAPPERS:
                reverse = name in ("dir", "bdo") and self.val(child) == "rtl"
                inner = _Where(where.in_cell, where.paragraph_style, where.table_style, True) if reverse else where
                self._inline(child, inner, pieces, fields, boxes)
            elif name == "mc:AlternateContent" and (branch := self._branch(child)) is not None:
                self._inline(branch, where, pieces, fields, boxes)
            elif name in ("m:oMath", "m:oMathPara"):
                pieces.add(self._all_text(child), "公式")
            elif name not in _NOT_CONTENT and name != "#" and (odd := self._odd(child)) is not None:
                pieces.add(odd[1], odd[0])

    def _run(self, run: Any, where: _Where, pieces: _Pieces, fields: list[bool], boxes: list[Any]) -> None:
        properties = self.properties(run, "rPr")
        marks = self._marks(properties, where)
        hidden = "隐藏" in marks
        backwards = where.right_to_left or _on(properties.get("rtl"), self.w)
        kind = "隐藏" if hidden else "删除线" if "删除线" in marks else "从右向左" if backwards else ""
        for child in self._run_content(run):
            name = self.name(child)
            if name == "t":
                pieces.add(child.text or "", "域代码" if any(fields) else kind)
            elif name in ("tab", "ptab"):
                pieces.add("\t", kind)
            elif name in ("br", "cr"):  # in a heading, a break only sets it on two lines (perfdocs balances them)
                pieces.add("" if _is_heading(where) else "\n", kind)
            elif name == "noBreakHyphen":
                pieces.add("-", kind)
            elif name == "fldChar":
                _field_char(self.val(child, "fldCharType"), fields)
            elif name == "sym":
                pieces.add(f"{self.val(child, 'font')} {self.val(child, 'char')}", "符号")
            elif name in _GRAPHICS:
                self._graphic(child, where, pieces, boxes, hidden)
            elif name == "ruby":
                pieces.add(self._all_text(child), "注音")
            elif name not in _NOT_RUN_TEXT and name not in _NOT_CONTENT and (odd := self._odd(child)) is not None:
                pieces.add(odd[1], odd[0])

    def _run_content(self, run: Any) -> Iterator[Any]:
        for child in run:
            if self.name(child) != "mc:AlternateContent":
                yield child
            elif (branch := self._branch(child)) is not None:
                yield from self._run_content(branch)
            else:
                yield child

    def _marks(self, properties: dict[str, Any], where: _Where) -> frozenset[str]:
        """How a run is marked (hidden, struck through): by its own properties, else by its styles."""
        key = (self.val(properties.get("rStyle")) or "", where.paragraph_style, where.table_style)
        if key not in self.marking:
            self.marking[key] = self.styles.marks(*key)
        direct = _marks(properties, self.w)
        return frozenset(mark for mark in self.marking[key] if direct.get(mark, True)) | {
            mark for mark, on in direct.items() if on
        }

    def _graphic(self, graphic: Any, where: _Where, pieces: _Pieces, boxes: list[Any], hidden: bool) -> None:
        """A drawing, picture or object: in the body its text boxes are read after the paragraph; in a cell,
        where a floating box may stand over any cell, it cannot be read as the cell's text."""
        found = list(self._boxes(graphic, pieces))
        if where.in_cell:
            for box in found:
                pieces.add(self._cell_pieces(box, where).text(), "文本框")
            if not found:
                pieces.add("", "图片")
        elif hidden:
            for box in found:
                pieces.add(self._cell_pieces(box, where).text(), "隐藏")
        else:
            boxes.extend(found)

    def _boxes(self, element: Any, pieces: _Pieces) -> Iterator[Any]:
        """The text boxes (w:txbxContent) in a drawing, one branch of each mc:AlternateContent only."""
        for child in element:
            name = self.name(child)
            if name == "txbxContent":
                yield child
            elif name != "mc:AlternateContent":
                yield from self._boxes(child, pieces)
            elif (branch := self._branch(child)) is not None:
                yield from self._boxes(branch, pieces)
            else:
                pieces.add(self._all_text(child), "两种写法")


def _field_char(kind: str | None, fields: list[bool]) -> None:
    if kind == "begin":
        fields.append(True)
    elif kind == "separate" and fields:
        fields[-1] = False
    elif kind == "end" and fields:
        fields.pop()


def _preceding(node: Any) -> list[Any]:
    """The siblings before ``node``, in document order (usually one, read already)."""
    siblings = []
    sibling = node.getprevious()
    while sibling is not None:
        siblings.append(sibling)
        sibling = sibling.getprevious()
    siblings.reverse()
    return siblings
