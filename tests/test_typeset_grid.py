"""A cell's line width and the padding that spares it a lone character (:mod:`perfdocs.typeset.grid`)."""

from __future__ import annotations

from typesetting import GRID, broken

from perfdocs.typeset.grid import Grid, available, common_padding, padding
from perfdocs.typeset.lines import pieces, shape_cost, shape_of
from perfdocs.typeset.metrics import EM, ESTIMATE


def test_padding_sends_one_more_character_down_without_another_line() -> None:
    pad = padding(GRID, 1880, "网站及调解服务成本", ESTIMATE)
    assert pad > 0
    assert broken("网站及调解服务成本", available(1880, GRID, pad) / EM) == ["网站及调解服务", "成本"]
    assert padding(GRID, 1880, "档案扫描成本", ESTIMATE) == 0  # one line
    assert padding(GRID, 1880, "信息网络设备购买成本", ESTIMATE) == 0  # 8 + 2 already


def test_the_paragraphs_of_a_cell_share_its_padding() -> None:
    cell = Grid((1880,), (85, 85), 10.5, ((),), ("goals",))
    line = available(1880, cell)
    lone = "网站及调解服务成本"
    assert shape_cost(shape_of(pieces(lone, ESTIMATE)), line)[1]
    pad = common_padding(cell, ("提升办案效率", lone), ESTIMATE)
    assert pad == padding(cell, 1880, lone, ESTIMATE) > 0
    assert common_padding(cell, ("提升办案效率", "档案扫描成本"), ESTIMATE) == 0  # none needed
    sixteen = "一二三四五六七八九十一二三四五六"  # two full lines: one more with any padding
    assert common_padding(cell, (lone, sixteen), ESTIMATE) == 0
