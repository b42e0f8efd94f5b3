"""The field vocabulary is the one home of the YAML keys: the loader, writer and schema follow it."""

from __future__ import annotations

from dataclasses import fields as dataclass_fields

import perfdocs
from perfdocs.fields import INDICATOR_FIELDS, PROJECT_FIELDS, UNIT_FIELDS, Kind, keys
from perfdocs.model import Indicator, Project, Unit
from perfdocs.schema import project_schema, unit_schema


def test_every_field_names_an_attribute_of_the_model() -> None:
    for table, model in ((UNIT_FIELDS, Unit), (PROJECT_FIELDS, Project), (INDICATOR_FIELDS, Indicator)):
        attributes = {field.name for field in dataclass_fields(model)}
        missing = [field.key for field in table if field.attribute not in attributes | {"order"}]
        assert missing == [], model.__name__


def test_keys_are_unique_and_described_in_chinese() -> None:
    for table in (UNIT_FIELDS, PROJECT_FIELDS, INDICATOR_FIELDS):
        assert len(keys(table)) == len(table)
        assert all(field.description.endswith("。") for field in table)


def test_only_what_every_layout_prints_is_required() -> None:
    assert [field.key for field in PROJECT_FIELDS if field.required] == ["项目名称", "预算数", "绩效目标", "绩效指标"]
    assert [field.key for field in UNIT_FIELDS if field.required] == ["单位名称", "金额单位", "标题", "项目顺序"]


def test_the_schemas_list_the_keys_in_the_table_order() -> None:
    framework = perfdocs.shipped_framework("产出-效益-满意度")
    assert list(project_schema(framework)["properties"]) == list(keys(PROJECT_FIELDS))
    assert list(unit_schema(["产出-效益-满意度"])["properties"]) == list(keys(UNIT_FIELDS))
    indicator = project_schema(framework)["properties"]["绩效指标"]["additionalProperties"]["additionalProperties"]
    assert list(indicator["additionalProperties"]["oneOf"][1]["properties"]) == list(keys(INDICATOR_FIELDS))


def test_money_fields_are_the_amounts_of_the_model() -> None:
    money = [field.attribute for field in PROJECT_FIELDS if field.kind is Kind.MONEY]
    assert money[:3] == ["budget", "fiscal_funds", "other_funds"]
    assert [field.key for field in PROJECT_FIELDS if field.always] == ["财政资金", "其他资金"]
