"""JSON Schemas of the unit and project files, for editors (completion, red squiggles).

An editor with the YAML language server reads the ``# yaml-language-server:
$schema=…`` line that ``perfdocs new`` writes. The schema knows the keys, their
Chinese descriptions and the labels of the unit's indicator framework; the
checks of ``perfdocs check`` remain the last word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from perfdocs.fields import INDICATOR_FIELDS, PROJECT_FIELDS, UNIT_FIELDS, Field, Kind
from perfdocs.indicators import DIRECTIONS, NATURES
from perfdocs.layouts import layouts
from perfdocs.model import SCORE_PATTERN, Framework
from perfdocs.money import MONEY_UNITS

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TEXT = {"type": "string", "minLength": 1}
_NUMBER_OR_TEXT = {"type": ["string", "number"]}
_MONEY = {"type": "number", "minimum": 0}
_BLANK_MONEY = {"type": ["number", "null"], "minimum": 0}
#: The schema of a value, by its kind, where the kind alone decides it.
_BY_KIND: dict[Kind, dict[str, Any]] = {
    Kind.TEXT: _TEXT,
    Kind.TEXTS: {"type": "array", "minItems": 1, "items": _TEXT},
    Kind.DATE: _NUMBER_OR_TEXT,
    Kind.NUMBER: {"type": ["number", "string"]},
}
_CHOICES = {"指标性质": list(NATURES), "指标方向": list(DIRECTIONS)}


def project_schema(framework: Framework) -> dict[str, Any]:
    """The schema of a project file under ``framework``."""
    others = set(framework.aliases) | set(framework.short_names)
    level2_names = sorted({name for kinds in framework.kinds.values() for name in kinds} | others)
    columns = {
        field.key: {"enum": _CHOICES[field.key]} if field.key in _CHOICES else _BY_KIND[field.kind]
        for field in INDICATOR_FIELDS
    }
    value = {
        "oneOf": [
            {**_NUMBER_OR_TEXT, "description": INDICATOR_FIELDS[0].description},
            {
                "type": "object",
                "properties": {
                    field.key: {**columns[field.key], "description": field.description} for field in INDICATOR_FIELDS
                },
                "required": [field.key for field in INDICATOR_FIELDS if field.required],
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
    level1_names = {"anyOf": [{"enum": list(framework.kinds)}, {"pattern": _scored(framework.kinds)}]}
    special: dict[str, Any] = {
        "绩效指标": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": level1_names,
            "additionalProperties": level2,
        },
        "一级指标不合并": {"type": "array", "items": level1_names},
        "忽略": {
            "type": "object",
            "propertyNames": {"pattern": "^PD[1-5][0-9]{2}$"},
            "additionalProperties": {"type": ["string", "null"]},
        },
    }
    properties = {field.key: special.get(field.key) or _value_schema(field) for field in PROJECT_FIELDS}
    return _schema("perfdocs 项目文件", properties, PROJECT_FIELDS)


def unit_schema(framework_names: list[str]) -> dict[str, Any]:
    """The schema of ``单位.yaml``."""
    special: dict[str, Any] = {
        "单位编码": {"type": "string", "pattern": "^[0-9A-Za-z]+$"},
        "金额单位": {"enum": list(MONEY_UNITS)},
        "指标体系": {"anyOf": [{"enum": framework_names}, {"type": "string", "pattern": "\\.yaml$"}]},
        "版式": {"enum": list(layouts())},
        "年度": _NUMBER_OR_TEXT,
        "项目顺序": {"type": "array", "minItems": 1, "items": _TEXT, "uniqueItems": True},
    }
    properties = {field.key: special.get(field.key) or _value_schema(field) for field in UNIT_FIELDS}
    return _schema("perfdocs 单位文件（单位.yaml）", properties, UNIT_FIELDS)


def _scored(names: Iterable[str]) -> str:
    """A pattern of the labels with a score, as published tables write them (“产出指标(50分)”)."""
    return f"^({'|'.join(map(re.escape, names))}){SCORE_PATTERN}$"


def _value_schema(field: Field) -> dict[str, Any]:
    if field.kind is Kind.MONEY:
        return _BLANK_MONEY if field.blank else _MONEY
    return _BY_KIND[field.kind]


def _schema(title: str, properties: dict[str, Any], fields: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "$schema": _DRAFT,
        "title": title,
        "type": "object",
        "properties": {field.key: {**properties[field.key], "description": field.description} for field in fields},
        "required": [field.key for field in fields if field.required],
        "additionalProperties": False,
    }
