"""The indicator grid as typesetting sees it: its columns, the line width of a cell, and the padding
(``w:tcMar``) that sends one more character down to a cell's last line, so that it does not end in a
lone character, without taking another line.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from perfdocs.typeset.lines import TOLERANCE, Shape, one_line_width, pieces, shape_cost, shape_of
from perfdocs.typeset.metrics import EM, Metrics, metrics


@dataclass(frozen=True)
class Grid:
    """The indicator grid of a template: its columns and what prints in them. A cell outside the grid
    that prints one field is measured as a grid of one column."""

    widths: tuple[int, ...]  # the template's, twips
    margins: tuple[int, int]  # cell padding left and right, twips
    size: float  # text size, points
    labels: tuple[tuple[str, ...], ...]  # per column: the header's text
    fields: tuple[str, ...]  # per column: the row field its body cell prints ("" for none)


#: Fields whose values are labels: each on one line, never padded.
LABEL_FIELDS = frozenset({"level1", "level2"})
#: The paddings tried: 1/1000 em taken off the line, in steps of a sixth of an em.
_PAD_STEPS = tuple(range(EM // 6, 2 * EM + 1, EM // 6))


def available(width_twips: int, grid: Grid, pad: int = 0) -> int:
    """The line width (1/1000 em) of a cell ``width_twips`` wide, padded ``pad`` more each side."""
    inner = width_twips - grid.margins[0] - grid.margins[1] - 2 * pad
    return int(inner / 20 / grid.size * EM)


@functools.lru_cache(maxsize=65536)
def pad_fix(shape: Shape, line: int) -> int:
    """The least width (1/1000 em) to take off a line of ``line`` so that ``shape`` keeps its number of
    lines and leaves no lone character; 0 if it leaves none anyway, -1 if no padding helps."""
    number, lone = shape_cost(shape, line)
    if not lone:
        return 0
    for less in _PAD_STEPS:
        if line - less < 2 * EM:
            break
        more, still = shape_cost(shape, line - less)
        if more > number:
            break
        if not still:
            return less
    return -1


@functools.lru_cache(maxsize=1 << 16)  # the rounds of a layout ask again for the same texts
def padding(grid: Grid, width: int, text: str, measure: Metrics | None = None) -> int:
    """Extra padding (twips, each side) that keeps ``text`` from leaving a lone character in a cell
    ``width`` wide, without taking more lines: the least that does; 0 when none is needed or none helps."""
    measure = measure or metrics()
    line = available(width, grid)
    if one_line_width(text, measure) <= line - TOLERANCE:  # one line
        return 0
    less = pad_fix(shape_of(pieces(text, measure)), line)
    return _each_side(less, grid) if less > 0 else 0


@functools.lru_cache(maxsize=1 << 15)
def common_padding(cell: Grid, texts: tuple[str, ...], measure: Metrics) -> int:
    """The least padding (twips, each side) that leaves none of the paragraphs ``texts`` of one cell with
    a lone character, and none on more lines; 0 when none is needed or none does."""
    line = available(cell.widths[0], cell)
    long = [shape_of(pieces(text, measure)) for text in texts if one_line_width(text, measure) > line - TOLERANCE]
    if not any(shape_cost(shape, line)[1] for shape in long):
        return 0
    lines_now = [shape_cost(shape, line)[0] for shape in long]
    for less in _PAD_STEPS:
        found = [shape_cost(shape, line - less) for shape in long]
        if any(number > before for (number, _), before in zip(found, lines_now, strict=True)):
            return 0
        if not any(lone for _, lone in found):
            return _each_side(less, grid=cell)
    return 0


def _each_side(less: int, grid: Grid) -> int:
    """``less`` (1/1000 em off the line) as padding on each side: half of it, in whole twips, rounded up."""
    return -(-round(less * grid.size * 20 / EM) // 2)
