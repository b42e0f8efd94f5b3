"""The layout of one unit: what a rewritten template (:mod:`perfdocs.typeset.rewrite`) reads from the
context, the grid's widths, each cell's padding by its text and the headings broken in balance.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import jinja2
from markupsafe import Markup

from perfdocs.typeset.grid import LABEL_FIELDS, Grid, common_padding, padding
from perfdocs.typeset.headings import broken_title
from perfdocs.typeset.metrics import EM, Metrics, metrics
from perfdocs.typeset.rewrite import LAYOUT, Fitted, Heading
from perfdocs.typeset.widths import column_widths

#: A heading's prefix as the default template has it, "{{ section.number }}.": printed without Jinja.
_SIMPLE_PREFIX = re.compile(r"([^{}&<]*){{ section\.number }}([^{}&<]*)")
_NO_PAD = Markup("")


class _Pads(dict[Any, Markup]):
    """A column's cell padding (``w:tcMar``) by the text of the cell: nothing for a text not listed."""

    def __missing__(self, key: object) -> Markup:
        return _NO_PAD


def layout(fit: Fitted, sections: list[Any], measure: Metrics | None = None) -> dict[str, Any]:
    """What a rewritten template takes from the unit: ``widths`` (the grid's), and the look-ups its
    cells and heading read (``perfdocs_pads_2`` by text, ``perfdocs_titles`` by section number)."""
    measure = measure or metrics()
    result: dict[str, Any] = {}
    if fit.grid is not None:
        grid = fit.grid
        rows = [row for section in sections for project in section.projects for row in project.rows]
        columns = [Counter(getattr(row, name, "") for row in rows) if name else Counter() for name in grid.fields]
        widths = column_widths(grid, columns, measure)
        result["widths"] = widths
        for index, name in enumerate(grid.fields):
            if name and name not in LABEL_FIELDS:
                cell = replace(grid, widths=(widths[index],), fields=(name,))
                result[f"{LAYOUT}_pads_{index}"] = _pads(cell, columns[index], measure)
    if fit.info:
        projects = [project for section in sections for project in section.projects]
        for index, cell in enumerate(fit.info):
            result[f"{LAYOUT}_info_{index}"] = _info_pads(cell, projects, measure)
    if fit.heading is not None:
        result[f"{LAYOUT}_titles"] = _titles(fit.heading, sections, measure)
    return result


def _pads(cell: Grid, texts: Iterable[str], measure: Metrics) -> _Pads:
    """The padding of each text that needs some in a column (a grid of one column)."""
    found = _Pads()
    for text in texts:
        pad = padding(cell, cell.widths[0], text, measure)
        if pad:
            found[text] = _margin_xml(cell.margins, pad)
    return found


def _info_pads(cell: Grid, projects: list[Any], measure: Metrics) -> _Pads:
    """The padding of a project's cell outside the grid, by the text (or the goals) it prints."""
    name = cell.fields[0]
    if name != "goals":
        return _pads(cell, Counter(getattr(project, name, "") for project in projects), measure)
    found = _Pads()
    for project in projects:
        goals = tuple(project.goals)
        pad = common_padding(cell, tuple(f"{number}.{goal}" for number, goal in enumerate(goals, 1)), measure)
        if pad:
            found[goals] = _margin_xml(cell.margins, pad)
    return found


def _titles(heading: Heading, sections: list[Any], measure: Metrics) -> dict[int, Markup]:
    """Each section's heading title as XML, broken in balance where it wraps."""
    prefix, suffix, size, width = heading
    available = int(width / 20 / size * EM)
    simple = _SIMPLE_PREFIX.fullmatch(prefix)
    environment = jinja2.Environment(autoescape=False)
    before, after = environment.from_string(prefix), environment.from_string(suffix)
    titles = {}
    for section in sections:
        if simple:  # "{{ section.number }}." as the default template has it: no need for Jinja
            head = f"{simple.group(1)}{section.number}{simple.group(2)}"
        else:
            head = html.unescape(before.render(section=section))
        tail = html.unescape(after.render(section=section)) if suffix else ""
        titles[section.number] = broken_title(head, section.title, tail, available, measure)
    return titles


def _margin_xml(margins: tuple[int, int], pad: int) -> Markup:
    left, right = margins[0] + pad, margins[1] + pad
    return Markup(f'<w:tcMar><w:left w:w="{left}" w:type="dxa"/><w:right w:w="{right}" w:type="dxa"/></w:tcMar>')
