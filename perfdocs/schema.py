"""JSON Schemas of the unit and project files, for editors (completion, red squiggles).

An editor with the YAML language server reads the ``# yaml-language-server:
$schema=…`` line that ``perfdocs new`` writes. The schema knows the keys, their
Chinese descriptions and the labels of the unit's indicator framework; the
checks of ``perfdocs check`` remain the last word.
"""

from __future__ import annotations

from typing import Any

from perfdocs.loader import INDICATOR_KEYS, PROJECT_KEYS, UNIT_KEYS
from perfdocs.model import Framework

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TEXT = {"type": "string", "minLength": 1}
_NUMBER_OR_TEXT = {"type": ["string", "number"]}
_MONEY = {"type": "number", "minimum": 0}
_PROJECT_DESCRIPTIONS = {
    "项目名称": "项目名称，与文件名一致。",
    "标题": "表格上方的标题；不写时为“项目名称绩效目标表”。几个项目写同一标题时排在同一个编号标题下。",
    "预算数": "预算数，单位万元，两位小数，如 18.80。",
    "财政资金": "其中：财政资金；没有时留空。",
    "其他资金": "其他资金；没有时留空。",
    "资金用途": "资金用途，一行文字。",
    "绩效目标": "绩效目标，每条一项，生成时自动编号。",
    "绩效指标": "一级指标 → 二级指标 → 三级指标: 指标值。",
    "一级指标不合并": "表格中不合并单元格的一级指标。",
    "忽略": "本项目不适用的检查规则及理由，如 PD402: 理由。",
}
_UNIT_DESCRIPTIONS = {
    "单位编码": '单位编码，写成文字（加引号），如 "207101"。',
    "单位名称": "单位名称。",
    "金额单位": "金额单位。",
    "指标体系": "所用的绩效指标体系：自带体系的名称，或本单位指标体系文件的路径。",
    "标题": "文档开头的标题，每行一项。",
    "项目顺序": "文档中项目的顺序，每项为一个项目名称（即项目文件名）。",
}


def project_schema(framework: Framework) -> dict[str, Any]:
    """The schema of a project file under ``framework``."""
    level2_names = sorted({name for kinds in framework.kinds.values() for name in kinds} | set(framework.aliases))
    value = {
        "oneOf": [
            {**_NUMBER_OR_TEXT, "description": "指标值，如 ≥95百分比、1辆、充分提升。"},
            {
                "type": "object",
                "properties": {"指标值": _NUMBER_OR_TEXT, "绩效指标描述": _TEXT},
                "required": [key for key, required in INDICATOR_KEYS.items() if required],
                "additionalProperties": False,
            },
        ]
    }
    level3 = {"type": "object", "minProperties": 1, "additionalProperties": value}
    level2 = {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"enum": level2_names},
        "additionalProperties": level3,
    }
    properties: dict[str, Any] = {
        "项目名称": _TEXT,
        "标题": _TEXT,
        "预算数": _MONEY,
        "财政资金": {"type": ["number", "null"], "minimum": 0},
        "其他资金": {"type": ["number", "null"], "minimum": 0},
        "资金用途": _TEXT,
        "绩效目标": {"type": "array", "minItems": 1, "items": _TEXT},
        "绩效指标": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"enum": list(framework.kinds)},
            "additionalProperties": level2,
        },
        "一级指标不合并": {"type": "array", "items": {"enum": list(framework.kinds)}},
        "忽略": {
            "type": "object",
            "propertyNames": {"pattern": "^PD[1-5][0-9]{2}$"},
            "additionalProperties": {"type": ["string", "null"]},
        },
    }
    return _schema("perfdocs 项目文件", properties, PROJECT_KEYS, _PROJECT_DESCRIPTIONS)


def unit_schema(framework_names: list[str]) -> dict[str, Any]:
    """The schema of ``单位.yaml``."""
    properties: dict[str, Any] = {
        "单位编码": {"type": "string", "pattern": "^[0-9A-Za-z]+$"},
        "单位名称": _TEXT,
        "金额单位": {"enum": ["万元", "元"]},
        "指标体系": {"anyOf": [{"enum": framework_names}, {"type": "string", "pattern": "\\.yaml$"}]},
        "标题": {"type": "array", "minItems": 1, "items": _TEXT},
        "项目顺序": {"type": "array", "minItems": 1, "items": _TEXT, "uniqueItems": True},
    }
    return _schema("perfdocs 单位文件（单位.yaml）", properties, UNIT_KEYS, _UNIT_DESCRIPTIONS)


def _schema(
    title: str, properties: dict[str, Any], keys: dict[str, bool], descriptions: dict[str, str]
) -> dict[str, Any]:
    return {
        "$schema": _DRAFT,
        "title": title,
        "type": "object",
        "properties": {key: {**properties[key], "description": descriptions[key]} for key in keys},
        "required": [key for key, required in keys.items() if required],
        "additionalProperties": False,
    }
