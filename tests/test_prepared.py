"""What templates see: formatted money and the merge state of every indicator row."""

from __future__ import annotations

from dataclasses import replace

from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs.layouts import get_layout
from perfdocs.layouts.views import ProjectView
from perfdocs.layouts.views import project_view as layout_view
from perfdocs.model import Project
from perfdocs.prepared import build_context


def project_view(project: Project) -> ProjectView:
    return layout_view(project, perfdocs.load_unit(EXAMPLE_UNIT), get_layout())


def test_first_level_cells_merge_over_their_run() -> None:
    project = perfdocs.load_unit(EXAMPLE_UNIT).projects[0]
    merges = [(row.level1, row.level1_merge) for row in project_view(project).rows]
    assert merges == [
        ("产出指标", "restart"),
        ("产出指标", "continue"),
        ("产出指标", "continue"),
        ("产出指标", "continue"),
        ("效益指标", ""),
        ("满意度指标", ""),
    ]


def test_a_project_can_keep_first_level_cells_apart() -> None:
    project = perfdocs.load_unit(EXAMPLE_UNIT).projects[1]
    rows = project_view(project).rows
    assert [row.level1_merge for row in rows if row.level1 == "效益指标"] == ["", ""]
    merged = project_view(replace(project, unmerged_level1=()))
    assert [row.level1_merge for row in merged.rows if row.level1 == "效益指标"] == ["restart", "continue"]


def test_second_level_merges_stay_inside_their_first_level_block() -> None:
    project = perfdocs.load_unit(EXAMPLE_UNIT).projects[1]
    merges = [row.level2_merge for row in project_view(project).rows]
    assert merges[:6] == ["restart", "continue"] * 3  # 数量, 质量, 时效: two rows each
    assert merges[6:18] == ["restart", *["continue"] * 11]  # twelve 成本指标
    assert merges[18:] == ["restart", "continue", ""]  # 社会效益指标 twice, then 满意度


def test_sections_carry_numbers_bookmarks_and_pages() -> None:
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    sections = build_context(unit, pages={1: 3})["sections"]
    assert [(s.number, s.bookmark, s.page) for s in sections[:2]] == [
        (1, "_Toc_perfdocs_1", "3"),
        (2, "_Toc_perfdocs_2", ""),
    ]
    assert len({s.bookmark_id for s in sections}) == 7
