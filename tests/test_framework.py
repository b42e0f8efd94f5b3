"""Indicator frameworks as data: the shipped ones, a unit's choice, and files of a unit's own."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT
from test_rules import BASE, edited, write_unit

import perfdocs
from perfdocs.framework import framework_names, shipped_framework
from perfdocs.model import SCORE_PATTERN, bare_label, label_score


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
        ("坏.yaml", 4, "二级指标的类别应为 数量、质量、时效、成本、其他成本、效益、满意度 之一，不能是“多少”。"),
        ("坏.yaml", 6, "旧名称“老名字”对应的“不存在”不是本体系的二级指标。"),
        ("坏.yaml", 8, "“每个项目必须有”中的“产出”不是本体系的指标。"),
    ]


@pytest.mark.parametrize(
    ("label", "bare", "score"),
    [
        ("产出指标(50分)", "产出指标", (50, 50)),
        ("满意度指标（10分）", "满意度指标", (10, 10)),
        ("成本指标(0-20)分", "成本指标", (0, 20)),
        ("产出指标 (40-50)分", "产出指标", (40, 50)),
        ("效益指标（ 7.5 分 ）", "效益指标", (Decimal("7.5"), Decimal("7.5"))),
        ("产出指标", "产出指标", None),
        ("产出指标(50)", "产出指标(50)", None),  # no 分: not a score
        ("(50分)", "(50分)", None),  # nothing but a score: not a label with one
    ],
)
def test_scores_in_level1_labels(label: str, bare: str, score: tuple[int, int] | None) -> None:
    assert bare_label(label) == bare
    assert label_score(label) == (None if score is None else (Decimal(score[0]), Decimal(score[1])))
    # As the schema uses it: the names, then the score.
    assert bool(re.fullmatch(f"^(产出指标|成本指标|效益指标|满意度指标){SCORE_PATTERN}$", label)) == (score is not None)


def test_scored_labels_are_their_framework_labels(tmp_path: Path) -> None:
    framework = shipped_framework()
    assert framework.level1("产出指标(50分)") == "产出指标"
    assert framework.level1("成本指标(0-20)分") is None  # a 二级 in this framework
    text = edited(
        ("  产出指标:", "  产出指标(50分):"),
        ("  效益指标:", "  效益指标（30分）:"),
        ("  满意度指标:", "  满意度指标 (10分):"),
    )
    folder = write_unit(tmp_path / "u", {"测试项目": text})
    assert perfdocs.check_folders([folder]).problems == ()


def test_a_scored_label_not_in_the_framework(tmp_path: Path) -> None:
    text = edited(("  效益指标:", "  效果指标(30分):"))
    problems = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目": text})]).problems
    assert [(p.code, p.location.line, p.message) for p in problems] == [
        ("PD205", 9, "项目没有“效益指标”：指标体系“产出-效益-满意度”要求每个项目至少有一个。"),
        (
            "PD201",
            19,
            "一级指标“效果指标(30分)”不在指标体系“产出-效益-满意度”中。是不是“效益指标”？"
            "应为 产出指标、效益指标、满意度指标 之一。",
        ),
    ]


def test_a_level2_under_the_wrong_scored_label(tmp_path: Path) -> None:
    text = edited(
        ("  效益指标:", "  效益指标(30分):"),
        ("    社会效益指标:", "    质量指标:"),
        ("提升工作效率: 有效提升", "提升工作效率: ≥10%"),
    )
    problems = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目": text})]).problems
    assert [(p.code, p.location.line, p.message) for p in problems] == [
        ("PD203", 20, "二级指标“质量指标”属于“产出指标”，不能放在“效益指标(30分)”之下。")
    ]


def test_the_budget_systems_short_names_are_accepted_as_they_are(tmp_path: Path) -> None:
    """Inner Mongolia's export prints 服务对象满意度, 可持续影响, 社会效益: no error, no warning."""
    text = edited(
        (
            "    社会效益指标:\n      提升工作效率: 有效提升\n",
            "    社会效益:\n      提升工作效率: 有效提升\n    可持续影响:\n      长效: 长期\n",
        ),
        ("    服务对象满意度指标:", "    服务对象满意度:"),
    )
    folder = write_unit(tmp_path / "u", {"测试项目": text})
    assert perfdocs.check_folders([folder]).problems == ()
    framework = perfdocs.load_unit(folder).framework
    assert framework is not None
    assert framework.level1_of("服务对象满意度") == "满意度指标"
    assert framework.kind("社会效益") == "效益"
    assert framework.canonical("可持续影响") == "可持续影响指标"
    assert framework.canonical("环境效益指标") == "生态效益指标"


def test_a_short_name_under_the_wrong_label(tmp_path: Path) -> None:
    text = edited(("    社会效益指标:\n", "    服务对象满意度:\n"), ("提升工作效率: 有效提升", "提升工作效率: ≥95%"))
    problems = perfdocs.check_folders([write_unit(tmp_path / "u", {"测试项目": text})]).problems
    assert [(p.code, p.location.line, p.message) for p in problems] == [
        ("PD203", 20, "二级指标“服务对象满意度”属于“满意度指标”，不能放在“效益指标”之下。")
    ]


SHANGHAI = """项目名称: 兰溪路-真南路下立交工程
预算数: 22614.51
财政资金: 22614.51
其他资金: 0.00
资金用途: 工程建设
绩效目标:
  - 积极推进项目前期征收工作，年内开展管线搬迁及维护结构施工。
绩效指标:
  成本指标:
    生态环境成本指标:
      文明施工情况: 可控
  产出指标:
    数量指标:
      道路建设长度: 985米
    质量指标:
      项目验收达标率: =100.00(%)
    时效指标:
      项目完成及时性: 2027年底前
  效益指标:
    社会效益指标:
      道路安全隐患减少情况: 减少
      道路景观提升情况: 提升
      道路通行能力提升情况: 提升
    可持续影响指标:
      长效管理制度健全性: 健全
  满意度指标:
    服务对象满意度指标:
      居民群众满意度: ≥90.00(%)
"""


def test_the_shanghai_table_follows_the_newer_framework(tmp_path: Path) -> None:
    """成本指标 first, as a 一级; 生态环境成本指标 written “可控” (not money); 可持续影响指标 under 效益指标.
    (The published 时效 value is “及时”, which PD302 warns of; here it is a date.)"""
    folder = write_unit(
        tmp_path / "u", {"兰溪路-真南路下立交工程": SHANGHAI}, framework="指标体系: 产出-成本-效益-满意度\n"
    )
    assert perfdocs.check_folders([folder]).problems == ()
    framework = perfdocs.load_unit(folder).framework
    assert framework is not None
    assert framework.kind("生态环境成本指标") == "其他成本"
    assert framework.kind("经济成本指标") == "成本"


def test_the_shipped_frameworks_accept_90_or_100() -> None:
    for name in framework_names():
        assert shipped_framework(name).score_totals == (Decimal(90), Decimal(100))


def test_a_framework_file_with_bad_short_names_and_totals(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": BASE}, framework="指标体系: 坏.yaml\n")
    (folder / "坏.yaml").write_text(
        "名称: 坏\n一级指标:\n  产出指标:\n    数量指标: 数量\n旧名称:\n  数量: 数量指标\n"
        "简称:\n  数量: 数量指标\n  产出指标: 数量指标\n  质量: 质量指标\n"
        "每个项目必须有:\n  - 产出指标\n分值合计: [90, 零]\n",
        encoding="utf-8",
    )
    report = perfdocs.check_folders([folder])
    assert report.unreadable
    assert [(Path(p.location.path).name, p.location.line, p.message) for p in report.problems] == [
        ("坏.yaml", 8, "“数量”既是旧名称又是简称：只能写在一处。"),
        ("坏.yaml", 9, "简称“产出指标”已是本体系的指标名称，不能再作简称。"),
        ("坏.yaml", 10, "简称“质量”对应的“质量指标”不是本体系的二级指标。"),
        ("坏.yaml", 13, "“分值合计”应为大于 0 的数（如 90 或 100），或这样的数的列表，不能是“零”。"),
    ]


def test_a_framework_with_one_total(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "u", {"测试项目": BASE}, framework="指标体系: 本单位.yaml\n")
    (folder / "本单位.yaml").write_text(
        "名称: 本单位\n一级指标:\n  产出指标:\n    数量指标: 数量\n每个项目必须有:\n  - 产出指标\n分值合计: 100\n",
        encoding="utf-8",
    )
    framework = perfdocs.load_unit(folder).framework
    assert framework is not None
    assert framework.score_totals == (Decimal(100),)
