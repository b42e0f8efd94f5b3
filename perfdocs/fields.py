"""The field vocabulary: the one place that knows the Chinese keys of the YAML files.

Each :class:`Field` gives a key's YAML spelling, the model attribute that holds it,
its kind, whether every file must have it, and its Chinese description (the schema
shows it in editors). The loader, the writer, the schema, diff and the importer all
read these tables, in this order, which is also the order the canonical files write.

Whether a field is *required* here means: required whatever the layout. A layout may
need more (the Tianjin table prints 资金用途, the Shanghai form 项目性质); it says so
in its own description (:mod:`perfdocs.layouts`), and the loader asks for both.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from perfdocs.money import MONEY_UNITS


class Kind(Enum):
    """What a field's value is, which decides how it is read, written and compared."""

    TEXT = "文字"
    TEXTS = "文字列表"
    MONEY = "金额"
    DATE = "日期"
    NUMBER = "数"
    INDICATORS = "绩效指标"
    SILENCES = "忽略的规则"
    CHOICE = "选项"


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    attribute: str
    kind: Kind
    required: bool
    description: str
    #: What to write when the field is missing (appended to the message).
    hint: str = ""
    #: Whether a blank value (``key:``) is allowed and means "nothing" (a money cell left blank).
    blank: bool = False
    #: Whether the canonical file writes the key even when blank (``财政资金:``: the cell is printed blank).
    always: bool = False


def keys(fields: tuple[Field, ...]) -> dict[str, bool]:
    """Each key, and whether it is required: the form :class:`~perfdocs.yamlsource.Fields` takes."""
    return {field.key: field.required for field in fields}


def by_key(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {field.key: field for field in fields}


def by_attribute(fields: tuple[Field, ...]) -> dict[str, Field]:
    return {field.attribute: field for field in fields}


UNIT_FIELDS: tuple[Field, ...] = (
    Field("单位编码", "code", Kind.TEXT, False, '单位编码，写成文字（加引号），如 "207101"。'),
    Field("单位名称", "name", Kind.TEXT, True, "单位名称。"),
    Field("金额单位", "money_unit", Kind.CHOICE, True, f"YAML 中金额的单位：{'、'.join(MONEY_UNITS)}之一。"),
    Field(
        "指标体系", "framework", Kind.TEXT, False, "所用的绩效指标体系：自带体系的名称，或本单位指标体系文件的路径。"
    ),
    Field("版式", "layout", Kind.CHOICE, False, "文档的版式，不写时为天津；perfdocs layouts 列出各版式及其说明。"),
    Field("年度", "year", Kind.TEXT, False, "预算年度，如 2026；上海版式印在表头“（2026年度）”。"),
    Field("标题", "title_lines", Kind.TEXTS, True, "文档开头的标题，每行一项。"),
    Field(
        "项目顺序",
        "order",
        Kind.TEXTS,
        True,
        "文档中项目的顺序，每项为一个项目名称（即项目文件名）。",
        "按文档中的顺序列出各项目名称。",
    ),
)

PROJECT_FIELDS: tuple[Field, ...] = (
    Field("项目名称", "name", Kind.TEXT, True, "项目名称，与文件名一致。"),
    Field(
        "标题",
        "heading",
        Kind.TEXT,
        False,
        "表格上方的标题；不写时为“项目名称绩效目标表”。几个项目写同一标题时排在同一个编号标题下。",
    ),
    Field("项目性质", "nature", Kind.TEXT, False, "项目性质，如 阶段性项目、经常性项目。"),
    Field("项目类别", "category", Kind.TEXT, False, "项目类别，如 特定目标类、32-专项资金项目。"),
    Field("主管部门", "department", Kind.TEXT, False, "主管部门。"),
    Field("实施单位", "implementer", Kind.TEXT, False, "实施单位。"),
    Field("计划开始日期", "start_date", Kind.DATE, False, "计划开始日期，如 2026/1/1，照原样印出。"),
    Field("计划完成日期", "end_date", Kind.DATE, False, "计划完成日期，如 2027/12/31，照原样印出。"),
    Field("预算数", "budget", Kind.MONEY, True, "预算数，以单位.yaml 的金额单位计，两位小数，如 18.80。"),
    Field(
        "财政资金",
        "fiscal_funds",
        Kind.MONEY,
        False,
        "其中：财政资金；没有时留空。",
        "没有财政资金时留空，写“财政资金:”。",
        blank=True,
        always=True,
    ),
    Field(
        "其他资金",
        "other_funds",
        Kind.MONEY,
        False,
        "其他资金；没有时留空。",
        "没有其他资金时留空，写“其他资金:”。",
        blank=True,
        always=True,
    ),
    Field("项目资金总额", "total_funds", Kind.MONEY, False, "项目（整个实施期）资金总额。"),
    Field("项目财政资金", "total_fiscal_funds", Kind.MONEY, False, "项目资金总额中的财政资金。", blank=True),
    Field("项目其他资金", "total_other_funds", Kind.MONEY, False, "项目资金总额中的其他资金。", blank=True),
    Field("年度资金申请总额", "annual_request", Kind.MONEY, False, "年度资金申请总额；不写时即预算数。", blank=True),
    Field("当年财政拨款", "appropriation", Kind.MONEY, False, "其中：当年财政拨款；不写时即财政资金。", blank=True),
    Field("上年结转资金", "carried_over", Kind.MONEY, False, "上年结转资金。", blank=True),
    Field("资金用途", "purpose", Kind.TEXT, False, "资金用途，一行文字。"),
    Field("项目总体目标", "overall_goal", Kind.TEXT, False, "项目（整个实施期）的总体目标。"),
    Field("年度总体目标", "annual_goal", Kind.TEXT, False, "年度总体目标；不写时为各条绩效目标。"),
    Field("绩效目标", "goals", Kind.TEXTS, True, "绩效目标，每条一项，生成时自动编号。"),
    Field("绩效指标", "indicators", Kind.INDICATORS, True, "一级指标 → 二级指标 → 三级指标: 指标值。"),
    Field("一级指标不合并", "unmerged_level1", Kind.TEXTS, False, "表格中不合并单元格的一级指标。"),
    Field("忽略", "silences", Kind.SILENCES, False, "本项目不适用的检查规则及理由，如 PD402: 理由。"),
)

#: The keys of an indicator written as a mapping (``三级指标: {指标值: …, 分值: …}``).
INDICATOR_FIELDS: tuple[Field, ...] = (
    Field("指标值", "value", Kind.TEXT, True, "指标值，如 ≥95百分比、1辆、充分提升。"),
    Field("绩效指标描述", "description", Kind.TEXT, False, "绩效指标描述；不写时同三级指标。"),
    Field("指标性质", "nature", Kind.CHOICE, False, "指标性质，如 正向、反向、定性（或 定量）；不写时由指标值得出。"),
    Field(
        "指标方向",
        "direction",
        Kind.CHOICE,
        False,
        "指标方向，如 大于等于、小于等于、等于（或 ≥ ≤ ＝）；不写时由指标值得出。",
    ),
    Field("目标值", "target", Kind.TEXT, False, "目标值（数）；不写时由指标值得出。"),
    Field("计量单位", "measure_unit", Kind.TEXT, False, "计量单位，如 %、辆；不写时由指标值得出。"),
    Field("分值", "score", Kind.NUMBER, False, "分值（权重），如 10、7.5。"),
    Field("指标解释", "explanation", Kind.TEXT, False, "指标解释。"),
    Field("评(扣)分标准", "scoring", Kind.TEXT, False, "评(扣)分标准。"),
)

INDICATOR_KEYS = keys(INDICATOR_FIELDS)
#: What to write when a key is missing, by key.
MISSING_HINTS = {field.key: field.hint for field in (*UNIT_FIELDS, *PROJECT_FIELDS) if field.hint}
