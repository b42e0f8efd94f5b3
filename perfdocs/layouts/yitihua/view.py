"""The 一体化 table prints each project once, merged over its rows, and each indicator in parts.

Its 指标值 is printed as 指标性质 / 指标方向 / 目标值 / 计量单位 (:mod:`perfdocs.indicators` reads them
from the value where the YAML does not give them), so the value as written is not printed; 项目类别 and
分值 print blank where the data has none. 项目单位 is the unit's, printed by the template itself.

Equal neighbouring 一级指标 always merge here: 一级指标不合并 reproduces a quirk of the published Tianjin
tables, which the budget system's export does not have.
"""

from __future__ import annotations

from dataclasses import replace

from perfdocs.layouts import Layout
from perfdocs.layouts.views import Printed, ProjectView
from perfdocs.layouts.views import project_view as common_view
from perfdocs.model import Project, Unit

PRINTED = Printed(
    project=(
        ("name", "项目名称"),
        ("category", "项目类别"),
        ("budget", "预算数"),
        ("annual_goals", "年度总体目标"),
    ),
    row=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("nature", "指标性质"),
        ("direction", "指标方向"),
        ("target", "目标值"),
        ("measure_unit", "计量单位"),
        ("score", "分值"),
    ),
)


def project_view(project: Project, unit: Unit, layout: Layout) -> ProjectView:
    return common_view(replace(project, unmerged_level1=()), unit, layout)
