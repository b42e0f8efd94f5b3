"""The indicator grid's column widths fitted to the unit (:mod:`perfdocs.typeset.widths`)."""

from __future__ import annotations

from collections import Counter

from typesetting import GRID, broken, columns

from perfdocs.typeset.grid import available
from perfdocs.typeset.lines import pieces, shape_cost, shape_of
from perfdocs.typeset.metrics import EM, ESTIMATE
from perfdocs.typeset.widths import column_widths


def lone_cells(widths: tuple[int, ...], found: list[Counter[str]]) -> int:
    count = 0
    for index, column in enumerate(found):
        line = available(widths[index], GRID)
        for text, times in column.items():
            count += times * shape_cost(shape_of(pieces(text, ESTIMATE)), line)[1]
    return count


def test_widths_keep_the_grid_width_and_labels_on_one_line_and_leave_fewer_lone_characters() -> None:
    found = columns(
        ("产出指标", "服务对象满意度指标", "网站及调解服务成本", "网站及调解服务成本", "≤53 万元"),
        ("产出指标", "成本指标", "一站式送达服务成本", "一站式送达服务成本", "≤16 万元"),
        ("满意度指标", "服务对象满意度指标", "法院干警满意度", "法院干警满意度", "≥95 百分比"),
    )
    widths = column_widths(GRID, found, ESTIMATE)
    assert sum(widths) == sum(GRID.widths)
    assert lone_cells(widths, found) < lone_cells(GRID.widths, found) == 4
    for index, label in ((0, "满意度指标"), (1, "服务对象满意度指标"), (3, "绩效指标描述")):
        assert len(broken(label, available(widths[index], GRID) / EM)) == 1


def test_widths_stay_the_templates_when_the_labels_cannot_fit() -> None:
    found = columns(("很长很长很长很长很长很长很长很长很长很长很长很长很长的一级", "二级", "三级", "描述", "值"))
    assert column_widths(GRID, found, ESTIMATE) == GRID.widths
