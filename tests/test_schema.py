"""The JSON Schemas: every file of the example unit is valid; a typo in a key is not."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs.cli import main


@pytest.fixture(scope="module")
def project_schema() -> dict[str, object]:
    return perfdocs.project_schema(perfdocs.shipped_framework())


@pytest.mark.parametrize(
    "path", sorted(p for p in EXAMPLE_UNIT.glob("*.yaml") if p.name != "单位.yaml"), ids=lambda p: p.stem
)
def test_every_project_file_is_valid(path: Path, project_schema: dict[str, object]) -> None:
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), project_schema)


def test_the_unit_file_is_valid() -> None:
    schema = perfdocs.unit_schema(perfdocs.framework_names())
    jsonschema.validate(yaml.safe_load((EXAMPLE_UNIT / "单位.yaml").read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("预算数:", "预算金额:"),
        ("  产出指标:", "  产出指摽:"),
        ("    数量指标:", "    数量指针:"),
        ("预算数: 18.80", "预算数: 十八"),
    ],
)
def test_a_typo_is_rejected(project_schema: dict[str, object], old: str, new: str) -> None:
    text = (EXAMPLE_UNIT / "执法执勤用车更新-2025年.yaml").read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(text), project_schema)


def test_the_schema_carries_chinese_descriptions_and_the_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["properties"]["预算数"]["description"] == "预算数，以单位.yaml 的金额单位计，两位小数，如 18.80。"
    assert schema["properties"]["绩效指标"]["propertyNames"]["anyOf"][0]["enum"] == [
        "产出指标",
        "效益指标",
        "满意度指标",
    ]
    assert main(["schema", "--unit"]) == 0
    assert "项目顺序" in json.loads(capsys.readouterr().out)["properties"]
