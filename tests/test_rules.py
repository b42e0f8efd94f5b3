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


def edited(*replacements: tuple[str, str], base: str = BASE) -> str:
    text = base
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
        "PD104",
        [("资金用途: 用于测试", "计划开始日期: 2026/1/1\n计划完成日期: 2026/1/1\n资金用途: 用于测试")],
        [("资金用途: 用于测试", "计划开始日期: 2026/1/2\n计划完成日期: 2026/1/1\n资金用途: 用于测试")],
        [(5, "error", "计划开始日期 2026/1/2 晚于计划完成日期 2026/1/1：请核对两个日期。")],
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
    (
        "PD305",
        [("使用人员满意度: ≥90%", "使用人员满意度:\n        指标值: ≥90%\n        指标方向: 大于等于")],
        [("使用人员满意度: ≥90%", "使用人员满意度:\n        指标值: ≥90%\n        指标方向: 小于等于")],
        [(25, "error", "“使用人员满意度”的指标方向“小于等于”与指标值“≥90%”的比较符“≥”不一致：请改正其中之一。")],
    ),
    (
        "PD306",
        [("使用人员满意度: ≥90%", "使用人员满意度:\n        指标值: ≥90%\n        目标值: 90.00")],
        [("使用人员满意度: ≥90%", "使用人员满意度:\n        指标值: ≥90%\n        目标值: 95")],
        [(25, "error", "“使用人员满意度”的目标值 95 与指标值“≥90%”中的数 90 不一致：请改正其中之一。")],
    ),
    (
        "PD307",
        [("设备购置成本: ≤12万元", "设备购置成本:\n        指标值: ≤12万元\n        指标性质: 反向")],
        [("设备购置成本: ≤12万元", "设备购置成本:\n        指标值: ≤12万元\n        指标性质: 正向")],
        [
            (
                18,
                "error",
                "“设备购置成本”的指标性质是正向（越大越好），指标值“≤12万元”却是“小于等于”："
                "正向指标用 ≥ 或 ＝，请改正其中之一。",
            )
        ],
    ),
    (
        "PD308",
        [("验收合格率: ≥95百分比", "验收合格率:\n        指标值: ≥95百分比\n        计量单位: '%'")],
        [("采购设备数量: 2台", "采购设备数量:\n        指标值: 2台\n        计量单位: 辆")],
        [(12, "error", "“采购设备数量”的计量单位“辆”与指标值“2台”中的单位“台”不一致：请改正其中之一。")],
    ),
    (
        "PD309",
        [("采购设备数量: 2台", "采购设备数量:\n        指标值: 2\n        计量单位: 台")],
        [("采购设备数量: 2台", "采购设备数量: ≤1")],
        [(11, "warning", "“采购设备数量”是定量指标，指标值“≤1”没有计量单位：请在指标值里写上单位，或写“计量单位”。")],
    ),
]
#: BASE with a 分值 for every indicator, and the scores in the 一级 labels, as the budget system prints them.
SCORED = """项目名称: 测试项目
预算数: 20.00
财政资金: 15.00
其他资金: 5.00
资金用途: 用于测试
绩效目标:
  - 完成测试
绩效指标:
  产出指标(50分):
    数量指标:
      采购设备数量:
        指标值: 2台
        分值: 10
    质量指标:
      验收合格率:
        指标值: ≥95百分比
        分值: 10
    时效指标:
      完成时间:
        指标值: 2025年11月底之前
        分值: 10
    成本指标:
      设备购置成本:
        指标值: ≤12万元
        分值: 10
      安装成本:
        指标值: ≤8万元
        分值: 10
  效益指标（30分）:
    社会效益指标:
      提升工作效率:
        指标值: 有效提升
        分值: 30
  满意度指标 (10分):
    服务对象满意度指标:
      使用人员满意度:
        指标值: ≥90%
        分值: 10
"""
SCORE_CASES = [
    (
        "PD206",
        [("  产出指标(50分):", "  产出指标(40-50)分:")],
        [("        分值: 10\n    质量指标:", "        分值: 5\n    质量指标:")],
        [
            (
                9,
                "error",
                "“产出指标(50分)”下 5 项指标的分值合计 45，不等于一级指标写的 50 分："
                "请核对各项分值或一级指标中的分值。",
            )
        ],
    ),
    (
        "PD207",
        [("        分值: 30", "        分值: 40"), ("  效益指标（30分）:", "  效益指标（40分）:")],
        [("        分值: 30", "        分值: 25"), ("  效益指标（30分）:", "  效益指标:")],
        [
            (
                9,
                "error",
                "7 项指标的分值合计 85，应为 90 或 100（指标体系“产出-效益-满意度”的分值合计）：请核对各项分值。",
            )
        ],
    ),
    (
        "PD208",
        [],
        [("      提升工作效率:\n        指标值: 有效提升\n        分值: 30", "      提升工作效率: 有效提升")],
        [
            (
                31,
                "error",
                "“提升工作效率”没有分值，而本项目另有 6 项指标写了分值："
                "分值要么每项都写，要么都不写（分值合计 PD206、PD207 这时不查）。",
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


@pytest.mark.parametrize(("code", "passing", "failing", "expected"), SCORE_CASES, ids=[case[0] for case in SCORE_CASES])
def test_score_rule(
    tmp_path: Path,
    code: str,
    passing: list[tuple[str, str]],
    failing: list[tuple[str, str]],
    expected: list[Finding],
) -> None:
    (tmp_path / "pass").mkdir()
    (tmp_path / "fail").mkdir()
    assert findings(tmp_path / "pass", edited(*passing, base=SCORED), code) == []
    assert findings(tmp_path / "fail", edited(*failing, base=SCORED), code) == expected


def test_every_rule_with_a_check_has_a_case() -> None:
    tested = {case[0] for case in CASES + SCORE_CASES} | {"PD102", "PD503", "PD504"}
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


def _all_findings(tmp_path: Path, text: str, framework: str = "") -> list[tuple[str, int, str]]:
    report = perfdocs.check_folders([write_unit(tmp_path / "单位", {"测试项目": text}, framework)])
    assert not report.unreadable, [problem.format() for problem in report.problems]
    return [(p.code, p.location.line, p.message) for p in report.problems]


def _columns(name: str, value: str, **columns: str) -> tuple[str, str]:
    """Replace ``name: value`` of BASE by the mapping form with ``columns`` (指标方向=…)."""
    lines = "".join(f"\n        {key}: {text}" for key, text in columns.items())
    return f"{name}: {value}", f"{name}:\n        指标值: {value}{lines}"


def test_a_direction_on_a_qualitative_indicator(tmp_path: Path) -> None:
    text = edited(
        ("完成时间: 2025年11月底之前", "完成时间: 11月底之前"),
        _columns("提升工作效率", "有效提升", 指标方向="大于等于"),
        _columns("完成时间", "11月底之前", 指标性质="定性", 指标方向="等于"),
    )
    assert _all_findings(tmp_path, text) == [
        ("PD305", 16, "“完成时间”的指标性质是定性，不写指标方向：请删去指标方向“等于”。"),
        ("PD305", 25, "“提升工作效率”的指标值“有效提升”没有数，是定性指标，不写指标方向：请删去指标方向“大于等于”。"),
    ]


def test_a_direction_fills_in_a_value_without_a_sign(tmp_path: Path) -> None:
    """“985米” has no sign: 指标方向 says which way it goes, and nothing disagrees."""
    text = edited(_columns("采购设备数量", "2台", 指标方向="大于等于", 指标性质="正向"))
    assert _all_findings(tmp_path, text) == []


def test_targets_that_are_not_the_value(tmp_path: Path) -> None:
    text = edited(
        _columns("验收合格率", "≥95百分比", 目标值="95%"),
        _columns("提升工作效率", "有效提升", 目标值="明显提升"),
    )
    assert _all_findings(tmp_path, text) == [
        ("PD306", 14, "“验收合格率”的目标值“95%”不是数：目标值只写指标值“≥95百分比”中的数，如“95”。"),
        (
            "PD306",
            24,
            "“提升工作效率”是定性指标，目标值“明显提升”与指标值“有效提升”不一致：定性指标的目标值就是指标值，"
            "请改正其中之一。",
        ),
    ]


def test_a_qualitative_value_that_reads_as_a_number(tmp_path: Path) -> None:
    """“11月底之前” reads as 11 and the unit 月底之前; said to be 定性, its 目标值 is the text and it needs no unit."""
    text = edited(
        ("完成时间: 2025年11月底之前", "完成时间: 11月底之前"),
        _columns("完成时间", "11月底之前", 指标性质="定性", 目标值="11月底之前"),
    )
    assert _all_findings(tmp_path, text) == []


def test_a_nature_that_disagrees_with_the_value(tmp_path: Path) -> None:
    text = edited(
        ("使用人员满意度: ≥90%", "使用人员满意度: 90%"),
        _columns("使用人员满意度", "90%", 指标性质="反向", 指标方向="大于等于"),
        _columns("提升工作效率", "有效提升", 指标性质="定量"),
    )
    assert _all_findings(tmp_path, text) == [
        (
            "PD307",
            22,
            "“提升工作效率”的指标性质是定量，指标值“有效提升”却没有数：定量指标写成数量（如“≥95%”），"
            "否则指标性质写“定性”。",
        ),
        (
            "PD307",
            27,
            "“使用人员满意度”的指标性质是反向（越小越好），指标方向却是“大于等于”："
            "反向指标用 ≤ 或 ＝，请改正其中之一。",
        ),
    ]


def test_the_parts_of_a_shanghai_value_agree(tmp_path: Path) -> None:
    """ "=100.00(%)": the number 100.00, the unit % (the brackets are the form's)."""
    text = edited(
        _columns("验收合格率", "≥95百分比", 指标性质="正向", 指标方向="＝", 目标值="100", 计量单位="'%'"),
        ("指标值: ≥95百分比", "指标值: =100.00(%)"),
    )
    assert _all_findings(tmp_path, text) == []


def test_the_new_rules_can_be_silenced(tmp_path: Path) -> None:
    text = edited(("采购设备数量: 2台", "采购设备数量: ≤1")) + "忽略:\n  PD309: 公开的表格就没有计量单位\n"
    assert _all_findings(tmp_path, text) == []
    assert all(rule.silenceable for rule in perfdocs.RULES if rule.code[:4] in ("PD20", "PD30"))


def test_a_score_range_in_a_label(tmp_path: Path) -> None:
    """Chongqing's “成本指标(0-20)分”: the sum may be anything in the range."""
    text = edited(("  产出指标(50分):", "  产出指标 (0-20)分:"), base=SCORED)
    assert _all_findings(tmp_path, edited(("  产出指标(50分):", "  产出指标 (40-50)分:"), base=SCORED)) == []
    (tmp_path / "range").mkdir()
    assert _all_findings(tmp_path / "range", text) == [
        (
            "PD206",
            9,
            "“产出指标 (0-20)分”下 5 项指标的分值合计 50，不在一级指标写的 0–20 分之内："
            "请核对各项分值或一级指标中的分值。",
        )
    ]


def test_a_unit_framework_sets_its_own_total(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": SCORED}, framework="指标体系: 本单位.yaml\n")
    own = (
        "名称: 本单位\n一级指标:\n  产出指标:\n    数量指标: 数量\n    质量指标: 质量\n    时效指标: 时效\n"
        "    成本指标: 成本\n  效益指标:\n    社会效益指标: 效益\n  满意度指标:\n    服务对象满意度指标: 满意度\n"
        "每个项目必须有:\n  - 产出指标\n分值合计: 100\n"
    )
    (folder / "本单位.yaml").write_text(own, encoding="utf-8")
    problems = perfdocs.check_folders([folder]).problems
    assert [(p.code, p.location.line, p.message) for p in problems] == [
        ("PD207", 9, "7 项指标的分值合计 90，应为 100（指标体系“本单位”的分值合计）：请核对各项分值。")
    ]


def test_decimal_scores_add_up_exactly(tmp_path: Path) -> None:
    text = edited(
        ("2台\n        分值: 10", "2台\n        分值: 7.5"),
        ("≥95百分比\n        分值: 10", "≥95百分比\n        分值: 12.5"),
        base=SCORED,
    )
    assert _all_findings(tmp_path, text) == []


def test_scored_labels_without_scores_on_the_indicators(tmp_path: Path) -> None:
    """The label is published data: without 分值 on the indicators there is nothing to add up."""
    text = edited(("  产出指标:", "  产出指标(50分):"), ("  效益指标:", "  效益指标（30分）:"))
    assert _all_findings(tmp_path, text) == []


INNER_MONGOLIA = """项目名称: 业务装备经费
预算数: 103.07
财政资金: 103.07
其他资金:
资金用途: 业务装备
绩效目标:
  - 保障我院日常办公办案装备需要。
绩效指标:
  满意度指标(10分):
    服务对象满意度:
      使用人员满意度: {指标值: ≥98%, 指标性质: 正向, 指标方向: 大于等于, 目标值: "98", 计量单位: "%", 分值: 10}
  效益指标(30分):
    可持续影响:
      推动业务装备建设的标准化规范化配置: {指标值: 长期, 指标性质: 定性, 目标值: 长期, 分值: 15}
    社会效益:
      提升工作效率定性: {指标值: 有效提升, 指标性质: 定性, 目标值: 有效提升, 分值: 15}
  产出指标(50分):
    成本指标:
      车辆购置成本: {指标值: ≤12万元, 指标性质: 反向, 指标方向: 小于等于, 目标值: "12", 计量单位: 万元, 分值: 5}
      办公设备购置成本: {指标值: ≤90万元, 指标性质: 反向, 指标方向: 小于等于, 目标值: "90", 计量单位: 万元, 分值: 5}
    质量指标:
      政府采购率: {指标值: ≥30%, 指标性质: 正向, 指标方向: 大于等于, 目标值: "30", 计量单位: "%", 分值: 7.5}
      设备验收合格率: {指标值: =100%, 指标性质: 正向, 指标方向: 等于, 目标值: "100", 计量单位: "%", 分值: 7.5}
    数量指标:
      车辆采购数量: {指标值: ≤1, 指标性质: 反向, 指标方向: 小于等于, 目标值: "1", 分值: 7.5}
      办公设备采购数量: {指标值: ≥10, 指标性质: 正向, 指标方向: 大于等于, 目标值: "10", 分值: 7.5}
    时效指标:
      采购计划完成时间: {指标值: 11月底之前, 指标性质: 定性, 目标值: 11月底之前, 分值: 5}
      设备验收及时率: {指标值: ≥98%, 指标性质: 正向, 指标方向: 大于等于, 目标值: "98", 计量单位: "%", 分值: 5}
"""


def test_the_inner_mongolia_table_as_published(tmp_path: Path) -> None:
    """扎赉特旗人民检察院's 表11 (../shared/layouts/neimenggu_2025_export.txt), every column as printed: short
    二级 names and scored labels are accepted; the 分值 make 50 + 30 + 10 = 90; only the two counts printed
    without a 计量单位 are said (amounts here in 万元 and only the fiscal split invented, to pass PD101)."""
    folder = write_unit(tmp_path / "单位", {"业务装备经费": INNER_MONGOLIA})
    problems = perfdocs.check_folders([folder]).problems
    assert [(p.code, p.location.line, p.message) for p in problems] == [
        ("PD309", 25, "“车辆采购数量”是定量指标，指标值“≤1”没有计量单位：请在指标值里写上单位，或写“计量单位”。"),
        ("PD309", 26, "“办公设备采购数量”是定量指标，指标值“≥10”没有计量单位：请在指标值里写上单位，或写“计量单位”。"),
    ]


@pytest.mark.parametrize("key", ["项目资金总额", "项目财政资金", "上年结转资金", "当年财政拨款"])
def test_no_amount_of_any_form_may_be_negative(tmp_path: Path, key: str) -> None:
    text = edited(("资金用途: 用于测试", f"{key}: -5.00\n资金用途: 用于测试"))
    assert findings(tmp_path, text, "PD103") == [(5, "error", f"“{key}”是负数 -5.00：金额不能为负。")]


def test_a_project_cannot_end_before_it_starts(tmp_path: Path) -> None:
    text = edited(("资金用途: 用于测试", "计划开始日期: 2027/1/1\n计划完成日期: 2026年12月31日\n资金用途: 用于测试"))
    assert findings(tmp_path, text, "PD104") == [
        (5, "error", "计划开始日期 2027/1/1 晚于计划完成日期 2026年12月31日：请核对两个日期。")
    ]
