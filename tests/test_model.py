"""The data model: indicator values read as quantities, sections, titles."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from decimal import Decimal

import pytest
from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs.model import IndicatorValue


@pytest.mark.parametrize(
    ("text", "operator", "number", "unit"),
    [
        ("≥15000件", "≥", "15000", "件"),
        ("≥98百分比", "≥", "98", "百分比"),
        ("≤16万元", "≤", "16", "万元"),
        ("≤58.1万元", "≤", "58.1", "万元"),
        ("100百分比", None, "100", "百分比"),
        ("2", None, "2", ""),
        (">=95%", "≥", "95", "%"),
        ("＜3天", "<", "3", "天"),
        ("＝1年", "=", "1", "年"),
        ("≧ 90 %", "≥", "90", "%"),
    ],
)
def test_quantitative_values_read_as_operator_number_unit(
    text: str, operator: str | None, number: str, unit: str
) -> None:
    value = IndicatorValue.parse(text)
    assert (value.text, value.operator, value.number, value.unit) == (text, operator, Decimal(number), unit)
    assert value.is_quantitative


@pytest.mark.parametrize("text", ["充分提升", "持续影响", "2023.07-2024.01", "有效提升"])
def test_qualitative_values_have_no_number(text: str) -> None:
    value = IndicatorValue.parse(text)
    assert (value.text, value.operator, value.number, value.unit) == (text, None, None, "")
    assert not value.is_quantitative
    assert str(value) == text


def test_title_defaults_to_name_and_suffix() -> None:
    project = perfdocs.load_unit(EXAMPLE_UNIT).projects[0]
    assert project.title == "法院办案业务、业务装备及审判辅助事务外包-2024中央绩效目标表"
    assert replace(project, heading="另一个标题").title == "另一个标题"


def test_model_values_are_frozen_and_compare_by_content() -> None:
    first, second = perfdocs.load_unit(EXAMPLE_UNIT), perfdocs.load_unit(EXAMPLE_UNIT)
    assert first == second
    with pytest.raises(FrozenInstanceError):
        first.projects[0].budget = Decimal("1")  # type: ignore[misc]


def test_sections_group_only_neighbouring_projects_with_the_same_title() -> None:
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    same = [replace(project, heading="同一标题") for project in unit.projects[:3]]
    regrouped = replace(unit, projects=(*same, *unit.projects[3:]))
    sections = regrouped.sections()
    assert [(section.number, len(section.projects)) for section in sections] == [(1, 3), (2, 1), (3, 1), (4, 1), (5, 1)]
