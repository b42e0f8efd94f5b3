"""The Tianjin table prints a project's 预算数, its funds, 资金用途, goals, and each row's 指标值 as written."""

from __future__ import annotations

from perfdocs.layouts import Layout
from perfdocs.layouts.views import Printed, ProjectView
from perfdocs.layouts.views import project_view as common_view
from perfdocs.model import Project, Unit

PRINTED = Printed(
    project=(
        ("name", "项目名称"),
        ("budget", "预算数"),
        ("fiscal_funds", "财政资金"),
        ("other_funds", "其他资金"),
        ("purpose", "资金用途"),
        ("goals", "绩效目标"),
    ),
    row=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("description", "绩效指标描述"),
        ("value", "指标值"),
    ),
)


def project_view(project: Project, unit: Unit, layout: Layout) -> ProjectView:
    return common_view(project, unit, layout)
