"""Each rule of ``perfdocs check``: a passing example and a failing one, with code, line and message."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT

import perfdocs

BASE = """项目名称: 测试项目
预算数: 20.00
财政资金: 15.00
其他资金: 5.00
资金用途: 用于测试
绩效目标:
  - 完成测试
绩效指标:
  产出指标:
    数量指标:
      采购设备数量: 2台
    质量指标:
      验收合格率: ≥95百分比
    时效指标:
      完成时间: 2025年11月底之前
    成本指标:
      设备购置成本: ≤12万元
      安装成本: ≤8万元
  效益指标:
    社会效益指标:
      提升工作效率: 有效提升
  满意度指标:
    服务对象满意度指标:
      使用人员满意度: ≥90%
"""
UNIT = """单位编码: "000001"
单位名称: 测试单位
金额单位: 万元
{framework}标题:
  - 项目支出绩效目标表
项目顺序:
{order}"""

Finding = tuple[int, str, str]  # line, severity, message


def write_unit(folder: Path, projects: dict[str, str], framework: str = "") -> Path:
    folder.mkdir()
    order = "".join(f"  - {stem}\n" for stem in projects)
    (folder / "单位.yaml").write_text(UNIT.format(framework=framework, order=order), encoding="utf-8")
    for stem, text in projects.items():
        (folder / f"{stem}.yaml").write_text(text, encoding="utf-8")
    return folder


def findings(tmp_path: Path, text: str, code: str, framework: str = "") -> list[Finding]:
    report = perfdocs.check_folders([write_unit(tmp_path / "单位", {"测试项目": text}, framework)])
    assert not report.unreadable, [problem.format() for problem in report.problems]
    return [(p.location.line, p.severity, p.message) for p in report.problems if p.code == code]


def edited(*replacements: tuple[str, str]) -> str:
    text = BASE
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_the_base_project_passes_every_rule(tmp_path: Path) -> None:
    report = perfdocs.check_folders([write_unit(tmp_path / "单位", {"测试项目": BASE})])
    assert report.problems == ()
    assert not report.failed(strict=True)


CASES = [
    (
        "PD101",
        [("预算数: 20.00", "预算数: 20")],
        [("其他资金: 5.00", "其他资金: 4.00")],
        [(2, "error", "预算数 20.00 不等于财政资金 15.00 与其他资金 4.00 之和 19.00：请核对这三个金额。")],
    ),
    (
        "PD103",
        [("其他资金: 5.00", "其他资金: 0"), ("财政资金: 15.00", "财政资金: 20.00")],
        [("其他资金: 5.00", "其他资金: -5.00"), ("财政资金: 15.00", "财政资金: 25.00")],
        [(4, "error", "“其他资金”是负数 -5.00：金额不能为负。")],
    ),
    (
        "PD201",
        [],
        [("  效益指标:", "  效果指标:")],
        [
            (
                19,
                "error",
                "一级指标“效果指标”不在指标体系“产出-效益-满意度”中。是不是“效益指标”？"
                "应为 产出指标、效益指标、满意度指标 之一。",
            )
        ],
    ),
    (
        "PD202",
        [("    社会效益指标:", "    可持续影响指标:")],
        [("    社会效益指标:", "    社会效果指标:")],
        [
            (
                20,
                "error",
                "二级指标“社会效果指标”不在指标体系“产出-效益-满意度”中。是不是“社会效益指标”？"
                "“效益指标”下可用：经济效益指标、社会效益指标、生态效益指标、可持续影响指标。",
            )
        ],
    ),
    (
        "PD203",
        [],
        [("    社会效益指标:", "    质量指标:"), ("提升工作效率: 有效提升", "提升工作效率: ≥10%")],
        [(20, "error", "二级指标“质量指标”属于“产出指标”，不能放在“效益指标”之下。")],
    ),
    (
        "PD204",
        [("    社会效益指标:", "    生态效益指标:")],
        [("    社会效益指标:", "    环境效益指标:")],
        [(20, "warning", "“环境效益指标”是旧名称，指标体系“产出-效益-满意度”称为“生态效益指标”。")],
    ),
    (
        "PD205",
        [],
        [("  满意度指标:\n    服务对象满意度指标:\n      使用人员满意度: ≥90%\n", "")],
        [(9, "error", "项目没有“满意度指标”：指标体系“产出-效益-满意度”要求每个项目至少有一个。")],
    ),
    (
        "PD301",
        [("验收合格率: ≥95百分比", "验收合格率: 100%")],
        [("验收合格率: ≥95百分比", "验收合格率: 合格")],
        [(13, "error", "“验收合格率”是质量指标，指标值应为数量（比较符、数字、单位，如“≥95百分比”），不能是“合格”。")],
    ),
    (
        "PD302",
        [("完成时间: 2025年11月底之前", "完成时间: 2023.07-2024.01")],
        [("完成时间: 2025年11月底之前", "完成时间: 及时完成")],
        [(15, "warning", "时效指标“完成时间”的指标值“及时完成”既不是数量，也不是日期或期间。")],
    ),
    (
        "PD303",
        [("使用人员满意度: ≥90%", "使用人员满意度: 100%")],
        [("使用人员满意度: ≥90%", "使用人员满意度: ≥190%")],
        [(24, "error", "“使用人员满意度”的指标值“≥190%”不在 0 到 100 之间。")],
    ),
    (
        "PD304",
        [("使用人员满意度: ≥90%", "使用人员满意度: ＝100%")],
        [("使用人员满意度: ≥90%", '使用人员满意度: ">=90%"')],
        [(24, "warning", "“使用人员满意度”的比较符写成了“>=”，公开表格写作“≥”。")],
    ),
    (
        "PD401",
        [],
        [("安装成本: ≤8万元", "安装成本: ≤9万元")],
        [(2, "error", "2 项成本指标合计 21.00 万元，超过预算数 20.00 万元：请核对各项成本。")],
    ),
    (
        "PD402",
        [("安装成本: ≤8万元", "安装成本: ≤40000元")],
        [("安装成本: ≤8万元", "安装成本: ≤3万元")],
        [(2, "warning", "2 项成本指标合计 15.00 万元，只占预算数 20.00 万元的 75%：成本指标应覆盖主要支出。")],
    ),
    (
        "PD403",
        [("安装成本: ≤8万元", "安装成本: ≤80000（元）")],
        [("安装成本: ≤8万元", "安装成本: ≤2台")],
        [(18, "warning", "成本指标“安装成本”的指标值“≤2台”不是以万元或元计的金额，没有计入成本合计（PD401、PD402）。")],
    ),
    (
        "PD501",
        [],
        [("      完成时间: 2025年11月底之前\n", "      完成时间: 2025年11月底之前\n      验收合格率: 100%\n")],
        [(16, "error", "三级指标“验收合格率”在本项目中重复（第 13 行已有）：请改名或合并。")],
    ),
    (
        "PD502",
        [],
        [("项目名称: 测试项目", "项目名称: 另一个项目")],
        [
            (
                1,
                "error",
                "项目名称“另一个项目”与文件名“测试项目.yaml”不一致：文件应以项目名称命名，请改文件名或项目名称。",
            )
        ],
    ),
]


@pytest.mark.parametrize(("code", "passing", "failing", "expected"), CASES, ids=[case[0] for case in CASES])
def test_rule(
    tmp_path: Path,
    code: str,
    passing: list[tuple[str, str]],
    failing: list[tuple[str, str]],
    expected: list[Finding],
) -> None:
    (tmp_path / "pass").mkdir()
    (tmp_path / "fail").mkdir()
    assert findings(tmp_path / "pass", edited(*passing), code) == []
    assert findings(tmp_path / "fail", edited(*failing), code) == expected


def test_every_rule_with_a_check_has_a_case() -> None:
    tested = {case[0] for case in CASES} | {"PD102", "PD503", "PD504"}
    assert {rule.code for rule in perfdocs.RULES if rule.project_check or rule.unit_check} == tested


def test_names_are_unique_in_the_unit(tmp_path: Path) -> None:
    twin = BASE  # a second file that says it is the same project
    folder = write_unit(tmp_path / "单位", {"测试项目": BASE, "测试项目二": twin})
    report = perfdocs.check_folders([folder])
    duplicates = [
        (Path(p.location.path).name, p.location.line, p.message) for p in report.problems if p.code == "PD503"
    ]
    message = "项目名称“测试项目”在单位中出现了 2 次：项目名称不能重复。"
    assert duplicates == [("测试项目.yaml", 1, message), ("测试项目二.yaml", 1, message)]


def test_the_example_unit_passes_strict() -> None:
    """The seven published projects: no error, and no warning either."""
    report = perfdocs.check_folders([EXAMPLE_UNIT])
    assert report.problems == ()
    assert not report.failed(strict=True)


def test_the_example_costs_add_up_to_the_budget() -> None:
    """Table 2's twelve 成本指标 make 418.00, the budget, as the issue says."""
    project = perfdocs.load_unit(EXAMPLE_UNIT).projects[1]
    costs = [i.value.number for i in project.indicators if i.level2 == "成本指标"]
    assert len(costs) == 12
    assert sum(n for n in costs if n is not None) == project.budget


def test_a_name_that_differs_only_in_bracket_width_says_so(tmp_path: Path) -> None:
    text = BASE.replace("项目名称: 测试项目", "项目名称: 测试项目（一）")
    report = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目(一)": text})])
    assert [p.message for p in report.problems] == [
        "项目名称“测试项目（一）”与文件名“测试项目(一).yaml”不一致（两者只差全角、半角，如括号“（）”与“()”）："
        "文件应以项目名称命名，请改文件名或项目名称。"
    ]


def test_a_unit_counting_in_yuan(tmp_path: Path) -> None:
    text = edited(
        ("预算数: 20.00", "预算数: 200000.00"),
        ("财政资金: 15.00", "财政资金: 150000.00"),
        ("其他资金: 5.00", "其他资金: 50000.00"),
    )
    folder = write_unit(tmp_path / "u", {"测试项目": text})
    unit_file = folder / "单位.yaml"
    unit_file.write_text(
        unit_file.read_text(encoding="utf-8").replace("金额单位: 万元", "金额单位: 元"), encoding="utf-8"
    )
    assert perfdocs.check_folders([folder]).problems == ()  # 12万元 + 8万元 = 200000 元


def test_values_are_pointed_at_where_they_stand(tmp_path: Path) -> None:
    text = edited(("验收合格率: ≥95百分比", "验收合格率:\n        指标值: 合格\n        绩效指标描述: 验收"))
    report = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目": text})])
    assert [(p.code, p.location.line, p.location.column) for p in report.problems] == [("PD301", 14, 14)]


def test_pd102_finds_amounts_a_script_made_with_more_than_two_places() -> None:
    """Files with such amounts do not load (PD003); a script's own unit is told by PD102."""
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    project = replace(unit.projects[0], fiscal_funds=Decimal("15.005"), other_funds=Decimal("4.995"))
    problems = perfdocs.check_unit(replace(unit, projects=(project,)))
    assert [(p.location.line, p.message) for p in problems if p.code == "PD102"] == [
        (3, "“财政资金”15.005 超过两位小数：金额不四舍五入，请写出要印的两位小数。"),
        (4, "“其他资金”4.995 超过两位小数：金额不四舍五入，请写出要印的两位小数。"),
    ]
