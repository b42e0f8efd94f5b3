"""The template rewritten once to take its layout from the unit (:func:`fitted`): its grid's
``w:gridCol``/``w:tcW`` widths become placeholders that :func:`specialized` fills in, and each body
cell's padding and the heading's title become look-ups into what :func:`perfdocs.typeset.unit.layout`
computes per unit (``perfdocs_pads_2`` by the cell's text, ``perfdocs_titles`` by section number).
Only the heading paragraph gets the balanced title, not the 目录 or the bookmark.

A template without an indicator grid, a heading bookmark or a padded cell is left as it is.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace

from perfdocs.ooxml.wordml import after_cell_margins
from perfdocs.package import DOCUMENT_PART
from perfdocs.template import Template
from perfdocs.typeset.grid import LABEL_FIELDS, Grid

#: What the rewritten template's look-ups are named after: ``perfdocs_pads_2``, ``perfdocs_titles``.
LAYOUT = "perfdocs"

#: The heading: its title's prefix and suffix (Jinja), its text size (points), its line width (twips).
Heading = tuple[str, str, float, int]


@dataclass(frozen=True, eq=False)
class Fitted:
    """A template rewritten to take its layout from :func:`perfdocs.typeset.fit`, and what that layout needs.

    ``source`` is the document part's Jinja source with the grid's widths left as placeholders
    (``PERFDOCS-GRID-0``, ``PERFDOCS-CELL-3``): a unit's widths are written in and compiled once per
    set of widths (:func:`specialized`), the same for every row, so they cost nothing per row.
    """

    template: Template
    grid: Grid | None
    cells: tuple[tuple[int, int], ...]  # each rewritten tcW of the grid: its first column, how many it spans
    heading: Heading | None
    info: tuple[Grid, ...] = ()  # other cells that print one project field: each as a grid of one column
    source: str = ""


_REWRITTEN: dict[int, tuple[weakref.ref[Template], Fitted]] = {}
_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.DOTALL)
_ROWS_LOOP = re.compile(r"{%-?\s*for\s+(\w+)\s+in\s+[\w.]*\brows\s*-?%}")
_ROW = re.compile(r"<w:tr[ >].*?</w:tr>", re.DOTALL)
_CELL = re.compile(r"<w:tc[ >].*?</w:tc>", re.DOTALL)
_GRID_COL = re.compile(r'(<w:gridCol w:w=")(\d+)(")')
_TCW = re.compile(r'(<w:tcW w:w=")(\d+)(" w:type="dxa"/>)')
_SPAN = re.compile(r'<w:gridSpan w:val="(\d+)"/>')
_TEXT = re.compile(r"<w:t(?: [^>]*)?>(.*?)</w:t>", re.DOTALL)
_MARGIN = re.compile(r"<w:tblCellMar>.*?</w:tblCellMar>", re.DOTALL)
_HEADING = re.compile(r"<w:p[ >](?:(?!<w:p[ >]).)*?<w:bookmarkStart [^>]*{{ section\.bookmark }}.*?</w:p>", re.DOTALL)
_SIZE = re.compile(r'<w:sz w:val="(\d+)"/>')
_PROJECT_FIELD = re.compile(r"{{ (project)\.(name|purpose|goals) }}")
_GOALS_LOOP = re.compile(r"{%-?\s*for\s+(\w+)\s+in\s+project\.goals\s*-?%}")
#: A goal's paragraph as the default template prints it: "1.目标".
_GOAL_TEXT = r"{{{{ loop\.index }}}}\.{{{{ {} }}}}"


def fitted(template: Template) -> Fitted:
    """``template`` rewritten for :func:`perfdocs.typeset.unit.layout` (once per compiled template)."""
    known = _REWRITTEN.get(id(template))
    if known is not None and known[0]() is template:
        return known[1]
    result = _rewrite(template)
    _REWRITTEN[id(template)] = (weakref.ref(template, lambda _: _REWRITTEN.pop(id(template), None)), result)
    return result


def _rewrite(template: Template) -> Fitted:
    source = template.sources.get(DOCUMENT_PART)
    if source is None:
        return Fitted(template, None, (), None)
    styles = template.static_parts.get("word/styles.xml", b"").decode("utf-8", "replace")
    grid, cells, source = _rewrite_grid(source, styles)
    info, source = _rewrite_info(source, styles)
    heading, source = _rewrite_heading(source, styles)
    if grid is None and heading is None and not info:
        return Fitted(template, None, (), None)
    return Fitted(template, grid, cells, heading, info, source)


@functools.lru_cache(maxsize=16)
def specialized(fit: Fitted, widths: tuple[int, ...]) -> Template:
    """The rewritten template with the grid's ``widths`` written in, compiled (once per set of widths)."""
    source = re.sub(r"PERFDOCS-GRID-(\d+)", lambda m: str(widths[int(m.group(1))]), fit.source)
    cells = [str(sum(widths[start : start + span])) for start, span in fit.cells]
    source = re.sub(r"PERFDOCS-CELL-(\d+)", lambda m: cells[int(m.group(1))], source)
    compiled = fit.template.jinja_parts[DOCUMENT_PART].environment.from_string(source)
    return replace(
        fit.template,
        jinja_parts={**fit.template.jinja_parts, DOCUMENT_PART: compiled},
        sources={**fit.template.sources, DOCUMENT_PART: source},
    )


def _rewrite_grid(source: str, styles: str) -> tuple[Grid | None, tuple[tuple[int, int], ...], str]:
    for table in _TABLE.finditer(source):
        xml = table.group(0)
        loop = _ROWS_LOOP.search(xml)
        columns = [int(width) for _, width, _ in _GRID_COL.findall(xml)]
        if loop is None or not columns or "<w:tbl>" in xml[5:]:
            continue
        variable = loop.group(1)
        header = xml[: loop.start()]
        body = next((row.group(0) for row in _ROW.finditer(xml, loop.end())), "")
        labels = _cell_texts(header, len(columns))
        fields = [""] * len(columns)
        for start, span, cell in _cells(body):
            text = "".join(_TEXT.findall(cell))
            found = re.findall(rf"{{{{\s*{variable}\.(\w+)\s*}}}}", text)
            if span == 1 and len(found) == 1 and not re.sub(r"{[{%].*?[%}]}", "", text).strip():
                fields[start] = found[0]
        if not any(fields):
            continue
        grid = Grid(tuple(columns), _margins(xml), _text_size(xml, styles), tuple(labels), tuple(fields))
        new_xml, cells = _GridRewriter(variable, fields, body).rewrite(xml)
        return grid, cells, source[: table.start()] + new_xml + source[table.end() :]
    return None, (), source


def _rewrite_info(source: str, styles: str) -> tuple[tuple[Grid, ...], str]:
    """The cells outside the grid that print one field of the project (项目名称, 资金用途), each padded
    by a look-up like the grid's cells."""
    found: list[Grid] = []
    pieces_, position = [], 0
    for table in _TABLE.finditer(source):
        xml = table.group(0)
        if _ROWS_LOOP.search(xml) or "<w:tbl>" in xml[5:]:
            continue
        margins, size = _margins(xml), _text_size(xml, styles)
        for cell in _CELL.finditer(xml):
            text = "".join(_TEXT.findall(cell.group(0)))
            goals = _GOALS_LOOP.search(cell.group(0))
            if goals and re.fullmatch(_GOAL_TEXT.format(re.escape(goals.group(1))), text):
                text = "{{ project.goals }}"  # each goal a paragraph: padded as one, by all the goals' lines
            field = _PROJECT_FIELD.fullmatch(text)
            width = _TCW.search(cell.group(0))
            paragraphs = cell.group(0).count("<w:p>") + cell.group(0).count("<w:p ")
            statements = cell.group(0).count("{%") > (2 if goals else 0)  # printed only sometimes, or twice
            if field is None or width is None or paragraphs != 1 or statements:
                continue
            grid = Grid((int(width.group(2)),), margins, size, ((),), (field.group(2),))
            padded = _padded(cell.group(0), f"{field.group(1)}.{field.group(2)}", len(found), "info")
            if padded == cell.group(0):
                continue
            found.append(grid)
            start = table.start() + cell.start()
            pieces_ += [source[position:start], padded]
            position = table.start() + cell.end()
    return tuple(found), "".join(pieces_) + source[position:]


class _GridRewriter:
    """The grid's widths and its body cells' padding, as look-ups into the layout."""

    def __init__(self, variable: str, fields: list[str], body: str) -> None:
        self.variable, self.fields, self.body = variable, fields, body
        self.cells: list[tuple[int, int]] = []
        self.columns = 0

    def rewrite(self, xml: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        xml = _ROW.sub(self._row, xml)
        xml = _GRID_COL.sub(self._grid_column, xml)
        return xml, tuple(self.cells)

    def _grid_column(self, match: re.Match[str]) -> str:
        self.columns += 1
        return f"{match.group(1)}PERFDOCS-GRID-{self.columns - 1}{match.group(3)}"

    def _row(self, match: re.Match[str]) -> str:
        row, pieces_, position = match.group(0), [], 0
        for (start, span, _), cell in zip(_cells(row), _CELL.finditer(row), strict=True):
            self.cells.append((start, span))
            lookup = f"PERFDOCS-CELL-{len(self.cells) - 1}"
            xml = _TCW.sub(rf"\g<1>{lookup}\g<3>", cell.group(0), count=1)
            field = self.fields[start] if span == 1 and start < len(self.fields) else ""
            if row == self.body and field and field not in LABEL_FIELDS:  # labels: on one line, never padded
                xml = _padded(xml, f"{self.variable}.{self.fields[start]}", start)
            pieces_ += [row[position : cell.start()], xml]
            position = cell.end()
        return "".join(pieces_) + row[position:]


def _padded(cell: str, value: str, column: int, kind: str = "pads") -> str:
    """A cell's properties with its padding, looked up by the text it prints."""
    end = cell.find("</w:tcPr>")
    if end < 0 or "<w:tcMar" in cell[:end]:
        return cell
    after = after_cell_margins().search(cell, 0, end)
    at = after.start() if after else end
    return cell[:at] + f"{{{{ {LAYOUT}_{kind}_{column}[{value}] }}}}" + cell[at:]


def _cells(row: str) -> Iterator[tuple[int, int, str]]:
    start = 0
    for cell in _CELL.finditer(row):
        span_match = _SPAN.search(cell.group(0))
        span = int(span_match.group(1)) if span_match else 1
        yield start, span, cell.group(0)
        start += span


def _cell_texts(rows: str, count: int) -> list[tuple[str, ...]]:
    labels: list[list[str]] = [[] for _ in range(count)]
    for row in _ROW.finditer(rows):
        for start, span, cell in _cells(row.group(0)):
            if span == 1 and start < count:
                text = "".join(_TEXT.findall(cell))
                if "{" not in text:
                    labels[start].append(text)
    return [tuple(label) for label in labels]


def _margins(table: str) -> tuple[int, int]:
    found = _MARGIN.search(table)
    xml = found.group(0) if found else ""
    left = re.search(r'<w:(?:left|start) w:w="(\d+)"', xml)
    right = re.search(r'<w:(?:right|end) w:w="(\d+)"', xml)
    return (int(left.group(1)) if left else 108, int(right.group(1)) if right else 108)


def _style_size(styles: str, style: str) -> float | None:
    found = re.search(rf'<w:style [^>]*w:styleId="{re.escape(style)}".*?</w:style>', styles, re.DOTALL)
    size = _SIZE.search(found.group(0)) if found else None
    return int(size.group(1)) / 2 if size else None


def _text_size(xml: str, styles: str) -> float:
    """The text size (points) in ``xml``: its first ``w:sz``, else its paragraph style's, else Normal's
    (what the other styles are based on), else 五号 (10.5 pt)."""
    style = re.search(r'<w:pStyle w:val="([^"]+)"/>', xml)
    size = _SIZE.search(xml)
    if size:
        return int(size.group(1)) / 2
    return (_style_size(styles, style.group(1)) if style else None) or _style_size(styles, "Normal") or 10.5


def _rewrite_heading(source: str, styles: str) -> tuple[Heading | None, str]:
    """The heading paragraph with its title looked up in the layout (broken in balance)."""
    found = _HEADING.search(source)
    if found is None:
        return None, source
    paragraph = found.group(0)
    text = "".join(_TEXT.findall(paragraph))
    if text.count("{{ section.title }}") != 1 or re.search(r"{%", text):
        return None, source
    prefix, suffix = text.split("{{ section.title }}")
    width = _text_width(source)
    new = paragraph.replace("{{ section.title }}", f"{{{{ {LAYOUT}_titles[section.number] }}}}", 1)
    return (prefix, suffix, _text_size(paragraph, styles), width), source[: found.start()] + new + source[found.end() :]


def _text_width(source: str) -> int:
    """The text block's width (twips) from the body's section properties (A4 at 156 mm otherwise)."""
    page = re.search(r'<w:pgSz w:w="(\d+)"', source)
    margins = re.search(r'<w:pgMar [^>]*?w:right="(\d+)"[^>]*?w:left="(\d+)"', source)
    if page and margins:
        return int(page.group(1)) - int(margins.group(1)) - int(margins.group(2))
    return 8844
