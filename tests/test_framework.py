"""Indicator frameworks as data: the shipped ones, a unit's choice, and files of a unit's own."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLE_UNIT
from test_rules import BASE, edited, write_unit

import perfdocs
from perfdocs.framework import framework_names


def test_two_frameworks_ship() -> None:
    assert framework_names() == ["产出-成本-效益-满意度", "产出-效益-满意度"]


def test_the_example_unit_follows_the_default_framework() -> None:
    framework = perfdocs.load_unit(EXAMPLE_UNIT).framework
    assert framework is not None
    assert framework.name == "产出-效益-满意度"
    assert framework.level1_of("成本指标") == "产出指标"
    assert framework.kind("社会公众或服务对象满意度指标") == "满意度"
    assert framework.required == ("产出指标", "效益指标", "满意度指标", "数量指标")


def test_in_the_newer_framework_cost_is_a_first_level_indicator(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": BASE}, framework="指标体系: 产出-成本-效益-满意度\n")
    problems = perfdocs.check_folders([folder]).problems
    assert [(p.code, p.location.line, p.message) for p in problems] == [
        ("PD205", 9, "项目没有“成本指标”：指标体系“产出-成本-效益-满意度”要求每个项目至少有一个。"),
        (
            "PD202",
            16,
            "二级指标“成本指标”不在指标体系“产出-成本-效益-满意度”中。在这个体系中“成本指标”是一级指标。"
            "“产出指标”下可用：数量指标、质量指标、时效指标。",
        ),
    ]


def test_a_project_written_for_the_newer_framework(tmp_path: Path) -> None:
    text = edited(
        ("    成本指标:\n", "  成本指标:\n    经济成本指标:\n"),
        (
            "      设备购置成本: ≤12万元\n      安装成本: ≤8万元\n",
            "      设备购置成本: ≤12万元\n      安装成本: ≤8万元\n",
        ),
    )
    folder = write_unit(tmp_path / "u", {"测试项目": text}, framework="指标体系: 产出-成本-效益-满意度\n")
    assert perfdocs.check_folders([folder]).problems == ()


def test_a_unit_can_bring_its_own_framework(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": BASE}, framework="指标体系: 本单位指标体系.yaml\n")
    (folder / "本单位指标体系.yaml").write_text(
        "名称: 本单位\n一级指标:\n  产出指标:\n    数量指标: 数量\n每个项目必须有:\n  - 产出指标\n", encoding="utf-8"
    )
    report = perfdocs.check_folders([folder])
    assert not report.unreadable
    assert {p.code for p in report.problems} == {"PD201", "PD202"}


def test_an_unknown_framework_is_named(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": BASE}, framework="指标体系: 新体系\n")
    report = perfdocs.check_folders([folder])
    assert report.unreadable
    assert [(p.code, p.location.line, p.message) for p in report.problems] == [
        (
            "PD003",
            4,
            "不认识的指标体系“新体系”：可用的有 产出-成本-效益-满意度、产出-效益-满意度，"
            "也可以写一个指标体系 .yaml 文件的路径。",
        )
    ]


def test_a_broken_framework_file_is_reported_in_that_file(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": BASE}, framework="指标体系: 坏.yaml\n")
    (folder / "坏.yaml").write_text(
        "名称: 坏\n一级指标:\n  产出指标:\n    数量指标: 多少\n旧名称:\n  老名字: 不存在\n每个项目必须有:\n  - 产出\n",
        encoding="utf-8",
    )
    report = perfdocs.check_folders([folder])
    assert report.unreadable
    assert [(Path(p.location.path).name, p.location.line, p.message) for p in report.problems] == [
        ("坏.yaml", 4, "二级指标的类别应为 数量、质量、时效、成本、效益、满意度 之一，不能是“多少”。"),
        ("坏.yaml", 6, "旧名称“老名字”对应的“不存在”不是本体系的二级指标。"),
        ("坏.yaml", 8, "“每个项目必须有”中的“产出”不是本体系的指标。"),
    ]
