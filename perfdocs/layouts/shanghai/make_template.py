"""Write the Shanghai layout's template, ``perfdocs/layouts/shanghai/template.docx``::

    python -m perfdocs.layouts.shanghai.make_template

The form is the 财政项目支出绩效目标申报表 of Shanghai's district budgets (the reference is
``../shared/layouts/shanghai_2026_lanxilu.txt``). Each project starts on a new page: its numbered
heading (the 目录 lists it), the form's title and （2026年度）, then one table of six grid columns:

* the header block: 项目名称, 项目性质, 项目类别 on a row, 主管部门 and 实施单位, then the planned dates;
* 项目资金（元）, merged down the four rows of the funds, in two columns of label and amount: the
  project's whole funds on the left, the year's on the right;
* 项目绩效目标, merged down two rows: 项目总目标 | 年度总体目标 over their texts;
* the indicator grid, 一级 | 二级 | 三级 | 年度(/项目)指标值, 一级 and 二级 merged down equal rows.

The form's parts are one table, as published (tests/golden/layouts/shanghai_2026_lanxilu.cells.txt):
Word repeats a table's header rows only at its top, so the grid's header is not repeated on a
following page; the rows' 一级/二级 labels are (perfdocs restarts their merges there).
Page, fonts, heading and 目录 are those of the Tianjin template (:mod:`perfdocs.layouts.docxparts`).
"""

from __future__ import annotations

import functools
from pathlib import Path

from perfdocs.layouts.docxparts import (
    CLOSING,
    FOOTERS,
    HEI,
    SONG,
    TEXT_WIDTH,
    cell,
    contents,
    document,
    fonts,
    heading,
    package_parts,
    paragraph,
    row,
    run,
    section_properties,
    size,
    style,
    styles_xml,
    table,
    tag_paragraph,
    tag_row,
    write,
)

TEMPLATE = Path(__file__).resolve().parent / "template.docx"
FORM_TITLE = "财政项目支出绩效目标申报表"
FOOTER = FOOTERS["centred"]

#: The six grid columns, in twips: 一级 and the row labels; 二级, the left funds labels and the header
#: values; the left amounts and 三级's first half; the right funds labels; 指标值 (two columns, the
#: second for 项目类别's value). Wide enough for 771,325,800.00, 其中：财政资金, 年度资金申请总额 and
#: 特定目标类 on one line (in LibreOffice's fonts as well as Word's).
COLUMNS = (1100, 1700, 1880, 1860, 1060, 1244)
assert sum(COLUMNS) == TEXT_WIDTH

_kept = functools.partial(cell, keep_next=True)  # the blocks above the grid stay with its first rows


def _header_rows() -> list[str]:
    c = COLUMNS
    return [
        _kept("项目名称", c[0])
        + _kept("{{ project.name }}", c[1])
        + _kept("项目性质", c[2])
        + _kept("{{ project.nature }}", c[3])
        + _kept("项目类别", c[4])
        + _kept("{{ project.category }}", c[5]),
        _kept("主管部门", c[0])
        + _kept("{{ project.department }}", c[1])
        + _kept("实施单位", c[2])
        + _kept("{{ project.implementer }}", sum(c[3:]), span=3),
        _kept("计划开始日期", c[0])
        + _kept("{{ project.start_date }}", c[1])
        + _kept("计划完成日期", c[2])
        + _kept("{{ project.end_date }}", sum(c[3:]), span=3),
    ]


def _funds_rows() -> list[str]:
    """Four rows of label and amount, left the project's, right the year's; the label cell spans them."""
    c = COLUMNS
    pairs = (
        (("项目资金总额", "total_funds"), ("年度资金申请总额", "annual_request")),
        (("其中：财政资金", "total_fiscal_funds"), ("其中：当年财政拨款", "appropriation")),
        (("", ""), ("上年结转资金", "carried_over")),
        (("其他资金", "total_other_funds"), ("其他资金", "other_funds")),
    )
    rows = []
    for number, ((left, left_field), (right, right_field)) in enumerate(pairs):
        label = "项目资金（{{ unit.money_unit }}）" if number == 0 else ""
        rows.append(
            _kept(label, c[0], vmerge="continue" if number else "restart")
            + _kept(left, c[1])
            + _kept(f"{{{{ project.{left_field} }}}}" if left_field else "", c[2])
            + _kept(right, c[3])
            + _kept(f"{{{{ project.{right_field} }}}}", sum(c[4:]), span=2)
        )
    return rows


def _goals_rows() -> list[str]:
    """项目总目标 | 年度总体目标; the year's goals numbered when there are several."""
    c = COLUMNS
    annual = (
        "{%p for goal in project.annual_goals %}",
        "{% if project.annual_goals|length > 1 %}{{ loop.index }}.{% endif %}{{ goal }}",
        "{%p endfor %}",
    )
    return [
        _kept("项目绩效目标", c[0], vmerge="restart")
        + _kept("项目总目标", sum(c[1:4]), span=3)
        + _kept("年度总体目标", sum(c[4:]), span=2),
        _kept("", c[0], vmerge="continue")
        + _kept("{{ project.overall_goal }}", sum(c[1:4]), span=3, align="both")
        + _kept(annual, sum(c[4:]), span=2, align="both"),
    ]


def _grid_rows() -> list[str]:
    c = COLUMNS
    labels = (("一级指标", c[0], 1), ("二级指标", c[1], 1), ("三级指标", sum(c[2:4]), 2))
    header = "".join(_kept(label, width, span=span) for label, width, span in labels)
    header += _kept("年度(/项目)指标值", sum(c[4:]), span=2)
    body = (
        cell("{% vmerge row.level1_merge %}{{ row.level1 }}", c[0])
        + cell("{% vmerge row.level2_merge %}{{ row.level2 }}", c[1])
        + cell("{{ row.name }}", sum(c[2:4]), span=2)
        + cell("{{ row.value }}", sum(c[4:]), span=2)
    )
    return [
        row(header),
        tag_row("{%tr for row in project.rows %}", COLUMNS),
        row(body),
        tag_row("{%tr endfor %}", COLUMNS),
    ]


def form() -> str:
    """A project's form: its title (on a new page after the first of a heading), the year, the table."""
    new_page = run("{%r if not loop.first %}") + '<w:r><w:br w:type="page"/></w:r>' + run("{%r endif %}")
    blocks = [row(cells) for cells in (*_header_rows(), *_funds_rows(), *_goals_rows())]
    return (
        paragraph(new_page + run(FORM_TITLE), "FormTitle")
        + paragraph(run("（{{ unit.year }}年度）"), "FormYear")
        + table(COLUMNS, "".join(blocks) + "".join(_grid_rows()))
    )


def document_xml() -> str:
    body = "".join(
        (
            contents(),
            tag_paragraph("{%p for section in sections %}"),
            heading("<w:pageBreakBefore/>"),
            tag_paragraph("{%p for project in section.projects %}"),
            form(),
            tag_paragraph("{%p endfor %}"),
            tag_paragraph("{%p endfor %}"),
            paragraph("", None, CLOSING),
            section_properties(FOOTER),
        )
    )
    return document(body)


def parts() -> dict[str, str]:
    """The XML of each part of the template."""
    own_styles = (
        style(
            "FormTitle", "申报表标题",
            '<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>',
            fonts(HEI) + size(18),
        ),
        style(
            "FormYear", "申报表年度",
            '<w:keepNext/><w:spacing w:after="200"/><w:jc w:val="center"/>',
            fonts(SONG) + size(14),
        ),
    )  # fmt: skip
    return package_parts(document_xml(), FOOTER, title=FORM_TITLE, styles=styles_xml(*own_styles))


if __name__ == "__main__":
    write(TEMPLATE, parts())
    print(f"wrote {TEMPLATE}")
