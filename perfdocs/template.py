"""Word templates: a .docx with docxtpl tags, checked and compiled once into Jinja templates.

perfdocs keeps docxtpl's template language (``{{ }}``, ``{%p %}``, ``{%tr %}``,
``{%r %}``, tags split over several runs by Word) and uses docxtpl's own
``patch_xml`` to turn the template's XML into Jinja source. It does not use
``DocxTemplate.render``: that re-parses the whole rendered document with lxml in
recover mode, which silently drops text that looks like markup, and runs
regular expressions over the whole result, which makes a 1,000-project unit take
seconds. Rendered here, the Jinja output is the document XML itself: values are
escaped (autoescape), the template runs in perfdocs' sandbox, and the output
streams into the .docx, checked as it goes (:mod:`perfdocs.render`).

A template is a user's file, so it is trusted no more than a data file: it is
opened through :mod:`perfdocs.package`, every XML part is decoded by its BOM or
declaration and parsed without DTDs, the package must be a plain .docx (not a
.dotx, .docm or a document whose body is elsewhere), its tags must be whole
(:mod:`perfdocs.tags`), and its document part must loop over the unit's
sections and projects: a Word file without tags, or yesterday's output given as
the template, would otherwise build "successfully" with old numbers.

Two tags are perfdocs' own, because docxtpl's ``{% vm %}`` merges a column over
a whole loop whatever the values:

* ``{% vmerge EXPR %}`` in a table cell merges the cell vertically as ``EXPR``
  says for each row: ``"restart"`` starts a merged block, ``"continue"`` joins
  the cell above (its text is not printed), ``""`` leaves the cell alone. Its row
  also gets the row's bookmark, when the row has one (``row.bookmark``), in a cell
  that is not merged: the page each row is laid out on (:mod:`perfdocs.breaks`).
* A bookmark named ``perfdocs_title`` marks each section's heading; every
  ``perfdocs_title`` (bookmark, hyperlink anchor, ``PAGEREF``) is renamed per
  section, so the 目录 links to the heading it lists.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from lxml import etree

from perfdocs import __version__
from perfdocs.cache import cache_folder, read_entry, write_entry
from perfdocs.errors import TemplateError, describe_os_error
from perfdocs.layouts import Layout, get_layout
from perfdocs.ooxml import SAFE_PARSING, byte_order
from perfdocs.ooxml.wordml import (
    OUTSIDE_FIELD,
    TITLE_BOOKMARK,
    VMERGE,
    VMERGE_CONTINUE,
    W,
    before_vmerge,
    bookmark_end,
    bookmark_ids,
    bookmark_start,
    vmerge,
    with_bookmark_id,
)
from perfdocs.output import is_unchanged_build
from perfdocs.package import DOCUMENT_PART, PackageError, open_package
from perfdocs.sandbox import Environment, work_for
from perfdocs.tags import (
    check_merges,
    check_syntax,
    check_tags,
    describe_line,
    has_tags,
    prints_money_unit,
    unprinted_data,
)
from perfdocs.wordxml import xml_reason

_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_OTHER_KINDS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "是 Word 模板文件（.dotx）",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "是含有宏的 Word 文档（.docm）",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": "是含有宏的 Word 模板文件（.dotm）",
}
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
SAVE_AS_DOCX = "请在 Word 或 WPS 中打开它，另存为“Word 文档（.docx）”后再用。"
_RENDERED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_VMERGE_CELL = re.compile(r"<w:tc[ >](?:(?!<w:tc[ >]).)*?{%\s*vmerge\s+(.+?)\s*%}.*?</w:tc>", re.DOTALL)
_VMERGE_TAG = re.compile(r"{%\s*vmerge\s+.+?\s*%}", re.DOTALL)
# A table row with a {% vmerge %} cell (an indicator row), and the row variable its merge expression reads.
_VMERGE_ROW = re.compile(r"<w:tr[ >](?:(?!<w:tr[ >]).)*?{%\s*vmerge\s+(.+?)\s*%}.*?</w:tr>", re.DOTALL)
_ROW_VARIABLE = re.compile(r"([A-Za-z_]\w*)\.\w+")
_CELL_START = re.compile(r"<w:tc[ >]")
# Where a bookmark can go in a cell: after its first paragraph's properties, or its opening tag.
_PARAGRAPH_START = re.compile(r"<w:p(?: [^>]*)?>(?:<w:pPr>.*?</w:pPr>|<w:pPr/>)?", re.DOTALL)
_CELL_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)(.*?)(</w:t>)", re.DOTALL)
_TITLE_BOOKMARK_ID = bookmark_ids(TITLE_BOOKMARK)
_DECLARED_ENCODING = re.compile(rb"^<\?xml[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
_DECLARATION_ENCODING = re.compile(r"^(<\?xml[^>]*?\bencoding\s*=\s*)([\"'])[^\"']*\2")
_XML_PARSER = etree.XMLParser(**SAFE_PARSING)
#: Raise it when :func:`to_jinja`'s output changes, so that old cache entries are not used.
_CACHE_FORMAT = "3"


@dataclass(frozen=True)
class Template:
    """A compiled Word template: the parts to copy, the parts to render, and the Jinja source of
    each rendered part (for messages that name a tag).

    ``page_offset`` is what to add to a physical page number to get the number
    the footer prints (a template may start counting at 5); None when sections
    restart their numbering, so that printed numbers cannot be told from pages.
    """

    path: str
    entries: tuple[zipfile.ZipInfo, ...]
    static_parts: dict[str, bytes]
    jinja_parts: dict[str, jinja2.Template]
    page_offset: int | None = 0
    sources: dict[str, str] = field(default_factory=dict)

    def render_parts(
        self, context: dict[str, Any], items: int = 0
    ) -> Iterator[tuple[zipfile.ZipInfo, Iterator[str] | bytes]]:
        """Each part of the output package: bytes to copy, or a stream of rendered XML.

        ``items`` (the unit's sections, projects, goals and rows) sizes the work the
        template may do in this render (:mod:`perfdocs.sandbox`).
        """
        work = work_for(items)
        for template in self.jinja_parts.values():
            if isinstance(template.environment, Environment):
                template.environment.work = work
        for entry in self.entries:
            if entry.filename in self.jinja_parts:
                yield entry, self.jinja_parts[entry.filename].generate(context)
            else:
                yield entry, self.static_parts[entry.filename]


def default_template_path(layout: Layout | None = None) -> Path:
    """The template perfdocs renders ``layout`` with when given none (the default layout's when None)."""
    return (layout or get_layout()).template_path()


def as_template(template: Template | str | Path | None, layout: Layout | None = None) -> Template:
    """A compiled template, given one, or the path of one, or None for the layout's own (the default
    layout's when None)."""
    return template if isinstance(template, Template) else load_template(template, layout)


def load_template(path: str | Path | None = None, layout: Layout | None = None) -> Template:
    """Read, check and compile a template for ``layout`` (the default one when None): it must print all
    that the layout prints. ``path`` None is the layout's own template."""
    layout = layout or get_layout()
    template_path = Path(path) if path is not None else default_template_path(layout)
    name = str(template_path)
    entries, contents = _read_package(template_path)
    texts = {part: _xml_text(name, part, data) for part, data in contents.items() if _is_xml(part)}
    for part, text in texts.items():
        _check_xml(name, part, text, rendered=bool(_RENDERED_PARTS.match(part)))
    _check_kind(name, contents, texts)
    environment = Environment()
    jinja_parts: dict[str, jinja2.Template] = {}
    sources: dict[str, str] = {}
    trees: dict[str, nodes.Template] = {}
    for part, text in texts.items():
        if _RENDERED_PARTS.match(part) and (part == DOCUMENT_PART or has_tags(text)):
            where = f"模板 {name} 的 {part}"
            check_tags(where, text)
            sources[part] = cached_jinja(text)
            check_merges(where, sources[part])
            trees[part] = _parse(environment, where, sources[part])
            check_syntax(where, trees[part], sources[part], environment)
            jinja_parts[part] = _compile(environment, where, sources[part], trees[part])
    _require_unit_data(name, trees, layout)
    static_parts = {
        part: texts[part].encode("utf-8") if part in texts else data
        for part, data in contents.items()
        if part not in jinja_parts
    }
    offset = _page_offset(texts[DOCUMENT_PART])
    return Template(name, entries, static_parts, jinja_parts, offset, sources)


def _read_package(path: Path) -> tuple[tuple[zipfile.ZipInfo, ...], dict[str, bytes]]:
    """The entries and parts of the template's package; TemplateError for anything but a sound .docx."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as error:
        raise TemplateError(f"找不到模板文件 {path}：请检查文件名和路径。") from error
    except OSError as error:
        raise TemplateError(f"无法读取模板 {path}：{describe_os_error(error)}。") from error
    if not stat.S_ISREG(mode):
        raise TemplateError(f"模板 {path} 不是一个普通文件（是文件夹或设备）：请给出 .docx 文件。")
    try:
        with open_package(path) as archive:
            entries = tuple(archive.infolist())
            if is_unchanged_build(path):
                raise TemplateError(
                    f"模板 {path} 是 perfdocs 生成的文档，不是模板：用它生成会印出它里面原有的内容。"
                    "请用 perfdocs 自带的模板（不写 -t），或者你在它的基础上改好的模板。"
                )
            return entries, {entry.filename: archive.read(entry) for entry in entries}
    except PackageError as error:
        hint = "" if "请" in str(error) else SAVE_AS_DOCX
        raise TemplateError(f"模板 {path} 无法使用：{error}。{hint}") from error
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise TemplateError(f"模板 {path} 已经损坏，读不出来：{SAVE_AS_DOCX}") from error
    except OSError as error:
        raise TemplateError(f"无法读取模板 {path}：{describe_os_error(error)}。") from error


def _is_xml(part: str) -> bool:
    return part.lower().endswith((".xml", ".rels"))


def _xml_text(template: str, part: str, data: bytes) -> str:
    """A part's XML as text, decoded as its byte order mark or declaration says, declared UTF-8 from now on."""
    encoding = byte_order(data)
    if encoding is None:
        declared = _DECLARED_ENCODING.match(data)
        encoding = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError as error:
        raise TemplateError(
            f"模板 {template} 的 {part} 声明了 perfdocs 不认识的编码“{encoding}”：{SAVE_AS_DOCX}"
        ) from error
    except UnicodeDecodeError as error:
        raise TemplateError(
            f"模板 {template} 的 {part} 不是它声明的 {encoding} 编码（第 {error.start + 1} 个字节读不出来）："
            f"文件可能已经损坏。{SAVE_AS_DOCX}"
        ) from error
    return _DECLARATION_ENCODING.sub(r'\1"UTF-8"', text.removeprefix("\ufeff"), count=1)


def _check_xml(template: str, part: str, text: str, *, rendered: bool) -> None:
    """Refuse a part with a DOCTYPE (entities, XXE), malformed XML, or, in a part perfdocs renders,
    what Word never writes there (comments, CDATA, another prefix for Word's namespace)."""
    where = f"模板 {template} 的 {part}"
    if "<!DOCTYPE" in text:
        raise TemplateError(
            f"{where} 含有 DOCTYPE 声明：Word 保存的文件从不含有它，这个文件可能是有意构造的，perfdocs 不读。"
        )
    try:
        root = etree.fromstring(text.encode("utf-8"), _XML_PARSER)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise TemplateError(
            f"{where} 不是合法的 XML（第 {line} 行第 {column} 列：{xml_reason(error)}）：文件已经损坏。{SAVE_AS_DOCX}"
        ) from error
    if not rendered:
        return
    if "<![CDATA[" in text or next(root.iter(etree.Comment, etree.ProcessingInstruction), None) is not None:
        raise TemplateError(f"{where} 中有 XML 注释、CDATA 或处理指令：Word 保存的文档不会有这些。{SAVE_AS_DOCX}")
    for element in root.iter():
        name = etree.QName(element)
        if (name.namespace == W) != (element.prefix == "w"):
            raise TemplateError(
                f"{where} 中的 <{element.prefix}:{name.localname}> 没有按 Word 的写法"
                f"使用 w: 前缀：perfdocs 只认 Word 保存的文档。{SAVE_AS_DOCX}"
            )
        _refuse_outside_content(where, element, name)


def _refuse_outside_content(where: str, element: etree._Element, name: etree.QName) -> None:
    """Content Word brings in from elsewhere when it opens the document (an embedded document, a field
    that includes a file or asks another program), which perfdocs cannot check and Word would show."""
    instruction = (element.text or "") if name.localname == "instrText" else element.get(f"{{{W}}}instr", "")
    field = OUTSIDE_FIELD.search(instruction)
    if name.namespace == W and (name.localname in ("altChunk", "subDoc") or field):
        what = f"域 {field.group(1)}" if field else f"<w:{name.localname}>"
        raise TemplateError(
            f"{where} 中有{what}：Word 打开文档时会从别的文件或程序取来内容，perfdocs 无法检查，"
            "它们可能是旧的数据。请删掉它。"
        )


def _check_kind(template: str, contents: dict[str, bytes], texts: dict[str, str]) -> None:
    """A plain Word document: word/document.xml is its body, typed as a document (not a .dotx or
    .docm), without macros. A body elsewhere would show what perfdocs never rendered."""
    if DOCUMENT_PART not in contents:
        raise TemplateError(f"模板 {template} 不是 Word 文档（.docx）：缺少 {DOCUMENT_PART}。{SAVE_AS_DOCX}")
    declared = _attribute_of(
        texts.get("[Content_Types].xml", "<Types/>"), "Override", "PartName", "/" + DOCUMENT_PART, "ContentType"
    )
    if declared in _OTHER_KINDS:
        raise TemplateError(f"模板 {template} {_OTHER_KINDS[declared]}，不是 Word 文档（.docx）：{SAVE_AS_DOCX}")
    if declared != _MAIN_TYPE or any(part.lower().endswith("vbaproject.bin") for part in contents):
        kind = "含有宏" if declared == _MAIN_TYPE else f"{DOCUMENT_PART} 的类型是“{declared or '未声明'}”"
        raise TemplateError(f"模板 {template} 不是普通的 Word 文档（.docx）：{kind}。{SAVE_AS_DOCX}")
    body = _attribute_of(
        texts.get("_rels/.rels", "<Relationships/>"), "Relationship", "Type", _OFFICE_DOCUMENT, "Target"
    )
    if body.lstrip("/") != DOCUMENT_PART:
        raise TemplateError(
            f"模板 {template} 的正文不是 {DOCUMENT_PART}（而是“{body or '未声明'}”）："
            f"Word 会显示 perfdocs 没有生成的内容。{SAVE_AS_DOCX}"
        )


def _attribute_of(xml: str, element: str, key: str, value: str, wanted: str) -> str:
    """The ``wanted`` attribute of the first ``element`` whose ``key`` is ``value`` (ignoring case), or ""."""
    for node in etree.fromstring(xml.encode("utf-8"), _XML_PARSER).iter(f"{{*}}{element}"):
        if node.get(key, "").casefold() == value.casefold():
            return str(node.get(wanted, ""))
    return ""


def _require_unit_data(template: str, trees: dict[str, nodes.Template], layout: Layout) -> None:
    """Refuse a template that cannot print the unit: no loop over sections and projects, no money unit."""
    missing = unprinted_data(trees[DOCUMENT_PART], layout.view.PRINTED)
    if missing:
        raise TemplateError(
            f"模板 {template} 的 {DOCUMENT_PART} 中没有印出{missing}的标签，印不出单位的数据"
            "（它可能是一份生成好的文档，或别的 Word 文档）：每个项目都要印出全部数据。"
            "请用 perfdocs 自带的模板（不写 -t），或者在它的基础上改好的模板。"
        )
    if not any(prints_money_unit(tree) for tree in trees.values()):
        raise TemplateError(
            f"模板 {template} 没有印出金额单位（{{{{ unit.money_unit }}}}）：金额的单位不能写死在模板里。"
            "请在表头写“单位：{{ unit.money_unit }}”。"
        )


def _page_offset(document: str) -> int | None:
    starts = re.findall(r'<w:pgNumType\b[^>]*\bw:start="(\d+)"', document)
    if not starts:
        return 0
    return int(starts[0]) - 1 if document.count("<w:sectPr") == 1 else None


def _parse(environment: Environment, where: str, source: str) -> nodes.Template:
    try:
        return environment.parse(source)
    except jinja2.TemplateSyntaxError as error:
        raise _syntax_error(where, source, error) from error


def _compile(environment: Environment, where: str, source: str, tree: nodes.Template) -> jinja2.Template:
    try:
        return environment.from_string(tree)
    except jinja2.TemplateSyntaxError as error:
        raise _syntax_error(where, source, error) from error


def _syntax_error(where: str, source: str, error: jinja2.TemplateSyntaxError) -> TemplateError:
    return TemplateError(f"{where} 中有标签写错了：{error.message}（{describe_line(source, error.lineno)}）。")


def cached_jinja(xml: str) -> str:
    """:func:`to_jinja` of a template part, remembered between runs.

    Turning a part into Jinja needs docxtpl, and importing docxtpl (with
    python-docx and lxml) takes longer than a small build; a part seen before is
    read back from the cache instead. An entry carries the SHA-256 of its source
    on its first line and is used only if it matches: a damaged entry is made
    again. A cache that cannot be read or written is no error.
    """
    key = hashlib.sha256("\0".join((xml, __version__, _docxtpl_version(), _CACHE_FORMAT)).encode()).hexdigest()
    folder = cache_folder()
    path = folder / f"{key}.jinja" if folder else None
    source = read_entry(path, 4 * len(xml) + 2**20) if path else None
    if source is None:
        source = to_jinja(xml)
        if path:
            write_entry(path, source)
    return source


def _docxtpl_version() -> str:
    try:
        return importlib.metadata.version("docxtpl")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        return ""


def to_jinja(xml: str) -> str:
    """The Jinja source for one XML part of a template."""
    from docxtpl import DocxTemplate  # noqa: PLC0415 - heavy: loaded only when a template is compiled

    source: str = DocxTemplate(None).patch_xml(xml)
    source = _VMERGE_ROW.sub(_row_bookmark, source)
    source = _VMERGE_CELL.sub(_vmerge_cell, source)
    source = _rename_title_bookmark(source)
    # One paragraph or row a line, so that Jinja's line numbers point somewhere useful.
    return re.sub(r"<w:(p|tr)([ >])", r"\n<w:\1\2", source)


def _row_bookmark(match: re.Match[str]) -> str:
    """An indicator row with the row's ``bookmark`` (when it has one) in a cell that is never merged.

    perfdocs reads each row's page from these while laying the document out (:mod:`perfdocs.breaks`).
    The bookmark goes into the last cell without ``{% vmerge %}``, before anything Jinja could leave
    out or repeat; a row without such a place is left alone (its merges then ignore page breaks).
    """
    row = match.group(0)
    variable = _ROW_VARIABLE.fullmatch(match.group(1).strip())
    if variable is None:
        return row
    name = variable.group(1)
    bookmark = (
        f"{{% if {name}.bookmark is defined and {name}.bookmark %}}"
        + bookmark_start(f"{{{{ {name}.bookmark_id }}}}", f"{{{{ {name}.bookmark }}}}")
        + bookmark_end(f"{{{{ {name}.bookmark_id }}}}")
        + "{% endif %}"
    )
    starts = [cell.start() for cell in _CELL_START.finditer(row)]
    for start, end in reversed(list(zip(starts, [*starts[1:], len(row)], strict=True))):
        cell = row[start:end]
        paragraph = _PARAGRAPH_START.search(cell)
        if "vmerge" in cell or paragraph is None or "{%" in cell[: paragraph.end()]:
            continue
        at = start + paragraph.end()
        return row[:at] + bookmark + row[at:]
    return row


def _vmerge_cell(match: re.Match[str]) -> str:
    expression = match.group(1)
    cell = _VMERGE_TAG.sub("", match.group(0))
    merge = f"{{% if {expression} %}}{vmerge(f'{{{{ {expression} }}}}')}{{% endif %}}"
    if "<w:tcPr>" not in cell:
        cell = re.sub(r"^(<w:tc[^>]*>)", r"\1<w:tcPr></w:tcPr>", cell)
    start = cell.index("<w:tcPr>")
    properties_end = cell.index("</w:tcPr>", start)
    properties = VMERGE.sub("", cell[start:properties_end])
    properties = before_vmerge().sub(lambda m: m.group(1) + merge, properties, count=1)
    cell = cell[:start] + properties + cell[properties_end:]
    hidden = f'{{% if {expression} != "{VMERGE_CONTINUE}" %}}'
    return _CELL_TEXT.sub(lambda m: f"{m.group(1)}{hidden}{m.group(2)}{{% endif %}}{m.group(3)}", cell)


def _rename_title_bookmark(source: str) -> str:
    """Give each section's heading bookmark its own name and id."""
    for bookmark_id in _TITLE_BOOKMARK_ID.findall(source):
        source = with_bookmark_id(source, bookmark_id, "{{ section.bookmark_id }}")
    return source.replace(TITLE_BOOKMARK, "{{ section.bookmark }}")
