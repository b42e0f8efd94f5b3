"""Rendering a unit into a .docx through a compiled template.

The rendered XML streams from Jinja into the ZIP archive in large chunks: the
document is never held whole in memory nor parsed again, so time and memory
grow linearly with the number of projects.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import jinja2

from perfdocs.context import Prepared, ProjectView, SectionView, prepare
from perfdocs.errors import TemplateError
from perfdocs.model import Unit
from perfdocs.output import atomic_path, check_replaceable, stamp
from perfdocs.progress import Progress, silent
from perfdocs.template import Template, as_template

_CHUNK = 1 << 20  # characters gathered before a write into the archive
SETTINGS_PART = "word/settings.xml"
_COMPRESSION = 1  # fastest: a large unit's XML compresses well anyway, and level 6 took a tenth of the build
# The children of w:settings that the schema puts after w:updateFields.
_AFTER_UPDATE_FIELDS = re.compile(
    r"<(?:\w+:)?(?:hdrShapeDefaults|footnotePr|endnotePr|compat|docVars|rsids|mathPr|attachedSchema|"
    r"themeFontLang|clrSchemeMapping|doNotIncludeSubdocsInStats|doNotAutoCompressPictures|forceUpgrade|"
    r"captions|readModeInkLockDown|smartTagType|schemaLibrary|shapeDefaults|doNotEmbedSmartTags|"
    r"decimalSymbol|listSeparator)\b"
)


def render_docx(
    unit: Unit | Prepared,
    output: str | Path,
    template: Template | str | Path | None = None,
    *,
    overwrite: bool = False,
    pages: dict[int, int] | None = None,
    progress: Progress = silent,
) -> Path:
    """Write ``unit`` as a Word document at ``output`` and return its path.

    ``template`` is a compiled :class:`Template`, a path to a .docx, or None for
    the default. ``pages`` (section number → page) fills the 目录's page numbers;
    without them the document asks Word and WPS to update its fields on opening.
    An existing ``output`` is replaced only if perfdocs wrote it and it was not
    changed since, or with ``overwrite``.
    """
    target = Path(output)
    compiled = as_template(template)
    check_replaceable(target, overwrite=overwrite)
    context = prepare(unit).context(pages)
    if progress is not silent:
        context["sections"] = _reporting(context["sections"], progress)
    with (
        atomic_path(target) as temporary,
        zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESSION) as archive,
    ):
        for entry, content in compiled.render_parts(context):
            info = zipfile.ZipInfo(entry.filename, entry.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(content, bytes):
                refresh = entry.filename == SETTINGS_PART and pages is None
                archive.writestr(info, mark_fields_for_update(content) if refresh else content)
            else:
                with archive.open(info, "w") as stream:
                    for chunk in _chunks(content, compiled.path, entry.filename):
                        stream.write(chunk.encode("utf-8"))
        stamp(archive)
    return target


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


def mark_fields_for_update(settings: bytes) -> bytes:
    """Add ``<w:updateFields w:val="true"/>``: Word and WPS then refresh the 目录 when they open the file."""
    text = settings.decode("utf-8")
    if "<w:updateFields" in text:
        return settings
    following = _AFTER_UPDATE_FIELDS.search(text)
    if following is None and "</w:settings>" not in text:  # <w:settings/>: nothing set, nothing after
        return re.sub(
            r"<w:settings\b([^>]*)/>", r'<w:settings\1><w:updateFields w:val="true"/></w:settings>', text
        ).encode()
    position = following.start() if following else text.rindex("</w:settings>")
    return (text[:position] + '<w:updateFields w:val="true"/>' + text[position:]).encode("utf-8")


def _chunks(rendered: Iterator[str], template_path: str, part: str) -> Iterator[str]:
    """Join Jinja's many small strings into large ones; template errors become ours."""
    buffer: list[str] = []
    size = 0
    try:
        for piece in rendered:
            buffer.append(piece)
            size += len(piece)
            if size >= _CHUNK:
                yield "".join(buffer)
                buffer, size = [], 0
    except jinja2.UndefinedError as error:
        raise TemplateError(f"模板 {template_path} 的 {part} 用到了不存在的数据：{error.message}。") from error
    except jinja2.TemplateError as error:
        raise TemplateError(f"模板 {template_path} 的 {part} 无法渲染：{error.message}。") from error
    except Exception as error:  # a user's template ran into an error of its own making
        raise TemplateError(f"模板 {template_path} 的 {part} 无法渲染：{type(error).__name__}: {error}。") from error
    yield "".join(buffer)
