"""``perfdocs diff``: what changed, in words, Markdown and JSON, between folders or git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT

from perfdocs.cli import main


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def make_edits(folder: Path) -> None:
    """One budget change, one indicator added, one value changed, one project removed."""
    edit(
        folder / "陪审员调解员劳务及变压设备维护-2025年.yaml",
        "预算数: 17.20\n财政资金: 17.20",
        "预算数: 18.20\n财政资金: 18.20",
    )
    edit(
        folder / "执法执勤用车更新-2025年.yaml",
        "      更新车辆数量: 1辆\n",
        "      更新车辆数量: 1辆\n      培训驾驶员人数: 2人\n",
    )
    edit(
        folder / "法院办案业务、业务装备及审判辅助事务外包-2025中央.yaml",
        "档案扫描成本: ≤69万元",
        "档案扫描成本: ≤68万元",
    )
    (folder / "司法救助-2024中央.yaml").unlink()
    edit(folder / "单位.yaml", "  - 司法救助-2024中央\n", "")


@pytest.fixture
def edited(unit_copy: Path) -> Path:
    make_edits(unit_copy)
    return unit_copy


TEXT = """比较：{old} → {new}
删除项目（1）：
  - 司法救助-2024中央（预算数 54.29）
变动项目（3）：
  法院办案业务、业务装备及审判辅助事务外包-2025中央
    修改指标：产出指标／成本指标／档案扫描成本：≤69万元 → ≤68万元
  陪审员调解员劳务及变压设备维护-2025年
    预算数：17.20 → 18.20（+1.00，+5.81%）
    财政资金：17.20 → 18.20（+1.00，+5.81%）
  执法执勤用车更新-2025年
    新增指标：产出指标／数量指标／培训驾驶员人数：2人
预算合计：622.33 → 569.04（-53.29，-8.56%）
"""


def test_text_reports_exactly_the_edits(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE_UNIT), str(edited)]) == 0
    assert capsys.readouterr().out == TEXT.format(old=EXAMPLE_UNIT, new=edited)


def test_markdown_for_a_merge_request(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE_UNIT), str(edited), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"### 绩效目标表的变动：{EXAMPLE_UNIT} → {edited}\n")
    assert "| 司法救助-2024中央 | 54.29 |" in out
    assert "| 预算数 | 17.20 | 18.20（+1.00，+5.81%） |" in out
    assert "| 新增指标 产出指标／数量指标／培训驾驶员人数 |  | 2人 |" in out
    assert "| 指标 产出指标／成本指标／档案扫描成本 | ≤69万元 | ≤68万元 |" in out
    assert out.count("#### ") == 3


def test_json_for_scripts(edited: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE_UNIT), str(edited), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["added"] == []
    assert data["removed"] == [{"name": "司法救助-2024中央", "budget": "54.29"}]
    changed = {project["name"]: project for project in data["changed"]}
    assert changed["陪审员调解员劳务及变压设备维护-2025年"]["fields"][0] == {
        "field": "预算数", "old": "17.20", "new": "18.20", "difference": "1.00", "percent": "5.81",
    }  # fmt: skip
    assert changed["执法执勤用车更新-2025年"]["indicators_added"] == [
        {
            "一级指标": "产出指标",
            "二级指标": "数量指标",
            "三级指标": "培训驾驶员人数",
            "指标值": "2人",
            "绩效指标描述": "培训驾驶员人数",
        }
    ]
    (change,) = changed["法院办案业务、业务装备及审判辅助事务外包-2025中央"]["indicators_changed"]
    assert (change["old"]["指标值"], change["new"]["指标值"]) == ("≤69万元", "≤68万元")
    assert data["total"]["difference"] == "-53.29"


def test_no_changes_still_gives_the_total(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE_UNIT), str(EXAMPLE_UNIT)]) == 0
    assert capsys.readouterr().out == f"比较：{EXAMPLE_UNIT} → {EXAMPLE_UNIT}\n没有变化。\n预算合计：622.33（无变化）\n"


def test_the_unit_file_is_compared_too(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Everything 单位.yaml puts into the document: code, name, money unit, title lines, framework, order."""
    unit_file = unit_copy / "单位.yaml"
    edit(unit_file, '单位编码: "207101"', '单位编码: "207102"')
    edit(unit_file, "单位名称: 天津市河北区人民法院", "单位名称: 天津市河北区法院")
    edit(unit_file, "金额单位: 万元", "金额单位: 元")
    edit(unit_file, "  - (2025年)\n", "  - （2025年）\n")
    edit(unit_file, "标题:", "指标体系: 产出-成本-效益-满意度\n标题:")
    edit(
        unit_file,
        "  - 司法救助-2024中央\n  - 执法执勤用车更新-2025年\n",
        "  - 执法执勤用车更新-2025年\n  - 司法救助-2024中央\n",
    )
    assert main(["diff", str(EXAMPLE_UNIT), str(unit_copy)]) == 0
    assert capsys.readouterr().out == (
        f"比较：{EXAMPLE_UNIT} → {unit_copy}\n"
        "单位：\n"
        "  单位编码：207101 → 207102\n"
        "  单位名称：天津市河北区人民法院 → 天津市河北区法院\n"
        "  金额单位：万元 → 元\n"
        "  指标体系：产出-效益-满意度 → 产出-成本-效益-满意度\n"
        "  标题：天津市河北区人民法院 / 项目支出绩效目标表 / (2025年)"
        " → 天津市河北区人民法院 / 项目支出绩效目标表 / （2025年）\n"
        "项目顺序（2 个项目换了位置）：\n"
        "  执法执勤用车更新-2025年：第 7 个 → 第 6 个\n"
        "  司法救助-2024中央：第 6 个 → 第 7 个\n"
        "预算合计：622.33 万元 → 622.33 元\n"  # no difference across money units
    )


def test_what_else_reaches_the_table(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The order of indicators and which 一级 cells are not merged are printed, so they are compared."""
    project = unit_copy / "执法执勤用车更新-2025年.yaml"
    edit(
        project,
        "    数量指标:\n      更新车辆数量: 1辆\n    质量指标:\n      验收合格率: 100百分比\n",
        "    质量指标:\n      验收合格率: 100百分比\n    数量指标:\n      更新车辆数量: 1辆\n",
    )
    project.write_text(project.read_text(encoding="utf-8") + "一级指标不合并:\n  - 产出指标\n", encoding="utf-8")
    assert main(["diff", str(EXAMPLE_UNIT), str(unit_copy)]) == 0
    out = capsys.readouterr().out
    assert "    一级指标不合并：（无） → 产出指标\n" in out
    assert (
        "    指标顺序：更新车辆数量、验收合格率、资金支付及时率、更新成本、持续保障审判工作、法院干警满意度"
        " → 验收合格率、更新车辆数量、资金支付及时率、更新成本、持续保障审判工作、法院干警满意度\n"
    ) in out


def test_two_projects_of_one_name_are_both_compared(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    twin = unit_copy / "副本.yaml"
    source = unit_copy / "执法执勤用车更新-2025年.yaml"
    twin.write_text(
        source.read_text(encoding="utf-8").replace("预算数: 18.80\n财政资金: 18.80", "预算数: 1.00\n财政资金: 1.00"),
        encoding="utf-8",
    )
    edit(unit_copy / "单位.yaml", "  - 执法执勤用车更新-2025年\n", "  - 执法执勤用车更新-2025年\n  - 副本\n")
    assert main(["diff", str(EXAMPLE_UNIT), str(unit_copy)]) == 0
    out = capsys.readouterr().out
    assert "注意：项目名称“执法执勤用车更新-2025年”用于不止一个项目，按出现的先后对应比较。\n" in out
    assert "  + 执法执勤用车更新-2025年（预算数 1.00）\n" in out
    assert out.endswith("预算合计：622.33 → 623.33（+1.00，+0.16%）\n")


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(["git", "-C", str(folder), *arguments], check=True, capture_output=True)


def test_a_folder_against_its_git_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repository = tmp_path / "repo"
    unit = repository / "projects" / "2025"
    shutil.copytree(EXAMPLE_UNIT, unit)
    git(repository, "init", "-q")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "2025")
    make_edits(unit)
    assert main(["diff", str(unit), "--rev", "HEAD"]) == 0
    assert capsys.readouterr().out == TEXT.format(old=f"{unit}@HEAD", new=unit)


def test_a_revision_that_does_not_exist(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repository = tmp_path / "repo"
    shutil.copytree(EXAMPLE_UNIT, repository / "u")
    git(repository, "init", "-q")
    assert main(["diff", str(repository / "u"), "--rev", "nosuch"]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"{repository}: PD004 git 中找不到版本“nosuch”：请用 git log 查看可用的版本（如 HEAD~1、main）。\n"
        "共 1 个问题。\n"
    )


@pytest.mark.parametrize("revision", ["--output=被写的文件", "-o被写的文件", "HEAD\n--output=x"])
def test_a_revision_is_never_an_option(tmp_path: Path, revision: str, capsys: pytest.CaptureFixture[str]) -> None:
    repository = tmp_path / "repo"
    shutil.copytree(EXAMPLE_UNIT, repository / "u")
    git(repository, "init", "-q")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repository, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "2025")
    assert main(["diff", str(repository / "u"), f"--rev={revision}"]) == 1
    assert "不是 git 的版本名" in capsys.readouterr().err
    assert sorted(path.name for path in repository.iterdir()) == [".git", "u"]
    assert not (tmp_path / "被写的文件").exists()


def test_one_folder_needs_a_revision(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE_UNIT)]) == 2
    assert "要用 --rev 指明" in capsys.readouterr().err


@pytest.mark.parametrize("revision", ["", " "])
def test_an_empty_revision_is_a_usage_error(revision: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An unset $BASE_REF in CI must not compare the folder with itself and pass."""
    assert main(["diff", str(EXAMPLE_UNIT), f"--rev={revision}"]) == 2
    assert capsys.readouterr().err.startswith("错误：'--rev' 的值不对：不能为空。")
