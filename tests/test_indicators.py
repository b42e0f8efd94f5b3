"""An indicator's parts (指标性质, 指标方向, 目标值, 计量单位): as the YAML gives them, else read from the value."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from perfdocs.indicators import measure_unit_of, score_text, value_parts
from perfdocs.model import Indicator, IndicatorValue


def indicator(value: str, **columns: str) -> Indicator:
    return Indicator("产出指标", "数量指标", "名称", IndicatorValue.parse(value), "名称", **columns)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "nature", "sign", "target", "unit"),
    [
        ("≥98%", "正向", "≥", "98", "%"),
        ("≤12万元", "反向", "≤", "12", "万元"),
        ("=100.00(%)", "正向", "=", "100.00", "%"),
        ("1辆", "正向", "=", "1", "辆"),  # a number without a sign reads as equal
        ("≤1", "反向", "≤", "1", ""),
        ("长期", "定性", None, "长期", ""),
        ("<5天", "反向", "<", "5", "天"),
    ],
)
def test_parts_are_read_from_the_value(value: str, nature: str, sign: str | None, target: str, unit: str) -> None:
    parts = value_parts(indicator(value))
    assert (parts.nature, parts.sign, parts.target, parts.measure_unit) == (nature, sign, target, unit)


def test_a_value_said_to_be_qualitative_is_no_quantity() -> None:
    parts = value_parts(indicator("11月底之前", nature="定性"))
    assert (parts.nature, parts.sign, parts.target, parts.measure_unit, parts.number) == (
        "定性",
        None,
        "11月底之前",
        "",
        None,
    )


def test_parts_the_yaml_gives_win() -> None:
    given = indicator("≥98%", direction="大于等于", target="98.0", measure_unit="百分比")
    parts = value_parts(given)
    assert (parts.sign, parts.target, parts.measure_unit) == ("≥", "98.0", "百分比")
    assert value_parts(replace(given, direction="≤")).sign == "≤"


def test_brackets_round_a_unit_are_not_the_unit() -> None:
    assert [measure_unit_of(text) for text in ("(%)", "（万元）", "%", "()", "(a)b")] == [
        "%",
        "万元",
        "%",
        "()",
        "(a)b",
    ]


def test_a_score_prints_as_written() -> None:
    assert [score_text(score) for score in (Decimal("10"), Decimal("7.5"), None)] == ["10", "7.5", ""]
