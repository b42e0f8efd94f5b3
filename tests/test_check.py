"""The checker: silences, reports over several folders, and what ``perfdocs check``/``build`` do with findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT
from test_rules import BASE, edited, write_unit

import perfdocs
from perfdocs.cli import main

LOW_COSTS = ("安装成本: ≤8万元", "安装成本: ≤3万元")  # PD402, a warning
OVER_BUDGET = ("安装成本: ≤8万元", "安装成本: ≤9万元")  # PD401, an error


def codes(folder: Path) -> list[tuple[str, int]]:
    return [(p.code, p.location.line) for p in perfdocs.check_folders([folder]).problems]


def silenced(text: str, silence: str) -> str:
    return text + "忽略:\n" + silence


def test_a_silence_with_a_reason_silences(tmp_path: Path) -> None:
    text = silenced(edited(LOW_COSTS), "  PD402: 其余支出在另一个项目中列支\n")
    assert codes(write_unit(tmp_path / "u", {"测试项目": text})) == []


def test_a_silence_without_a_reason_is_an_error_and_silences_nothing(tmp_path: Path) -> None:
    text = silenced(edited(LOW_COSTS), "  PD402:\n")
    problems = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目": text})]).problems
    assert [(p.code, p.location.line, p.severity) for p in problems] == [
        ("PD402", 2, "warning"),
        ("PD901", 26, "error"),
    ]
    assert problems[1].message == "忽略规则 PD402 要写明理由，如“PD402: 理由”；没有理由时这条规则照常检查。"


@pytest.mark.parametrize("code", ["PD999", "PD001", "PD901", "pd402"])
def test_only_rule_codes_can_be_silenced(tmp_path: Path, code: str) -> None:
    text = silenced(BASE, f"  {code}: 理由\n")
    problems = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目": text})]).problems
    assert [(p.code, p.message) for p in problems] == [("PD902", f"“忽略”中的“{code}”不是可以忽略的规则代码。")]


def test_a_silence_that_silences_nothing_is_a_warning(tmp_path: Path) -> None:
    text = silenced(BASE, "  PD402: 成本在其他项目列支\n")
    problems = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目": text})]).problems
    assert [(p.code, p.severity, p.message) for p in problems] == [
        ("PD903", "warning", "规则 PD402 在本项目中没有发现问题，这条忽略可以删去。")
    ]


def test_a_silence_applies_to_its_own_project_only(tmp_path: Path) -> None:
    other = edited(LOW_COSTS, ("项目名称: 测试项目", "项目名称: 其他项目"))
    text = silenced(edited(LOW_COSTS), "  PD402: 其余支出在另一个项目中列支\n")
    folder = write_unit(tmp_path / "u", {"测试项目": text, "其他项目": other})
    problems = perfdocs.check_folders([folder]).problems
    assert [(Path(p.location.path).name, p.code) for p in problems] == [("其他项目.yaml", "PD402")]


def test_problems_of_several_folders_are_gathered(tmp_path: Path) -> None:
    broken = write_unit(tmp_path / "坏", {"测试项目": "项目名称: [\n"})
    warned = write_unit(tmp_path / "好", {"测试项目": edited(LOW_COSTS)})
    report = perfdocs.check_folders([broken, warned])
    assert report.unreadable
    assert [p.code for p in report.problems] == ["PD001", "PD402"]
    assert report.clean == ()
    clean = perfdocs.check_folders([EXAMPLE_UNIT, warned / "测试项目.yaml"])
    assert clean.clean == ((str(EXAMPLE_UNIT), 7),)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warned = write_unit(tmp_path / "warned", {"测试项目": edited(LOW_COSTS)})
    failed = write_unit(tmp_path / "failed", {"测试项目": edited(OVER_BUDGET)})
    unreadable = write_unit(tmp_path / "unreadable", {"测试项目": "项目名称: [\n"})
    assert run(["check", str(EXAMPLE_UNIT), "--strict"], capsys)[0] == 0
    assert run(["check", str(warned)], capsys)[0] == 0
    assert run(["check", str(warned), "--strict"], capsys)[0] == 1
    assert run(["check", str(failed)], capsys)[0] == 1
    assert run(["check", str(unreadable), str(failed)], capsys)[0] == 2


def test_text_output_is_one_line_per_finding_then_the_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": edited(LOW_COSTS, ("其他资金: 5.00", "其他资金: 4.00"))})
    code, out, err = run(["check", str(folder)], capsys)
    assert (code, err) == (1, "")
    path = folder / "测试项目.yaml"
    assert out == (
        f"{path}:2:6: PD101 预算数 20.00 不等于财政资金 15.00 与其他资金 4.00 之和 19.00：请核对这三个金额。\n"
        " 2 | 预算数: 20.00\n"
        "   |         ^\n"
        f"{path}:2:6: PD402 警告：2 项成本指标合计 15.00 万元，只占预算数 20.00 万元的 75%：成本指标应覆盖主要支出。\n"
        " 2 | 预算数: 20.00\n"
        "   |         ^\n"
        "共 2 个问题：1 个错误，1 个警告。\n"
    )


def test_json_output_for_other_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": edited(LOW_COSTS)})
    code, out, _ = run(["check", str(folder), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out) == [
        {
            "file": str(folder / "测试项目.yaml"),
            "line": 2,
            "column": 6,
            "code": "PD402",
            "severity": "warning",
            "message": "2 项成本指标合计 15.00 万元，只占预算数 20.00 万元的 75%：成本指标应覆盖主要支出。",
            "field": "预算数",
        }
    ]


def test_build_refuses_on_errors_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": edited(OVER_BUDGET)})
    output = tmp_path / "out.docx"
    code, _, err = run(["build", str(folder), "-o", str(output), "--no-page-numbers"], capsys)
    assert code == 1
    assert "PD401 2 项成本指标合计 21.00 万元，超过预算数 20.00 万元" in err
    assert not output.exists()
    code, out, err = run(["build", str(folder), "-o", str(output), "--no-page-numbers", "--force"], capsys)
    assert code == 0
    assert "PD401" in err
    assert out == f"已生成 {output}\n"


def test_build_prints_warnings_and_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": edited(LOW_COSTS)})
    code, _, err = run(["build", str(folder), "-o", str(tmp_path / "out.docx"), "--no-page-numbers"], capsys)
    assert code == 0
    assert "PD402 警告：" in err
    with pytest.raises(perfdocs.CheckError):
        perfdocs.build(write_unit(tmp_path / "v", {"测试项目": edited(OVER_BUDGET)}), tmp_path / "x.docx")


def test_the_rules_command_lists_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["rules"], capsys)
    assert code == 0
    assert out.count("怎么改：") == len(perfdocs.RULES)
    assert "PD402 警告  成本指标（万元、元）合计不少于预算数的八成\n      怎么改：" in out
    assert run(["rules", "--markdown"], capsys)[1] == perfdocs.rule_table()
