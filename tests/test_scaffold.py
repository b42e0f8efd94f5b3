"""``perfdocs new``: a project file with every section, the schema line, and a place in the order."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import perfdocs
from perfdocs.cli import main


def test_new_writes_a_loadable_project_and_adds_it_to_the_order(
    unit_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unit_file = unit_copy / "单位.yaml"
    unit_file.write_text("# 本单位 2025 年\n" + unit_file.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["new", "档案数字化-2025年", "-u", str(unit_copy)]) == 0
    path = unit_copy / "档案数字化-2025年.yaml"
    assert f"已新建 {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.perfdocs/项目.schema.json\n项目名称: 档案数字化-2025年\n")
    for key in (
        "预算数:",
        "财政资金:",
        "其他资金:",
        "资金用途:",
        "绩效目标:",
        "绩效指标:",
        "产出指标:",
        "效益指标:",
        "满意度指标:",
    ):
        assert key in text
    unit = perfdocs.load_unit(unit_copy)
    assert unit.projects[-1].name == "档案数字化-2025年"
    assert unit_file.read_text(encoding="utf-8").startswith("# 本单位 2025 年\n")
    schema = json.loads((unit_copy / ".perfdocs" / "项目.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(text), schema)
    codes = {problem.code for problem in perfdocs.check_unit(unit)}
    assert "PD301" in codes  # the placeholders are still to be filled in


def test_new_never_overwrites(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = unit_copy / "司法救助-2024中央.yaml"
    before = existing.read_bytes()
    assert main(["new", "司法救助-2024中央", "-u", str(unit_copy)]) == 1
    assert "这个项目文件已经存在，没有改动它。" in capsys.readouterr().err
    assert existing.read_bytes() == before


def test_a_name_that_cannot_be_a_file_name(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "a/b", "-u", str(unit_copy)]) == 1
    assert "不能用作文件名" in capsys.readouterr().err
