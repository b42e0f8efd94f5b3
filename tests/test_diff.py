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


def test_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE_UNIT), str(EXAMPLE_UNIT)]) == 0
    assert capsys.readouterr().out == f"比较：{EXAMPLE_UNIT} → {EXAMPLE_UNIT}\n没有变化。\n"


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
    assert "无法从 git 读出" in err
    assert "Traceback" not in err


def test_one_folder_needs_a_revision(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLE_UNIT)]) == 2
    assert "要用 --rev 指明" in capsys.readouterr().err
