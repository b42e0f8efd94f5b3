"""The indicator grid's column widths for a whole unit (every grid of the unit alike, so that they
align), within the width the template gives the grid: every label (the header, 一级 and 二级 指标) on
one line, then as few lone characters, and as few lines, as can be, close to the template's widths.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from perfdocs.typeset.grid import LABEL_FIELDS, Grid, available, pad_fix
from perfdocs.typeset.lines import TOLERANCE, Shape, pieces, shape_cost, shape_of
from perfdocs.typeset.metrics import EM, Metrics, metrics

#: Candidate column widths step by this many twips (a sixth of a 10.5 pt character).
STEP = 35
#: Distinct texts of a column measured when choosing widths; a larger unit is sampled evenly.
SAMPLE = 4000
#: Cost of one lone character, of one padded cell, of one line (row height), of one em away from the
#: template's widths.
LONE_COST, PAD_COST, LINE_COST, MOVE_COST = 1000, 20, 1, 0.3


class _Column:
    """One column's texts, grouped by shape, and its cost at each candidate width."""

    def __init__(self, grid: Grid, labels: Iterable[str], texts: Counter[str], measure: Metrics) -> None:
        self.grid = grid
        self.labels = [pieces(label, measure) for label in labels if label.strip()]
        shapes: Counter[Shape] = Counter()
        for text, count in _sampled(texts):
            shapes[shape_of(pieces(text, measure))] += count
        self.shapes = [(shape, sum(w + sp for w, sp, _, _ in shape), count) for shape, count in shapes.items()]
        self._costs: dict[int, float] = {}

    def minimum(self) -> int:
        """The narrowest width (twips) that keeps every label on one line, with a little to spare."""
        widest = max((sum(p.width + p.space for p in parts) - parts[-1].space for parts in self.labels), default=EM)
        inner = (widest + TOLERANCE) * self.grid.size * 20 / EM
        return int(inner) + self.grid.margins[0] + self.grid.margins[1] + 1

    def cost(self, width: int) -> float:
        known = self._costs.get(width)
        if known is None:
            line = available(width, self.grid)
            known = 0.0
            for shape, total, count in self.shapes:
                if total <= line - TOLERANCE:
                    known += LINE_COST * count
                    continue
                number, _ = shape_cost(shape, line)
                fix = pad_fix(shape, line)
                known += (LINE_COST * number + (LONE_COST if fix < 0 else PAD_COST if fix else 0)) * count
            self._costs[width] = known
        return known


def _sampled(texts: Counter[str]) -> list[tuple[str, int]]:
    """The column's distinct texts, or an even sample of them (counted for all) in a very large unit."""
    items = sorted(texts.items())
    if len(items) <= SAMPLE:
        return items
    every = len(items) / SAMPLE
    scale = sum(texts.values()) / sum(count for _, count in items[:: max(int(every), 1)])
    return [(text, round(count * scale)) for text, count in items[:: max(int(every), 1)]]


def column_widths(grid: Grid, columns: list[Counter[str]], measure: Metrics | None = None) -> tuple[int, ...]:
    """The grid's widths (twips, summing to the template's) for a unit whose columns hold ``columns``.

    Labels stay on one line; then the fewest lone characters, the fewest lines, the least change from
    the template's widths. A local search over moves of width from one column to another.
    """
    measure = measure or metrics()
    total = sum(grid.widths)
    fitted = [
        _Column(
            grid,
            [*grid.labels[index], *(columns[index] if grid.fields[index] in LABEL_FIELDS else ())],
            Counter() if grid.fields[index] in LABEL_FIELDS else columns[index],
            measure,
        )
        for index in range(len(grid.widths))
    ]
    minimums = [column.minimum() for column in fitted]
    if sum(minimums) > total:  # labels that cannot all fit: the template's widths
        return grid.widths
    widths = [max(width, minimum) for width, minimum in zip(grid.widths, minimums, strict=True)]
    while sum(widths) > total:  # the template's widths made room for the labels: take it from the widest
        index = max(range(len(widths)), key=lambda i: widths[i] - minimums[i])
        widths[index] -= min(STEP, sum(widths) - total)
    widths[-1] += total - sum(widths)

    def cost(index: int, width: int) -> float:
        moved = abs(width - grid.widths[index]) / 20 / grid.size
        return fitted[index].cost(width) + MOVE_COST * moved

    current = [cost(index, width) for index, width in enumerate(widths)]
    for _ in range(100):
        improved: tuple[float, int, int, int] | None = None
        for giver in range(len(widths)):
            for steps in range(1, 61):
                amount = steps * STEP
                if widths[giver] - amount < minimums[giver]:
                    break
                loss = cost(giver, widths[giver] - amount) - current[giver]
                for taker in range(len(widths)):
                    if taker != giver:
                        change = loss + cost(taker, widths[taker] + amount) - current[taker]
                        if change < -1e-9 and (improved is None or change < improved[0]):
                            improved = (change, giver, taker, amount)
        if improved is None:
            break
        _, giver, taker, amount = improved
        widths[giver] -= amount
        widths[taker] += amount
        current[giver], current[taker] = cost(giver, widths[giver]), cost(taker, widths[taker])
    return tuple(widths)
