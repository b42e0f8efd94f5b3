"""Word templates: a .docx with docxtpl tags, compiled once into Jinja templates.

perfdocs keeps docxtpl's template language (``{{ }}``, ``{%p %}``, ``{%tr %}``,
``{%r %}``, tags split over several runs by Word) and uses docxtpl's own
``patch_xml`` to turn the template's XML into Jinja source. It does not use
``DocxTemplate.render``: that re-parses the whole rendered document with lxml in
recover mode, which silently drops text that looks like markup, and runs
regular expressions over the whole result, which makes a 1,000-project unit take
seconds. Rendered here, the Jinja output is the document XML itself: values are
escaped (autoescape), the template runs sandboxed, and the output streams into
the .docx without being parsed again.

Two tags are perfdocs' own, because docxtpl's ``{% vm %}`` merges a column over
a whole loop whatever the values:

* ``{% vmerge EXPR %}`` in a table cell merges the cell vertically as ``EXPR``
  says for each row: ``"restart"`` starts a merged block, ``"continue"`` joins
  the cell above (its text is not printed), ``""`` leaves the cell alone.
* A bookmark named ``perfdocs_title`` marks each section's heading; every
  ``perfdocs_title`` (bookmark, hyperlink anchor, ``PAGEREF``) is renamed per
  section, so the 目录 links to the heading it lists.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from perfdocs import __version__
from perfdocs.context import VIEW_FIELDS
from perfdocs.docxread import DOCUMENT_PART
from perfdocs.errors import TemplateError, describe_os_error

#: The bookmark name that stands for "this section's heading" in a template.
TITLE_BOOKMARK = "perfdocs_title"
_RENDERED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
_VMERGE_CELL = re.compile(r"<w:tc[ >](?:(?!<w:tc[ >]).)*?{%\s*vmerge\s+(.+?)\s*%}.*?</w:tc>", re.DOTALL)
_VMERGE_TAG = re.compile(r"{%\s*vmerge\s+.+?\s*%}", re.DOTALL)
# Children of w:tcPr that the schema puts before w:vMerge.
_BEFORE_VMERGE = re.compile(r"^(<w:tcPr>(?:<w:(?:cnfStyle|tcW|gridSpan|hMerge)\b[^>]*/>)*)")
_CELL_TEXT = re.compile(r"(<w:t(?: [^>]*)?>)(.*?)(</w:t>)", re.DOTALL)
_TITLE_BOOKMARK_ID = re.compile(rf'<w:bookmarkStart w:id="(\d+)" w:name="{TITLE_BOOKMARK}"')


@dataclass(frozen=True)
class Template:
    """A compiled Word template: the parts to copy and the parts to render.

    ``page_offset`` is what to add to a physical page number to get the number
    the footer prints (a template may start counting at 5); None when sections
    restart their numbering, so that printed numbers cannot be told from pages.
    """

    path: str
    entries: tuple[zipfile.ZipInfo, ...]
    static_parts: dict[str, bytes]
    jinja_parts: dict[str, jinja2.Template]
    page_offset: int | None = 0

    def render_parts(self, context: dict[str, Any]) -> Iterator[tuple[zipfile.ZipInfo, Iterator[str] | bytes]]:
        """Each part of the output package: bytes to copy, or a stream of rendered XML."""
        for entry in self.entries:
            if entry.filename in self.jinja_parts:
                yield entry, self.jinja_parts[entry.filename].generate(context)
            else:
                yield entry, self.static_parts[entry.filename]


def default_template_path() -> Path:
    """The template perfdocs ships: packaged beside the code, or ``templates/`` of a checkout."""
    package_dir = Path(__file__).resolve().parent
    for folder in (package_dir / "templates", package_dir.parent / "templates"):
        if (folder / "default.docx").is_file():
            return folder / "default.docx"
    raise TemplateError("找不到 perfdocs 自带的模板 default.docx：安装可能不完整，请重新安装 perfdocs。")


def as_template(template: Template | str | Path | None) -> Template:
    """A compiled template, given one, or the path of one, or None for the default."""
    return template if isinstance(template, Template) else load_template(template)


def load_template(path: str | Path | None = None) -> Template:
    """Read and compile a template (the default one when ``path`` is None)."""
    template_path = Path(path) if path is not None else default_template_path()
    environment = _environment()
    try:
        with zipfile.ZipFile(template_path) as archive:
            entries = tuple(archive.infolist())
            contents = {entry.filename: archive.read(entry) for entry in entries}
    except FileNotFoundError as error:
        raise TemplateError(f"找不到模板文件 {template_path}。") from error
    except zipfile.BadZipFile as error:
        raise TemplateError(f"模板 {template_path} 不是 Word 文档（.docx），或者已经损坏。") from error
    except OSError as error:
        raise TemplateError(f"无法读取模板 {template_path}：{describe_os_error(error)}。") from error
    if DOCUMENT_PART not in contents:
        raise TemplateError(f"模板 {template_path} 不是 Word 文档（.docx）：缺少 {DOCUMENT_PART}。")
    jinja_parts = {}
    for name, data in contents.items():
        if _RENDERED_PARTS.match(name) and (name == DOCUMENT_PART or b"{{" in data or b"{%" in data):
            jinja_parts[name] = _compile(environment, template_path, name, data)
    static_parts = {name: data for name, data in contents.items() if name not in jinja_parts}
    offset = _page_offset(contents[DOCUMENT_PART].decode("utf-8"))
    return Template(str(template_path), entries, static_parts, jinja_parts, offset)


def _page_offset(document: str) -> int | None:
    starts = re.findall(r'<w:pgNumType\b[^>]*\bw:start="(\d+)"', document)
    if not starts:
        return 0
    return int(starts[0]) - 1 if document.count("<w:sectPr") == 1 else None


class _Environment(SandboxedEnvironment):
    """The sandbox, with a fast path for the fields of perfdocs' own view objects.

    Those fields are plain text and tuples made for templates; asking the sandbox
    about each of them costs more than rendering them (tens of thousands a unit).
    Everything else a template touches goes through the sandbox's checks.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in VIEW_FIELDS.get(type(obj), ()):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)


def _environment() -> SandboxedEnvironment:
    """Autoescaping (values are text, never markup), sandboxed and without files to include
    (templates come from users)."""
    return _Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        loader=jinja2.DictLoader({}),
    )


def _compile(environment: SandboxedEnvironment, path: Path, name: str, data: bytes) -> jinja2.Template:
    source = cached_jinja(data)
    try:
        return environment.from_string(source)
    except jinja2.TemplateSyntaxError as error:
        near = _text_near(source, error.lineno)
        raise TemplateError(f"模板 {path} 的 {name} 中有标签写错了：{error.message}（附近的文字：{near}）") from error


def cached_jinja(data: bytes) -> str:
    """:func:`to_jinja` of a template part, remembered between runs.

    Turning a part into Jinja needs docxtpl, and importing docxtpl (with
    python-docx and lxml) takes longer than a small build; a part seen before is
    read back from the cache instead. A cache that cannot be written is no error.
    """
    key = hashlib.sha256(b"\0".join((data, __version__.encode(), _docxtpl_version().encode()))).hexdigest()
    cached = cache_folder() / f"{key}.jinja"
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass
    source = to_jinja(data.decode("utf-8"))
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(source, encoding="utf-8")
        os.replace(temporary, cached)
    return source


def cache_folder() -> Path:
    """Where perfdocs keeps what it can work out again: ``$PERFDOCS_CACHE``, else the user's cache folder."""
    configured = os.environ.get("PERFDOCS_CACHE")
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "perfdocs"


def _docxtpl_version() -> str:
    try:
        return importlib.metadata.version("docxtpl")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        return ""


def to_jinja(xml: str) -> str:
    """The Jinja source for one XML part of a template."""
    from docxtpl import DocxTemplate  # noqa: PLC0415 - heavy: loaded only when a template is compiled

    source: str = DocxTemplate(None).patch_xml(xml)
    source = _VMERGE_CELL.sub(_vmerge_cell, source)
    source = _rename_title_bookmark(source)
    # One paragraph or row a line, so that Jinja's line numbers point somewhere useful.
    return re.sub(r"<w:(p|tr)([ >])", r"\n<w:\1\2", source)


def _vmerge_cell(match: re.Match[str]) -> str:
    expression = match.group(1)
    cell = _VMERGE_TAG.sub("", match.group(0))
    merge = f'{{% if {expression} %}}<w:vMerge w:val="{{{{ {expression} }}}}"/>{{% endif %}}'
    if "<w:tcPr>" not in cell:
        cell = re.sub(r"^(<w:tc[^>]*>)", r"\1<w:tcPr></w:tcPr>", cell)
    start = cell.index("<w:tcPr>")
    properties_end = cell.index("</w:tcPr>", start)
    properties = re.sub(r"<w:vMerge\b[^>]*/>", "", cell[start:properties_end])
    properties = _BEFORE_VMERGE.sub(lambda m: m.group(1) + merge, properties, count=1)
    cell = cell[:start] + properties + cell[properties_end:]
    hidden = f'{{% if {expression} != "continue" %}}'
    return _CELL_TEXT.sub(lambda m: f"{m.group(1)}{hidden}{m.group(2)}{{% endif %}}{m.group(3)}", cell)


def _rename_title_bookmark(source: str) -> str:
    """Give each section's heading bookmark its own name and id."""
    for bookmark_id in _TITLE_BOOKMARK_ID.findall(source):
        for element in ("bookmarkStart", "bookmarkEnd"):
            source = source.replace(
                f'<w:{element} w:id="{bookmark_id}"', f'<w:{element} w:id="{{{{ section.bookmark_id }}}}"'
            )
    return source.replace(TITLE_BOOKMARK, "{{ section.bookmark }}")


def _text_near(source: str, line: int | None) -> str:
    lines = source.splitlines()
    if not line or line > len(lines):
        return ""
    text = re.sub(r"<[^>]+>", "", "".join(lines[max(line - 2, 0) : line + 1]))
    return text.strip()[:80]
