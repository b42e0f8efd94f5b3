"""``perfdocs fmt``: one canonical form, comments kept, idempotent, and the example unit already in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs.cli import main
from perfdocs.formatting import formatted, trailing_comment

MESSY = """# yaml-language-server: $schema=.perfdocs/项目.schema.json
项目名称:   执法执勤用车更新-2025年
资金用途: 全部用于更新执法执勤用车1辆   # 与预算批复一致

预算数: 18.8
财政资金: 18.8
其他资金: ~
绩效目标: ["购入1辆执法执勤用车，确保提审、调查、查封扣押等工作正常运转。"]
绩效指标:
    # 产出
    产出指标:
        数量指标: {更新车辆数量: 1辆}
        质量指标:
            验收合格率: "100百分比"
        时效指标:
            资金支付及时率: 100百分比
        成本指标:
            更新成本: '<=18.8万元'  # 含购置税
    效益指标:
        社会效益指标:
            持续保障审判工作: 持续保障
    满意度指标:
        服务对象满意度指标:
            法院干警满意度: ≥95百分比
# 文件末尾的说明
"""
CANONICAL = """# yaml-language-server: $schema=.perfdocs/项目.schema.json
项目名称: 执法执勤用车更新-2025年
预算数: 18.80
财政资金: 18.80
其他资金:
资金用途: 全部用于更新执法执勤用车1辆  # 与预算批复一致
绩效目标:
  - 购入1辆执法执勤用车，确保提审、调查、查封扣押等工作正常运转。
绩效指标:
  # 产出
  产出指标:
    数量指标:
      更新车辆数量: 1辆
    质量指标:
      验收合格率: 100百分比
    时效指标:
      资金支付及时率: 100百分比
    成本指标:
      更新成本: ≤18.8万元  # 含购置税
  效益指标:
    社会效益指标:
      持续保障审判工作: 持续保障
  满意度指标:
    服务对象满意度指标:
      法院干警满意度: ≥95百分比
# 文件末尾的说明
"""


@pytest.fixture
def messy_unit(unit_copy: Path) -> Path:
    (unit_copy / "执法执勤用车更新-2025年.yaml").write_text(MESSY, encoding="utf-8")
    return unit_copy


def test_fmt_writes_the_canonical_form_and_keeps_comments(messy_unit: Path) -> None:
    report = perfdocs.format_paths([messy_unit])
    path = messy_unit / "执法执勤用车更新-2025年.yaml"
    assert report.changed == [path]
    assert len(report.files) == 8
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert perfdocs.load_project(path) == perfdocs.load_project(EXAMPLE_UNIT / path.name)


def test_fmt_twice_changes_nothing(messy_unit: Path) -> None:
    perfdocs.format_paths([messy_unit])
    before = {p: p.read_bytes() for p in messy_unit.iterdir()}
    assert perfdocs.format_paths([messy_unit]).changed == []
    assert {p: p.read_bytes() for p in messy_unit.iterdir()} == before


def test_the_example_unit_is_canonical_as_committed() -> None:
    for path in sorted(EXAMPLE_UNIT.glob("*.yaml")):
        assert formatted(path) == path.read_text(encoding="utf-8"), path.name


def test_check_names_the_files_and_changes_nothing(messy_unit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "--check", str(messy_unit)]) == 1
    out = capsys.readouterr().out
    assert out == (
        f"不是规范格式：{messy_unit / '执法执勤用车更新-2025年.yaml'}\n共 8 个文件，1 个需要改写，7 个已是规范格式。\n"
    )
    assert (messy_unit / "执法执勤用车更新-2025年.yaml").read_text(encoding="utf-8") == MESSY
    assert main(["fmt", "--check", str(EXAMPLE_UNIT)]) == 0


def test_fmt_finds_units_below_a_folder_and_skips_other_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLE_UNIT, tmp_path / "projects" / "2025")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path)]) == 0
    assert main(["fmt", "--check", str(tmp_path / ".pre-commit-config.yaml")]) == 0  # not ours: skipped
    assert "共 8 个文件" in capsys.readouterr().out


def test_a_file_that_cannot_be_read_is_reported_not_formatted(
    unit_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = unit_copy / "司法救助-2024中央.yaml"
    broken.write_text("项目名称: [\n", encoding="utf-8")
    assert main(["fmt", str(unit_copy)]) == 1
    assert "PD001 YAML 语法错误" in capsys.readouterr().err
    assert broken.read_text(encoding="utf-8") == "项目名称: [\n"


@pytest.mark.parametrize(
    ("line", "comment"),
    [
        ("a: b # c", "# c"),
        ("a: 'b # c' # d", "# d"),
        ('a: "b \\" # c" # d', "# d"),
        ("a: 'it''s # x'", None),
        ("a: b#c", None),
        ("# whole", "# whole"),
    ],
)
def test_trailing_comments_are_found_outside_quotes(line: str, comment: str | None) -> None:
    assert trailing_comment(line) == comment
