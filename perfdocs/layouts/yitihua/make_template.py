"""Write the 一体化 layout's Word template, ``template.docx`` beside this file.

The template is a real Word document a user may restyle in Word or WPS; this script is its reviewable
source. Run it from the repository root::

    python -m perfdocs.layouts.yitihua.make_template

Layout, after the Inner Mongolia budget system's "表11 项目绩效目标表": landscape A4 (13 columns do not
fit a portrait page at a readable size), the unit's title lines, "单位：元" on the right, then one table
of every project: a header row repeated on each page, then one row per indicator. The five project
columns are merged over the project's rows (``row.project_merge``), 一级/二级 over equal neighbours.

The common XML pieces (runs, paragraphs, styles, footer, package parts) come from
:mod:`perfdocs.layouts.docxparts`; the cell, the table and the page are this layout's own (a landscape page,
a wider table, smaller type and padding than the Tianjin table's).
"""

from __future__ import annotations

from pathlib import Path

from perfdocs.layouts.docxparts import (
    CLOSING,
    FIRST_FOOTER_ID,
    FOOTERS,
    HEI,
    SONG,
    document,
    fonts,
    package_parts,
    paragraph,
    row,
    rule,
    run,
    size,
    style,
    styles_xml,
    tag_paragraph,
    tag_row,
    write,
)

TEMPLATE = Path(__file__).resolve().parent / "template.docx"
FOOTER = FOOTERS["centred"]
# Landscape A4 with 20 mm side margins: a 257 mm (14570 twips) text block.
PAGE = (
    f'<w:sectPr><w:footerReference w:type="default" r:id="rId{FIRST_FOOTER_ID}"/>'
    '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>'
    '<w:pgMar w:top="1418" w:right="1134" w:bottom="1418" w:left="1134" '
    f'w:header="709" w:footer="{FOOTER.distance}" w:gutter="0"/></w:sectPr>'
)
TEXT_WIDTH = 14570
SPACED = '<w:spacing w:before="60" w:after="60"/>'
CELL_SPACING = '<w:spacing w:before="20" w:after="20"/>'
TABLE_POINTS = 9  # 小五: thirteen columns at a size the published exports use

#: The columns: header, what the cell prints, width (twips), alignment, and whether it is merged over the
#: project's rows (``project``), over equal 一级/二级 (``level1``/``level2``), or not at all (None).
COLUMNS = (
    ("项目名称", "{{ project.name }}", 1270, "center", "project"),
    ("项目单位", "{{ unit.code }}-{{ unit.name }}", 1150, "center", "project"),
    ("项目类别", "{{ project.category }}", 900, "center", "project"),
    ("预算数", "{{ project.budget }}", 1400, "center", "project"),
    ("年度绩效目标", None, 1800, "both", "project"),
    ("一级指标", "{{ row.level1 }}", 1100, "center", "level1"),
    ("二级指标", "{{ row.level2 }}", 1100, "center", "level2"),
    ("三级指标", "{{ row.name }}", 1650, "center", None),
    ("指标性质", "{{ row.nature }}", 850, "center", None),
    ("指标方向", "{{ row.direction }}", 850, "center", None),
    ("目标值", "{{ row.target }}", 1100, "center", None),
    ("计量单位", "{{ row.measure_unit }}", 850, "center", None),
    ("分值", "{{ row.score }}", 550, "center", None),
)
assert sum(column[2] for column in COLUMNS) == TEXT_WIDTH
WIDTHS = tuple(column[2] for column in COLUMNS)
#: 年度绩效目标: each goal a paragraph, numbered when there are several; a continuing cell of the merge
#: keeps one (empty) paragraph, not one per goal, so that it adds no height where it is shown.
GOALS = (
    "{%p for goal in project.annual_goals %}",
    '{%p if loop.first or row.project_merge != "continue" %}',
    "{% if project.annual_goals|length > 1 %}{{ loop.index }}.{% endif %}{{ goal }}",
    "{%p endif %}",
    "{%p endfor %}",
)


def cell(lines: tuple[str, ...], width: int | None, *, span: int = 1, align: str = "center") -> str:
    """A table cell, one paragraph per line (tags included).

    The indicator row's cells give no width (the fixed grid has it) and say their alignment only where
    it is not the style's: a unit of 10,000 projects repeats this row 90,000 times, and every byte of it
    counts against the size a document part may have.
    """
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    width_xml = f'<w:tcW w:w="{width}" w:type="dxa"/>' if width is not None else ""
    properties = f'{width_xml}{span_xml}<w:vAlign w:val="center"/>'
    alignment = f'<w:jc w:val="{align}"/>' if align != "center" else ""
    body = "".join(paragraph(run(line), "ExportText", alignment) for line in lines)
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{body}</w:tc>"


def indicator_row() -> str:
    cells = []
    for _, printed, _width, align, merge in COLUMNS:
        lines: tuple[str, ...] = GOALS if printed is None else (printed,)
        if merge is not None:  # the tag goes with the text: a {%p %} tag must be alone in its paragraph
            at = next(index for index, line in enumerate(lines) if not line.startswith("{%p"))
            lines = (*lines[:at], f"{{% vmerge row.{merge}_merge %}}{lines[at]}", *lines[at + 1 :])
        cells.append(cell(lines, None, align=align))
    return row("".join(cells))


def table() -> str:
    rules = "".join(rule(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    properties = (
        f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{rules}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
    )
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in WIDTHS)
    header = "".join(cell((label,), width) for label, _, width, _, _ in COLUMNS)
    rows = (
        row(header, header=True)
        + tag_row("{%tr for section in sections %}", WIDTHS)
        + tag_row("{%tr for project in section.projects %}", WIDTHS)
        + tag_row("{%tr for row in project.rows %}", WIDTHS)
        + indicator_row()
        + tag_row("{%tr endfor %}", WIDTHS)
        + tag_row("{%tr endfor %}", WIDTHS)
        + tag_row("{%tr endfor %}", WIDTHS)
    )
    return f"<w:tbl><w:tblPr>{properties}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


def document_xml() -> str:
    return document(
        tag_paragraph("{%p for line in unit.title_lines %}")
        + paragraph(run("{{ line }}"), "ExportTitle")
        + tag_paragraph("{%p endfor %}")
        + paragraph(run("单位：{{ unit.money_unit }}"), "MoneyUnit")
        + table()
        + paragraph("", None, CLOSING)
        + PAGE
    )


def own_styles() -> tuple[str, ...]:
    """The styles beyond the common ones: titles smaller than a portrait page's (three lines of 二号 take a
    landscape page's room), the 单位 line on the right, the table's smaller type."""
    return (
        style(
            "ExportTitle",
            "表名",
            '<w:spacing w:before="60" w:after="60"/><w:jc w:val="center"/>',
            fonts(HEI) + size(16),
        ),
        style("MoneyUnit", "金额单位", f'{SPACED}<w:jc w:val="right"/>', size(10.5)),
        style("ExportText", "表格文字", f'{CELL_SPACING}<w:jc w:val="center"/>', fonts(SONG) + size(TABLE_POINTS)),
    )


def parts() -> dict[str, str]:
    """The XML of each part of the template."""
    return package_parts(document_xml(), FOOTER, title="项目绩效目标表", styles=styles_xml(*own_styles()))


if __name__ == "__main__":
    write(TEMPLATE, parts())
    print(f"wrote {TEMPLATE}")
