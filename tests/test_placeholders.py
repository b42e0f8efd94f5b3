"""The placeholders ``perfdocs new`` writes are found again, wherever one is left, by the rule PD504."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

import perfdocs
from perfdocs.check import check_project
from perfdocs.errors import Location
from perfdocs.model import Indicator, IndicatorValue, Project
from perfdocs.placeholders import placeholder, placeholder_in
from perfdocs.rules import UnitFacts

FILLED = Project(
    "档案数字化",
    Decimal("3.00"),
    Decimal("3.00"),
    None,
    "用于档案数字化",
    ("完成档案数字化",),
    (Indicator("产出指标", "数量指标", "数字化卷数", IndicatorValue.parse("≥300卷"), "数字化卷数", Location("x", 9)),),
    locations={"预算数": Location("x", 2), "资金用途": Location("x", 5), "绩效目标": Location("x", 7)},
)
LEFT = placeholder("内容")
NO_BUDGET = "预算数是 0.00，这是 perfdocs new 写的占位：请填写本项目的预算数。"


def pd504(project: Project) -> list[tuple[int, str]]:
    context = UnitFacts(perfdocs.shipped_framework())
    return [(p.location.line, p.message) for p in check_project(project, context) if p.code == "PD504"]


def test_a_placeholder_is_found_in_any_text_around_it() -> None:
    assert placeholder("资金用途") == "（待填写：资金用途）"
    assert placeholder_in("用于（待填写：资金用途）档案") == "（待填写：资金用途）"
    assert placeholder_in("（待填写）") is None  # not the form new writes
    assert placeholder_in("用于档案数字化（第二期）") is None


def test_a_project_with_nothing_left_to_fill_has_no_pd504() -> None:
    assert pd504(FILLED) == []


def indicator(**changes: object) -> Indicator:
    return replace(FILLED.indicators[0], **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("project", "found"),
    [
        (
            replace(FILLED, budget=Decimal("0.00")),
            (2, "预算数是 0.00，这是 perfdocs new 写的占位：请填写本项目的预算数。"),
        ),
        (
            replace(FILLED, budget=Decimal("0")),
            (2, "预算数是 0.00，这是 perfdocs new 写的占位：请填写本项目的预算数。"),
        ),
        (replace(FILLED, purpose=f"用于{LEFT}"), (5, f"资金用途还是 perfdocs new 写的占位“{LEFT}”：请填写。")),
        (replace(FILLED, heading=LEFT), (0, f"标题还是 perfdocs new 写的占位“{LEFT}”：请填写。")),
        (replace(FILLED, goals=("完成", LEFT)), (7, f"绩效目标第 2 项还是 perfdocs new 写的占位“{LEFT}”：请填写。")),
        (
            replace(FILLED, indicators=(indicator(name=LEFT, description=LEFT),)),
            (9, f"数量指标下的三级指标名称还是 perfdocs new 写的占位“{LEFT}”：请填写。"),
        ),
        (
            replace(FILLED, indicators=(indicator(value=IndicatorValue.parse(LEFT)),)),
            (9, f"数量指标下的指标值还是 perfdocs new 写的占位“{LEFT}”：请填写。"),
        ),
        (
            replace(FILLED, indicators=(indicator(description=f"说明{LEFT}"),)),
            (9, f"数量指标下的绩效指标描述还是 perfdocs new 写的占位“{LEFT}”：请填写。"),
        ),
    ],
)
def test_each_placeholder_left_is_an_error_at_its_line(project: Project, found: tuple[int, str]) -> None:
    assert pd504(project) == [found]
