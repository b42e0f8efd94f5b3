"""Rendering a unit into a .docx through a compiled template, checked as it streams.

The rendered XML streams from Jinja into the ZIP archive in large chunks: the
document is never held whole in memory, so time and memory grow linearly with
the number of projects. As it streams, each rendered part is checked
(:mod:`perfdocs.wordxml`): its structure piece by piece, its well-formedness by
libxml2 in a thread of its own, and, for the document part, that the unit's
data reached the document's text: every section's title and every project's
name, amounts, purpose, goals and indicator rows, in order. A template that
breaks the XML or leaves data out is a TemplateError naming the template, the
part and the tag, and nothing is published.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import markupsafe
from jinja2.exceptions import SecurityError
from lxml import etree

from perfdocs import typeset
from perfdocs.errors import TemplateError
from perfdocs.layouts import Layout, get_layout
from perfdocs.layouts.views import Printed, ProjectView
from perfdocs.model import Unit
from perfdocs.ooxml.wordml import mark_fields_for_update
from perfdocs.output import atomic_path, check_replaceable, stamp
from perfdocs.package import DOCUMENT_PART, MAX_PART_SIZE
from perfdocs.prepared import Prepared, SectionView, prepare
from perfdocs.progress import Progress, silent
from perfdocs.sandbox import LimitError
from perfdocs.tags import describe_line
from perfdocs.template import Template, as_template
from perfdocs.wordxml import Skeleton, StructureError, WellFormed, xml_reason

_CHUNK = 1 << 20  # characters gathered before a write into the archive
SETTINGS_PART = "word/settings.xml"
_COMPRESSION = 1  # fastest: a large unit's XML compresses well anyway, and level 6 took a tenth of the build
_STRUCTURE_HINT = (
    "请检查这个标签：成对的标签（如 {% if %} 和 {% endif %}、{% for %} 和 {% endfor %}）要在同一个段落"
    "或同一个单元格里，循环和条件也不能让单元格、表格空着。"
)
_XML_HINT = "模板的 XML 可能被别的软件改坏了：请在 Word 中检查这里的表格和段落，另存一次。"
_UNDEFINED = (
    (re.compile(r"^'(.+?)' is undefined$"), r"“\1”没有定义"),
    (re.compile(r"^'(?:[\w.]+\.)?(\w+?)(?: object)?' has no attribute '(.+?)'$"), r"\1 没有“\2”这一项"),
)


def render_docx(
    unit: Unit | Prepared,
    output: str | Path,
    template: Template | str | Path | None = None,
    *,
    overwrite: bool = False,
    pages: dict[int, int] | None = None,
    progress: Progress = silent,
    layout: str | None = None,
) -> Path:
    """Render ``unit`` into a Word document at ``output`` and return its path, without laying it out.

    This only renders: it does not run LibreOffice, so unless ``pages`` is given the 目录 lists
    every title with its link but no page numbers, and the document asks Word and WPS to update
    its fields on opening (what ``perfdocs build --no-page-numbers`` makes). :func:`perfdocs.build`
    (a unit folder, checked) and :func:`perfdocs.write_document` (a :class:`~perfdocs.model.Unit`)
    make the document the command ``perfdocs build`` makes: laid out by LibreOffice, the 目录
    with page numbers, or a PDF.

    ``layout`` names the official form to print (:mod:`perfdocs.layouts`; the unit's 版式 when None).
    ``template`` is a compiled :class:`Template`, a path to a .docx, or None for the layout's own.
    ``pages`` (section number → page) fills the 目录's page numbers. An existing ``output`` is
    replaced only if perfdocs wrote it and it was not changed since, or with ``overwrite``.
    """
    target = Path(output)
    prepared = prepare(unit, layout)
    chosen = get_layout(prepared.layout)
    compiled = as_template(template, chosen)
    check_replaceable(target, overwrite=overwrite)
    context = prepared.context(pages)
    sections: list[SectionView] = context["sections"]
    if chosen.fit_columns:
        compiled, fitted = typeset.fit(compiled, sections)  # grid widths, cell padding, headings fitted to the unit
        context.update(fitted)
    items = _items(sections)
    if progress is not silent:
        context["sections"] = _reporting(sections, progress)
    with (
        atomic_path(target) as temporary,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSION) as archive,
    ):
        for entry, content in compiled.render_parts(context, items):
            info = zipfile.ZipInfo(entry.filename, entry.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info._compresslevel = _COMPRESSION  # type: ignore[attr-defined]  # a made ZipInfo ignores the archive's
            if isinstance(content, bytes):
                refresh = entry.filename == SETTINGS_PART and pages is None
                archive.writestr(info, mark_fields_for_update(content) if refresh else content)
                continue
            trail = _DataTrail(compiled.path, sections, chosen) if entry.filename == DOCUMENT_PART else None
            _Part(compiled, entry.filename, (context, items)).write(archive, info, content, trail)
        stamp(archive)
    return target


def _items(sections: list[SectionView]) -> int:
    """How much data a unit has for a template to go through: sections, projects, goals, rows."""
    projects = [project for section in sections for project in section.projects]
    return len(sections) + sum(1 + len(project.goals) + len(project.rows) for project in projects)


class _Part:
    """Writing one rendered part into the archive, checked, with errors that name the template's tag."""

    def __init__(self, compiled: Template, part: str, render: tuple[dict[str, Any], int]) -> None:
        self.compiled = compiled
        self.part = part
        self.where = f"模板 {compiled.path} 的 {part}"
        self.source = compiled.sources[part]
        self.jinja = compiled.jinja_parts[part]
        self.render = render  # the context and item count, to render again when locating an error

    def write(
        self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, rendered: Iterator[str], trail: _DataTrail | None
    ) -> None:
        skeleton, parser, written = Skeleton(), WellFormed(), 0
        try:
            with archive.open(info, "w") as stream:
                for chunk in self._chunks(rendered, skeleton):
                    data = self._encoded(chunk)
                    written += len(data)
                    if written > MAX_PART_SIZE:
                        raise TemplateError(
                            f"{self.where} 生成的内容超过了 {MAX_PART_SIZE // 2**20} MB 的上限："
                            "模板可能在循环中反复印出内容；单位的项目确实这么多时，请分成几个单位。"
                        )
                    stream.write(data)
                    parser.feed(data)
                    if trail:
                        trail.read(skeleton.take_text())
                skeleton.close()
                parser.close()
        except StructureError as error:
            raise TemplateError(f"{self.where} 生成的 XML 不对，Word 会打不开：{error}。{_STRUCTURE_HINT}") from error
        except etree.XMLSyntaxError as error:
            raise self._malformed(error) from error
        finally:
            parser.stop()
        if trail:
            trail.read(skeleton.take_text())
            trail.close()

    def _encoded(self, chunk: str) -> bytes:
        try:
            return chunk.encode("utf-8")
        except UnicodeEncodeError as error:  # a lone surrogate ("\ud800"), which no document can hold
            raise TemplateError(
                f"{self.where} 生成了 Word 文档中不能有的字符 U+{ord(chunk[error.start]):04X}："
                "请检查模板中写出这个字符的标签。"
            ) from error

    def _chunks(self, rendered: Iterator[str], skeleton: Skeleton) -> Iterator[str]:
        """Join Jinja's many small strings into large ones, each checked by ``skeleton``; errors become ours."""
        pieces: list[str] = []
        size = count = 0
        try:
            for piece in rendered:
                pieces.append(piece)
                size += len(piece)
                if size >= _CHUNK:
                    skeleton.feed(pieces)
                    count += len(pieces)
                    yield "".join(pieces)
                    pieces, size = [], 0
            skeleton.feed(pieces)
        except StructureError as error:
            tag = describe_line(self.source, self._line_of_piece(count + error.index, error.offset))
            hint = _STRUCTURE_HINT if tag.startswith("标签") else _XML_HINT
            raise TemplateError(
                f"{self.where} 生成的 XML 不对，Word 会打不开：{error}。问题出在{tag}。{hint}"
            ) from error
        except Exception as error:
            raise self._failed(error) from error
        yield "".join(pieces)

    def _failed(self, error: Exception) -> TemplateError:
        """A render that raised, in words, at the tag it was rendering."""
        message = getattr(error, "message", None) or ""
        named = re.search(r"attribute '([^']+)'", message) or re.search(r"'([^']+)'", message)
        tag = describe_line(
            self.source, _failing_line(error.__traceback__), named[1] if named else "", statements=False
        )

        if isinstance(error, jinja2.UndefinedError):
            return TemplateError(
                f"{self.where} 中的{tag}用到了不存在的数据：{_undefined(error.message or '')}。"
                "模板能用的数据见 README 的“模板”一节。"
            )
        if isinstance(error, SecurityError):
            return TemplateError(
                f"{self.where} 中的{tag}试图访问 Python 内部（{error.message}）：模板只能用 unit、sections 及其字段。"
            )
        if isinstance(error, RecursionError):
            reason = "宏或循环无休止地调用自己"
        elif isinstance(error, LimitError):
            reason = str(error)
        elif isinstance(error, jinja2.TemplateError):
            reason = error.message or type(error).__name__
        else:
            reason = f"{type(error).__name__}: {error}"
        return TemplateError(f"{self.where} 中的{tag}无法渲染：{reason}。")

    def _malformed(self, error: etree.XMLSyntaxError) -> TemplateError:
        line, column = error.position
        tag = describe_line(self.source, self._line_at(line, column), statements=False)
        return TemplateError(
            f"{self.where} 生成的 XML 不合法（第 {line} 行第 {column} 列：{xml_reason(error)}），Word 会打不开。"
            f"问题出在{tag}：请检查它印出的内容和它前后的标签。"
        )

    def _line_of(self, rendered: Iterator[str], piece: str, offset: int = 0) -> int:
        """The template line that rendered ``piece`` (its character at ``offset``), just yielded by ``rendered``.

        Jinja knows the line of the statement it stands at; text of the template
        itself is yielded without a line of its own, so it is looked for in the
        source from that statement on.
        """
        line = _current_line(rendered, self.jinja)
        if isinstance(piece, markupsafe.Markup):  # a value: its statement is its tag
            return line
        line_start = sum(len(text) + 1 for text in self.source.split("\n")[: max(line - 1, 0)])
        found = self.source.find(piece, line_start)
        return self.source.count("\n", 0, found + offset) + 1 if found >= 0 else line

    def _again(self) -> Iterator[str]:
        """The part rendered once more, the same way (to find where an error arose)."""
        context, items = self.render
        rendered = next(
            content for entry, content in self.compiled.render_parts(context, items) if entry.filename == self.part
        )
        assert not isinstance(rendered, bytes)
        return rendered

    def _line_of_piece(self, index: int, offset: int) -> int:
        """The template line that rendered the ``index``-th piece of the part (its character at ``offset``)."""
        rendered = self._again()
        try:
            for number, piece in enumerate(rendered):
                if number == index:
                    return self._line_of(rendered, piece, offset)
        except Exception:
            return 0
        return 0

    def _line_at(self, line: int, column: int) -> int:
        """The template line that rendered the output at ``line``:``column``."""
        rendered = self._again()
        row, col = 1, 1
        try:
            for piece in rendered:
                newlines = piece.count("\n")
                row, col = (row + newlines, len(piece) - piece.rfind("\n")) if newlines else (row, col + len(piece))
                if (row, col) >= (line, column):
                    return self._line_of(rendered, piece)
        except Exception:
            return 0
        return 0


def _current_line(rendered: Iterator[str], template: jinja2.Template) -> int:
    """The template line of the statement a suspended render stands at."""
    inner: Any = rendered
    while getattr(inner, "gi_yieldfrom", None) is not None:
        inner = inner.gi_yieldfrom
    frame = getattr(inner, "gi_frame", None)
    return template.get_corresponding_lineno(frame.f_lineno) if frame is not None else 0


def _failing_line(trace: TracebackType | None) -> int:
    """The template line an error was raised at (Jinja rewrites its traceback to point into the template)."""
    line = 0
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _undefined(message: str) -> str:
    for pattern, words in _UNDEFINED:
        if pattern.match(message):
            return pattern.sub(words, message)
    return message


class _DataTrail:
    """Follows the document text, checking that the unit's data appears in it, in order.

    Both sides are compared without whitespace, which Word does not show where a
    template puts it between runs. Only the text after the last match is kept, as
    much as the next item could still need: memory stays flat.
    """

    def __init__(self, template: str, sections: list[SectionView], layout: Layout) -> None:
        self.template = template
        self.items = _expected(sections, layout)
        self.wanted = next(self.items, None)
        self.buffer = ""

    def read(self, text: str) -> None:
        """Follow more of the document's text (as the XML has it, escaped)."""
        buffer = self.buffer + "".join(html.unescape(text).split())
        position = 0
        while self.wanted is not None:
            found = buffer.find(self.wanted[0], position)
            if found < 0:
                break
            position = found + len(self.wanted[0])
            self.wanted = next(self.items, None)
        keep = len(self.wanted[0]) - 1 if self.wanted else 0
        self.buffer = buffer[max(position, len(buffer) - keep) :]

    def close(self) -> None:
        """TemplateError naming the first item the document did not show, if any."""
        if self.wanted is None:
            return
        label, owner, number, value = self.wanted[1]
        if isinstance(owner, SectionView):
            what = f"第 {owner.number} 节的标题"
        else:
            where = f"第 {number} 条" if label in _LIST_LABELS else f"第 {number} 个指标的" if number else ""
            what = f"项目“{owner.name}”的{where}{label}"
        shown = value if len(value) <= 30 else value[:30] + "…"
        raise TemplateError(
            f"模板 {self.template} 生成的文档里没有{what}“{shown}”：模板漏印了它，或者把它印在了看不到的地方"
            "（域代码、属性里）。请检查模板中印这一项的标签，可对照 perfdocs 自带的模板。"
        )


#: What the document must show: which field, of which section or project, which goal or row, the value.
_Item = tuple[str, SectionView | ProjectView, int, str]


def _expected(sections: list[SectionView], layout: Layout) -> Iterator[tuple[str, _Item]]:
    """Each item the document must show, in order, squeezed (without whitespace), with what it is."""
    printed = layout.view.PRINTED
    for section in sections:
        items: list[_Item] = [("标题", section, 0, section.title)] if layout.headings else []
        for project in section.projects:
            items += _project_items(project, printed)
        for item in items:
            squeezed = "".join(item[3].split())
            if squeezed:
                yield squeezed, item


def _project_items(project: ProjectView, printed: Printed) -> list[_Item]:
    items: list[_Item] = []
    for field, label in printed.project:
        value = getattr(project, field)
        if isinstance(value, tuple):
            items += [(label, project, number, item) for number, item in enumerate(value, start=1)]
        else:
            items.append((label, project, 0, value))
    for number, row in enumerate(project.rows, start=1):
        items += [
            (label, project, number, getattr(row, field))
            for field, label in printed.row
            if field not in _MERGES or getattr(row, _MERGES[field]) != "continue"  # a merged cell prints once
        ]
    return items


#: The labels of a project's fields that are lists (their items are numbered in messages).
_LIST_LABELS = ("绩效目标", "年度总体目标")
#: The row field that says whether a cell continues a merge (and prints nothing of its own).
_MERGES = {"level1": "level1_merge", "level2": "level2_merge"}


class _Counted(tuple[ProjectView, ...]):
    """A section's projects that report to ``progress`` as the template reaches each one."""

    report: Callable[[], None]

    def __iter__(self) -> Iterator[ProjectView]:
        for project in super().__iter__():
            yield project
            self.report()


def _reporting(sections: list[SectionView], progress: Progress) -> list[SectionView]:
    total = sum(len(section.projects) for section in sections)
    done = 0

    def report() -> None:
        nonlocal done
        done += 1
        progress("生成文档", done, total)

    counted = []
    for section in sections:
        projects = _Counted(section.projects)
        projects.report = report
        counted.append(replace(section, projects=projects))
    return counted
