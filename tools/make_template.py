"""Write the Word templates perfdocs ships: ``perfdocs/templates/default.docx``, which it renders by
default, and ``perfdocs/templates/gbt9704.docx``, the same with the footer of GB/T 9704.

A template is a real Word document a user may open and restyle in Word or WPS;
this script is its reviewable source, so that a change to the layout shows up in
``git diff`` as a change to code. ``tests/test_template.py`` checks that the
committed .docx files are what this script writes; the pieces it writes them from are
:mod:`perfdocs.layouts.docxparts`, which the other layouts' scripts share. Run it from the repository root::

    python tools/make_template.py

Layout, after the published 项目支出绩效目标表 and GB/T 9704 (A4, 37/35/28/26 mm
margins, a 156 x 225 mm text block): per project a 黑体 heading, then two tables
that print as one: the project table (单位, 项目名称, 预算, 资金用途, 绩效目标),
which has no bottom border, and the indicator grid, whose top border closes it.
The grid is a table of its own so that its header row repeats on every page it
runs onto (Word repeats header rows only at the top of a table). The paragraph
between them has a hidden mark: it takes no room, and the two tables meet.

Footers: default.docx prints "— 3 —" centred on every page; gbt9704.docx prints
it in 4号 half-width 宋体 7 mm below the text block, odd pages on the right and
even pages on the left, each one character in from the edge. Both number every
page, the first (title and 目录) too, as GB/T 9704 numbers a document's first
page, so that the 目录's numbers are the ones printed in the footers.
"""

from __future__ import annotations

import functools
from pathlib import Path

from perfdocs.layouts.docxparts import (
    CLOSING,
    FOOTERS,
    TEXT_WIDTH,
    UNSEEN,
    cell,
    contents,
    document,
    heading,
    package_parts,
    paragraph,
    row,
    section_properties,
    table,
    tag_paragraph,
    tag_row,
    write,
)

FOLDER = Path(__file__).resolve().parent.parent / "perfdocs" / "templates"
#: The templates this script writes, each by its file name in ``templates/``: the footer it prints.
TEMPLATES = {"default.docx": "centred", "gbt9704.docx": "gbt9704"}

# Column widths in twips. Wide enough for 预算规模及资金用途 and 服务对象满意度指标
# (nine characters of 10.5 pt) on one line.
PROJECT_COLUMNS = (2100, 1000, 1200, 1300, 1200, 1044, 1000)
GRID_COLUMNS = (1280, 2100, 1880, 1880, 1704)
assert sum(PROJECT_COLUMNS) == sum(GRID_COLUMNS) == TEXT_WIDTH


def project_table() -> str:
    c = PROJECT_COLUMNS
    kept = functools.partial(cell, keep_next=True)  # the project table stays with the grid below
    rows = [
        kept("{{ unit.code }}{{ unit.name }}", sum(c[:5]), span=5, align="left")
        + kept("单位：{{ unit.money_unit }}", sum(c[5:]), span=2),
        kept("项目名称", c[0]) + kept("{{ project.name }}", sum(c[1:]), span=6, align="left"),
        kept("预算规模及资金用途", c[0], vmerge="restart")
        + kept("预算数", c[1])
        + kept("{{ project.budget }}", c[2])
        + kept("其中：财政    资金", c[3])
        + kept("{{ project.fiscal_funds }}", c[4])
        + kept("其他资金", c[5])
        + kept("{{ project.other_funds }}", c[6]),
        kept("", c[0], vmerge="continue") + kept("{{ project.purpose }}", sum(c[1:]), span=6, align="left"),
        kept("绩效目标", c[0])
        + kept(
            ("{%p for goal in project.goals %}", "{{ loop.index }}.{{ goal }}", "{%p endfor %}"),
            sum(c[1:]),
            span=6,
            align="left",
        ),
    ]
    return table(c, "".join(row(cells) for cells in rows), bottom=False)


def indicator_table() -> str:
    c = GRID_COLUMNS
    labels = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值")
    header = "".join(cell(label, width, keep_next=True) for label, width in zip(labels, c, strict=True))
    values = (
        "{% vmerge row.level1_merge %}{{ row.level1 }}",
        "{{ row.level2 }}",
        "{{ row.name }}",
        "{{ row.description }}",
        "{{ row.value }}",
    )
    body = "".join(cell(value, width) for value, width in zip(values, c, strict=True))
    rows = (
        row(header, header=True)
        + tag_row("{%tr for row in project.rows %}", c)
        + row(body)
        + tag_row("{%tr endfor %}", c)
    )
    return table(c, rows)


#: The paragraph between the two tables of a project, kept with the grid below it: the tables meet,
#: and the grid's top border closes the project table, which has none at the bottom.
JOINER = "<w:keepNext/>" + UNSEEN


def document_xml(footer: str) -> str:
    body = "".join(
        (
            contents('<w:r><w:br w:type="page"/></w:r>'),
            tag_paragraph("{%p for section in sections %}"),
            heading(),
            tag_paragraph("{%p for project in section.projects %}"),
            project_table(),
            paragraph("", None, JOINER),
            indicator_table(),
            tag_paragraph("{%p if not loop.last %}"),  # a line between the projects under one heading
            paragraph(),
            tag_paragraph("{%p endif %}"),
            tag_paragraph("{%p endfor %}"),
            tag_paragraph("{%p endfor %}"),
            paragraph("", None, CLOSING),
            section_properties(FOOTERS[footer]),
        )
    )
    return document(body)


def parts(footer: str = "centred") -> dict[str, str]:
    """The XML of each part of a template with the footer ``footer`` (a key of :data:`FOOTERS`)."""
    return package_parts(document_xml(footer), FOOTERS[footer], title="项目支出绩效目标表")


if __name__ == "__main__":
    for file_name, footer_name in TEMPLATES.items():
        write(FOLDER / file_name, parts(footer_name))
        print(f"wrote {FOLDER / file_name}")
