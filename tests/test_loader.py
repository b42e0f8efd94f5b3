"""Loading unit folders: what the example unit reads as, and how the loader reports problems.

Each bad input's exact message is in ``test_bad_inputs.py``; here are the rules behind them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs.model import IndicatorValue


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_example_unit_reads_as_published() -> None:
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    assert (unit.code, unit.name, unit.money_unit) == ("207101", "天津市河北区人民法院", "万元")
    assert unit.title_lines == ("天津市河北区人民法院", "项目支出绩效目标表", "(2025年)")
    assert len(unit.projects) == 7
    assert [project.budget for project in unit.projects] == [
        Decimal(text) for text in ("16.04", "418.00", "2.00", "96.00", "17.20", "54.29", "18.80")
    ]
    assert sum(len(project.indicators) for project in unit.projects) == 65


def test_money_is_decimal_as_written_and_blank_stays_blank() -> None:
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    central, non_fiscal = unit.projects[1], unit.projects[2]
    assert central.budget == Decimal("418.00")
    assert str(central.budget) == "418.00"
    assert isinstance(central.budget, Decimal)
    assert central.other_funds is None
    assert (non_fiscal.fiscal_funds, non_fiscal.other_funds) == (None, Decimal("2.00"))


def test_indicators_keep_their_order_levels_and_values() -> None:
    project = perfdocs.load_unit(EXAMPLE_UNIT).projects[1]
    first, last = project.indicators[0], project.indicators[-1]
    assert (first.level1, first.level2, first.name, first.description) == (
        "产出指标",
        "数量指标",
        "档案扫描页数",
        "档案扫描页数",
    )
    assert first.value == IndicatorValue("≥2300000页", "≥", Decimal("2300000"), "页")
    assert (last.level1, last.level2, last.name) == ("满意度指标", "服务对象满意度指标", "法院干警满意度")
    assert project.unmerged_level1 == ("效益指标",)
    assert first.location is not None
    assert (first.location.line, first.location.column) == (12, 7)


def test_a_description_that_differs_from_the_name(unit_copy: Path) -> None:
    project = unit_copy / "执法执勤用车更新-2025年.yaml"
    text = project.read_text(encoding="utf-8").replace(
        "      更新车辆数量: 1辆\n",
        "      更新车辆数量:\n        指标值: 1辆\n        绩效指标描述: 新购执法执勤用车\n",
    )
    write(project, text)
    indicator = perfdocs.load_project(project).indicators[0]
    assert (indicator.name, indicator.description, indicator.value.text) == ("更新车辆数量", "新购执法执勤用车", "1辆")


@pytest.mark.parametrize(
    ("written", "expected"),
    [("207101", "207101"), ('"0207101"', "0207101"), ("0207101", "0207101"), ("2071.10", "2071.10")],
)
def test_unit_code_is_text_exactly_as_written(unit_copy: Path, written: str, expected: str) -> None:
    unit_file = unit_copy / "单位.yaml"
    write(unit_file, unit_file.read_text(encoding="utf-8").replace('"207101"', written))
    assert perfdocs.load_unit(unit_copy).code == expected


def test_values_that_yaml_would_retype_stay_as_written(unit_copy: Path) -> None:
    project = unit_copy / "执法执勤用车更新-2025年.yaml"
    text = (
        project.read_text(encoding="utf-8")
        .replace("更新车辆数量: 1辆", "更新车辆数量: 1.10")
        .replace("验收合格率: 100百分比", "验收合格率: yes")
    )
    write(project, text)
    values = [indicator.value.text for indicator in perfdocs.load_project(project).indicators[:2]]
    assert values == ["1.10", "yes"]


def test_problems_of_all_files_are_raised_together(unit_copy: Path) -> None:
    write(unit_copy / "司法救助-2024中央.yaml", "项目名称: 司法救助-2024中央\n预算数: 很多\n")
    write(unit_copy / "多出来的项目.yaml", "项目名称: 多出来的项目\n")
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.load_unit(unit_copy)
    places = [(Path(p.location.path).name, p.location.line, p.field) for p in caught.value.problems]
    assert ("司法救助-2024中央.yaml", 2, "预算数") in places
    assert ("多出来的项目.yaml", 0, "") in places  # not in the unit's order
    assert ("多出来的项目.yaml", 1, "预算数") in places
    assert caught.value.problems == tuple(sorted(caught.value.problems))
    assert isinstance(caught.value, perfdocs.PerfdocsError)


def test_projects_under_one_heading_form_one_section(unit_copy: Path) -> None:
    heading = "标题: 法院办案业务、业务装备及审判辅助事务外包-2023中央绩效目标表\n"
    for name in ("非同级财政拨款项目-2025年非财拨", "河北区法院数智金融法庭经费-2025非财政"):
        path = unit_copy / f"{name}.yaml"
        write(path, path.read_text(encoding="utf-8").replace("预算数:", heading + "预算数:", 1))
    sections = perfdocs.load_unit(unit_copy).sections()
    assert [len(section.projects) for section in sections] == [1, 1, 2, 1, 1, 1]
    assert sections[2].title == "法院办案业务、业务装备及审判辅助事务外包-2023中央绩效目标表"
    assert [section.number for section in sections] == [1, 2, 3, 4, 5, 6]


def test_load_project_reports_its_own_problems(tmp_path: Path) -> None:
    path = write(tmp_path / "甲.yaml", "项目名称: 甲\n预算数: 1\n预算数: 2\n")
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.load_project(path)
    messages = [problem.message for problem in caught.value.problems]
    assert "“预算数”重复出现（第 2 行已有）；重复的键会让前一项丢失，请合并或改名。" in messages
    assert "缺少“绩效指标”。" in messages


def test_a_unit_file_without_projects_folder(tmp_path: Path) -> None:
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.load_unit(tmp_path)
    assert caught.value.problems[0].message == "文件夹里没有 单位.yaml：它写明单位编码、单位名称、标题和项目顺序。"


EXAMPLES = EXAMPLE_UNIT.parent / "examples"


def test_the_fields_of_other_forms_are_read_as_written() -> None:
    project = perfdocs.load_unit(EXAMPLES / "shanghai-2026-lanxilu").projects[0]
    assert (project.nature, project.category, project.start_date, project.end_date) == (
        "阶段性项目",
        "特定目标类",
        "2026/1/1",
        "2027/12/31",
    )
    assert (project.total_funds, project.carried_over, project.annual_request) == (
        Decimal("771325800.00"),
        Decimal("0.00"),
        None,
    )
    assert project.purpose == ""


def test_indicator_columns_and_a_list_of_second_levels_keep_the_printed_order() -> None:
    project = perfdocs.load_unit(EXAMPLES / "neimenggu-2025-zhalaite").projects[0]
    output = [(i.level2, i.score) for i in project.indicators if i.level1 == "产出指标(50分)"]
    printed = ["成本", "质量", "成本", "数量", "质量", "时效", "时效", "数量"]
    assert [level2 for level2, _ in output] == [f"{name}指标" for name in printed]
    assert sum(score for _, score in output if score is not None) == Decimal("50.0")
    assert [i.nature for i in project.indicators if i.nature] == ["定性"]


def unit_with(tmp_path: Path, unit: str, project: str) -> Path:
    write(tmp_path / "单位.yaml", unit)
    write(tmp_path / "甲.yaml", project)
    return tmp_path


_UNIT = '单位编码: "1"\n单位名称: 甲单位\n金额单位: 万元\n标题:\n  - 甲\n项目顺序:\n  - 甲\n'
_PROJECT = "项目名称: 甲\n预算数: 1.00\n绩效目标:\n  - 目标\n绩效指标:\n  产出指标:\n    数量指标:\n      数量: 1个\n"


def test_a_layout_asks_for_the_unit_fields_it_prints(tmp_path: Path) -> None:
    folder = unit_with(tmp_path, _UNIT.replace('单位编码: "1"\n', ""), _PROJECT)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder, layout="一体化")
    assert [problem.message for problem in raised.value.problems] == ["缺少“单位编码”。一体化版式印出单位编码。"]


def test_each_layout_asks_for_the_fields_it_prints(tmp_path: Path) -> None:
    folder = unit_with(tmp_path, _UNIT, _PROJECT)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder)
    assert [problem.message for problem in raised.value.problems] == [
        "缺少“其他资金”。天津版式印出其他资金。没有其他资金时留空，写“其他资金:”。",
        "缺少“财政资金”。天津版式印出财政资金。没有财政资金时留空，写“财政资金:”。",
        "缺少“资金用途”。天津版式印出资金用途。",
    ]
    assert perfdocs.load_unit(folder, layout="一体化").projects[0].purpose == ""


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("版式: 北京\n", "没有“北京”这个版式：可用的版式有 天津、上海、一体化。"),
        ("版式: 天律\n", "没有“天律”这个版式：可用的版式有 天津、上海、一体化。是不是“天津”？"),
    ],
)
def test_an_unknown_layout_in_the_unit_file(tmp_path: Path, line: str, message: str) -> None:
    folder = unit_with(tmp_path, _UNIT + line, _PROJECT)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder)
    assert [problem.message for problem in raised.value.problems] == [message]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("计划开始日期: 2026/2/30\n", "“计划开始日期”应为日期，如 2026/1/1 或 2026年1月1日，不能是“2026/2/30”。"),
        ("计划完成日期: 明年\n", "“计划完成日期”应为日期，如 2026/1/1 或 2026年1月1日，不能是“明年”。"),
    ],
)
def test_dates_must_be_dates(tmp_path: Path, lines: str, message: str) -> None:
    folder = unit_with(tmp_path, _UNIT, _PROJECT + lines)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder, layout="一体化")
    assert [problem.message for problem in raised.value.problems] == [message]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ("分值: 十", "“绩效指标.产出指标.数量指标.数量.分值”应为不小于 0 的数，如 10 或 7.5，不能是“十”。"),
        ("分值: -1", "“绩效指标.产出指标.数量指标.数量.分值”应为不小于 0 的数，如 10 或 7.5，不能是“-1”。"),
        ("分值: .nan", "“绩效指标.产出指标.数量指标.数量.分值”应为不小于 0 的数，如 10 或 7.5，不能是“.nan”。"),
        (
            "指标性质: 正面",
            "“绩效指标.产出指标.数量指标.数量.指标性质”只能是 正向、反向、定性、定量 之一，不能是“正面”。",
        ),
    ],
)
def test_indicator_columns_are_checked(tmp_path: Path, columns: str, message: str) -> None:
    project = _PROJECT.replace("      数量: 1个\n", f"      数量:\n        指标值: 1个\n        {columns}\n")
    folder = unit_with(tmp_path, _UNIT, project)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder, layout="一体化")
    assert [problem.message for problem in raised.value.problems] == [message]


def test_a_list_item_holds_one_second_level(tmp_path: Path) -> None:
    project = _PROJECT.replace(
        "    数量指标:\n      数量: 1个\n", "    - 数量指标:\n        数量: 1个\n      质量指标:\n        质量: 好\n"
    )
    folder = unit_with(tmp_path, _UNIT, project)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder, layout="一体化")
    assert [problem.message for problem in raised.value.problems] == [
        "“绩效指标.产出指标”的列表每项只写一个二级指标（第 1 项有 2 个）。"
    ]


@pytest.mark.parametrize("written", ["2026年", "-5", "2026.5", "99999", "二〇二六"])
def test_the_year_is_four_digits(tmp_path: Path, written: str) -> None:
    folder = unit_with(tmp_path, _UNIT + f'年度: "{written}"\n', _PROJECT)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder, layout="一体化")
    assert [problem.message for problem in raised.value.problems] == [
        f"“年度”应为四位数的年份，如 2026，不能是“{written}”。"
    ]


def test_a_layout_that_is_no_text_is_said_once(tmp_path: Path) -> None:
    folder = unit_with(tmp_path, _UNIT.replace('单位编码: "1"\n', "") + "版式: [上海]\n", _PROJECT)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(folder)
    assert [problem.message for problem in raised.value.problems] == ["“版式”应为一段文字，不能是列表或“键: 值”。"]


def test_a_score_has_at_most_fifteen_digits(tmp_path: Path) -> None:
    project = _PROJECT.replace(
        "      数量: 1个\n", "      数量:\n        指标值: 1个\n        分值: 12345678901234567.5\n"
    )
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(unit_with(tmp_path, _UNIT, project), layout="一体化")
    assert [problem.message for problem in raised.value.problems] == [
        "“绩效指标.产出指标.数量指标.数量.分值”应为不小于 0 的数，如 10 或 7.5，不能是“12345678901234567.5”。"
    ]
