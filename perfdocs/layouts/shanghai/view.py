"""The Shanghai 申报表 prints the header block, the funds in 元, both goals, and each 指标值 in the form's style.

The published form writes a comparison as ``=100.00(%)`` and ``≥90.00(%)``: the sign, the number
with two decimals, the unit in brackets. A value with a sign is printed that way from its parts, so
``≥90%`` and ``≥90.00(%)`` print alike, and a value written as the form prints it prints back as
written. A value without a sign (``985米``) or without a number (``可控``) is printed as written: the
form does the same.
"""

from __future__ import annotations

from perfdocs.errors import VALUE, InputError, Location, Problem
from perfdocs.indicators import measure_unit_of
from perfdocs.layouts import Layout
from perfdocs.layouts.views import Printed, ProjectView
from perfdocs.layouts.views import project_view as common_view
from perfdocs.model import Indicator, Project, Unit
from perfdocs.money import is_exact_cents

PRINTED = Printed(
    project=(
        ("name", "项目名称"),
        ("nature", "项目性质"),
        ("category", "项目类别"),
        ("department", "主管部门"),
        ("implementer", "实施单位"),
        ("start_date", "计划开始日期"),
        ("end_date", "计划完成日期"),
        ("total_funds", "项目资金总额"),
        ("annual_request", "年度资金申请总额"),
        ("total_fiscal_funds", "项目财政资金"),
        ("appropriation", "当年财政拨款"),
        ("carried_over", "上年结转资金"),
        ("total_other_funds", "项目其他资金"),
        ("other_funds", "其他资金"),
        ("overall_goal", "项目总体目标"),
        ("annual_goals", "年度总体目标"),
    ),
    row=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("value", "指标值"),
    ),
)


def project_view(project: Project, unit: Unit, layout: Layout) -> ProjectView:
    """``project`` in the form; InputError naming each 指标值 whose number has more than two decimals."""
    problems = [_problem(project, indicator) for indicator in project.indicators if not _printable(indicator)]
    if problems:
        raise InputError(problems)
    return common_view(project, unit, layout, value_text)


def value_text(indicator: Indicator) -> str:
    """``≥90.00(%)`` for a value with a sign (``≥90.00`` without a unit); the others as written."""
    value = indicator.value
    if value.operator is None or value.number is None:
        return value.text
    measure_unit = measure_unit_of(value.unit)
    return f"{value.operator}{value.number:.2f}" + (f"({measure_unit})" if measure_unit else "")


def _printable(indicator: Indicator) -> bool:
    """Whether two decimals show the number of a signed value exactly (``95.10`` for ``95.100``; not ``95.125``)."""
    value = indicator.value
    return value.operator is None or value.number is None or is_exact_cents(value.number)


def _problem(project: Project, indicator: Indicator) -> Problem:
    where = indicator.value_location or Location(project.path or project.name)
    message = (
        f"项目“{project.name}”的指标“{indicator.name}”的指标值“{indicator.value.text}”有两位以上小数："
        "上海版式把指标值印成两位小数（如“≥90.00(%)”），印不出它。请改成两位小数以内的数。"
    )
    return Problem(where, VALUE, message, f"绩效指标.{indicator.level1}.{indicator.level2}.{indicator.name}")
