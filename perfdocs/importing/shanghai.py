"""The rows of the Shanghai 财政项目支出绩效目标申报表 that the Tianjin table does not have.

The form (``../shared/layouts/shanghai_2026_lanxilu.txt``) is one table a project, read by the same
reader as the Tianjin one (:mod:`perfdocs.importing.tables`: headings, merges, tables split over
pages); what is the form's own is here:

* the header block: label | value pairs, several a row (项目名称 | … | 项目性质 | … | 项目类别 | …);
* 项目资金（元）, merged down its rows, each row a pair of label | amount on the left (the whole
  project's funds) and one on the right (the year's);
* 项目绩效目标, merged down two rows: 项目总目标 | 年度总体目标 over their texts;
* the form's title and year between a project's heading and its table.

Labels are recognised as :func:`~perfdocs.importing.tables.label` folds them (spaces, colons and
full-width forms do not matter). Each label's field is named by its model attribute, whose YAML key
is :data:`perfdocs.fields.PROJECT_FIELDS`'.
"""

from __future__ import annotations

import re

from perfdocs.fields import PROJECT_FIELDS, by_attribute

FORM = "上海"
#: The form's title, printed again over each project's table (not a title of the document).
FORM_TITLE = "财政项目支出绩效目标申报表"
#: The year line under it: （2026年度）.
YEAR = re.compile(r"^[（(]\s*(\d{4})\s*年度?\s*[)）]$")
#: The header block's labels, and the attribute each gives.
HEADER = {
    "项目性质": "nature",
    "项目类别": "category",
    "主管部门": "department",
    "实施单位": "implementer",
    "计划开始日期": "start_date",
    "计划完成日期": "end_date",
}
#: The header fields the form must print (all of them are in the layout's 项目必填).
REQUIRED = frozenset(HEADER.values())
#: The label of the funds block (merged down its rows), as folded: 项目资金（元）, 项目资金(万元)…
FUNDS = re.compile(r"^项目资金(?:\((万元|千元|元)\))?$")
#: The funds labels of each column, the left one the project's whole funds, the right one the year's.
LEFT_FUNDS = {"项目资金总额": "total_funds", "其中财政资金": "total_fiscal_funds", "其他资金": "total_other_funds"}
RIGHT_FUNDS = {
    "年度资金申请总额": "annual_request",
    "其中当年财政拨款": "appropriation",
    "上年结转资金": "carried_over",
    "其他资金": "other_funds",
}
OVERALL_GOAL = "项目总目标"
ANNUAL_GOAL = "年度总体目标"


def description(attribute: str) -> str:
    """The field's YAML key, for messages (项目资金总额, 上年结转资金…)."""
    return by_attribute(PROJECT_FIELDS)[attribute].key


def funds_label(text: str) -> str:
    """A funds label as the maps above know it: ``其中：财政资金`` folded is ``其中财政资金``."""
    return text.replace("：", "").replace(":", "")
