"""Write the Word templates perfdocs ships: ``templates/default.docx``, which it renders by
default, and ``templates/gbt9704.docx``, the same with the footer of GB/T 9704.

A template is a real Word document a user may open and restyle in Word or WPS;
this script is its reviewable source, so that a change to the layout shows up in
``git diff`` as a change to code. ``tests/test_template.py`` checks that the
committed .docx files are what this script writes. Run it from the repository root::

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
import zipfile
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape

FOLDER = Path(__file__).resolve().parent.parent / "templates"
#: The templates this script writes, each by its file name in ``templates/``: the footer it prints.
TEMPLATES = {"default.docx": "centred", "gbt9704.docx": "gbt9704"}
ZIP_DATE = (2025, 1, 1, 0, 0, 0)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

TEXT_WIDTH = 8844  # twips: 156 mm
# Column widths in twips. Wide enough for 预算规模及资金用途 and 服务对象满意度指标
# (nine characters of 10.5 pt) on one line.
PROJECT_COLUMNS = (2100, 1000, 1200, 1300, 1200, 1044, 1000)
GRID_COLUMNS = (1280, 2100, 1880, 1880, 1704)
assert sum(PROJECT_COLUMNS) == sum(GRID_COLUMNS) == TEXT_WIDTH

SONG, HEI, LATIN = "宋体", "黑体", "Times New Roman"
BORDER = 4  # eighths of a point: every rule is 0.5 pt
#: One character of the footer's 4号 (14 pt) type, in twips: how far GB/T 9704 sets a page number in.
FOOTER_INDENT = 280


def fonts(east_asia: str) -> str:
    """Named fonts for every script; no theme attributes, which would override them."""
    return f'<w:rFonts w:ascii="{LATIN}" w:hAnsi="{LATIN}" w:eastAsia="{east_asia}" w:cs="{LATIN}"/>'


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def paragraph(content: str = "", style: str | None = None, properties: str = "") -> str:
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f"<w:p><w:pPr>{style_xml}{properties}</w:pPr>{content}</w:p>"


def tag_paragraph(tag: str) -> str:
    """A paragraph holding only a docxtpl ``{%p ... %}`` tag; rendering removes it."""
    return paragraph(run(tag))


def field_char(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def instruction(text: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{escape(text)}</w:instrText></w:r>'


def cell(
    texts: tuple[str, ...] | str,
    width: int,
    *,
    span: int = 1,
    vmerge: str | None = None,
    align: str = "center",
    keep_next: bool = False,
) -> str:
    """A table cell; ``texts`` gives one paragraph each (tags included)."""
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    merge_xml = {None: "", "restart": '<w:vMerge w:val="restart"/>', "continue": "<w:vMerge/>"}[vmerge]
    properties = f'<w:tcW w:w="{width}" w:type="dxa"/>{span_xml}{merge_xml}<w:vAlign w:val="center"/>'
    paragraph_properties = ("<w:keepNext/>" if keep_next else "") + f'<w:jc w:val="{align}"/>'
    lines = (texts,) if isinstance(texts, str) else texts
    body = "".join(paragraph(run(line) if line else "", "TableText", paragraph_properties) for line in lines)
    return f"<w:tc><w:tcPr>{properties}</w:tcPr>{body}</w:tc>"


def row(cells: str, header: bool = False) -> str:
    header_xml = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{header_xml}</w:trPr>{cells}</w:tr>"


def tag_row(tag: str, columns: tuple[int, ...]) -> str:
    """A row holding only a docxtpl ``{%tr ... %}`` tag; rendering removes it."""
    return row(cell(tag, sum(columns), span=len(columns)))


def rule(side: str) -> str:
    return f'<w:{side} w:val="single" w:sz="{BORDER}" w:space="0" w:color="000000"/>'


def table(columns: tuple[int, ...], rows: str, *, bottom: bool = True) -> str:
    """A table ruled all round; without ``bottom`` it is left open for the table below to close."""
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    borders = "".join(rule(side) if bottom or side != "bottom" else '<w:bottom w:val="nil"/>' for side in sides)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in columns)
    properties = (
        f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    )
    return f"<w:tbl><w:tblPr>{properties}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"


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


def toc_entry() -> str:
    """One 目录 line per section, linking to the section's heading bookmark.

    The TOC field begins in the first entry and ends in the paragraph after the
    last one, as Word writes it, so that Word's 更新目录 regenerates it in place.
    """
    begin = (
        run("{%r if loop.first %}")
        + field_char("begin")
        + instruction(' TOC \\o "1-1" \\h \\z \\u ')
        + field_char("separate")
        + run("{%r endif %}")
    )
    page = (
        run("{%r if section.page %}")
        + "<w:r><w:tab/></w:r>"
        + field_char("begin")
        + instruction(" PAGEREF perfdocs_title \\h ")
        + field_char("separate")
        + run("{{ section.page }}")
        + field_char("end")
        + run("{%r endif %}")
    )
    title = run("{{ section.number }}.{{ section.title }}")
    link = f'<w:hyperlink w:anchor="perfdocs_title" w:history="1">{title}{page}</w:hyperlink>'
    return paragraph(begin + link, "TOC1")


def heading() -> str:
    bookmark = (
        '<w:bookmarkStart w:id="0" w:name="perfdocs_title"/>'
        + run("{{ section.number }}.{{ section.title }}")
        + '<w:bookmarkEnd w:id="0"/>'
    )
    return paragraph(bookmark, "Heading1")


#: A paragraph that takes no room: its mark is hidden, which makes Word and LibreOffice lay an empty
#: paragraph out as nothing; where it is shown all the same, it is 1 pt type on an exact 0.1 pt line.
UNSEEN = (
    '<w:spacing w:before="0" w:after="0" w:line="2" w:lineRule="exact"/>'
    '<w:rPr><w:vanish/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
)
#: The paragraph between the two tables of a project, kept with the grid below it: the tables meet,
#: and the grid's top border closes the project table, which has none at the bottom.
JOINER = "<w:keepNext/>" + UNSEEN
#: The paragraph that ends the document after the last table (Word and LibreOffice need one there),
#: which must never spill onto a page of its own below a table that fills the last page.
CLOSING = UNSEEN


class Footer(NamedTuple):
    """How a template prints page numbers: the paragraph properties of the footer on odd pages (on
    every page, without ``even``), of the one on even pages, and the footer's distance (twips) from the
    page's bottom edge."""

    odd: str
    even: str | None
    distance: int

    def parts(self) -> dict[str, tuple[str, str]]:
        """Each footer part's name, its ``w:footerReference`` type and its properties (footer1.xml: odd pages)."""
        kinds = [("default", self.odd)] + ([("even", self.even)] if self.even is not None else [])
        return {f"footer{number}.xml": kind for number, kind in enumerate(kinds, start=1)}


FOOTERS = {
    "centred": Footer("", None, distance=992),
    # GB/T 9704 7.5: the dash 7 mm below the text block; odd pages right, even pages left, one character in.
    "gbt9704": Footer(
        f'<w:ind w:right="{FOOTER_INDENT}"/><w:jc w:val="right"/>',
        f'<w:ind w:left="{FOOTER_INDENT}"/><w:jc w:val="left"/>',
        distance=1423,
    ),
}
#: The relationship id of the first footer, after those of styles, settings and the font table.
FIRST_FOOTER_ID = 4


def footer_xml(properties: str) -> str:
    """Page numbers as Chinese official documents print them: ``— 3 —``, placed by ``properties``."""
    number = field_char("begin") + instruction(" PAGE ") + field_char("separate") + run("1") + field_char("end")
    content = paragraph(run("— ") + number + run(" —"), "Footer", properties)
    return f'<w:ftr xmlns:w="{W}" xmlns:r="{R}">{content}</w:ftr>'


def document_xml(footer: Footer) -> str:
    references = "".join(
        f'<w:footerReference w:type="{kind}" r:id="rId{number}"/>'
        for number, (kind, _) in enumerate(footer.parts().values(), start=FIRST_FOOTER_ID)
    )
    section_properties = (
        f'<w:sectPr>{references}<w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" '
        f'w:header="851" w:footer="{footer.distance}" w:gutter="0"/></w:sectPr>'
    )
    body = "".join(
        (
            tag_paragraph("{%p for line in unit.title_lines %}"),
            paragraph(run("{{ line }}"), "Title"),
            tag_paragraph("{%p endfor %}"),
            paragraph(run("目录"), "TOCHeading"),
            tag_paragraph("{%p for section in sections %}"),
            toc_entry(),
            tag_paragraph("{%p endfor %}"),
            paragraph(field_char("end") + '<w:r><w:br w:type="page"/></w:r>'),
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
            section_properties,
        )
    )
    return f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'


def style(
    style_id: str, name: str, paragraph_xml: str, run_xml: str, *, based_on: str | None = "Normal", next_style: str = ""
) -> str:
    """A paragraph style, its children in the order CT_Style requires (basedOn, next, qFormat, pPr, rPr)."""
    default = ' w:default="1"' if based_on is None else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    following = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (
        f'<w:style w:type="paragraph"{default} w:styleId="{style_id}"><w:name w:val="{name}"/>'
        f"{based}{following}<w:qFormat/><w:pPr>{paragraph_xml}</w:pPr><w:rPr>{run_xml}</w:rPr></w:style>"
    )


def size(points: float) -> str:
    half_points = round(points * 2)
    return f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'


def styles_xml() -> str:
    defaults = (
        f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts(SONG)}{size(10.5)}"
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
        "</w:docDefaults>"
    )
    styles = (
        style("Normal", "Normal", '<w:jc w:val="both"/>', fonts(SONG) + size(10.5), based_on=None),
        style(
            "Title", "Title",
            '<w:spacing w:before="120" w:after="120"/><w:jc w:val="center"/>',
            fonts(HEI) + size(22),
        ),
        style(
            "Heading1", "heading 1",
            '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="240"/>'
            '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            fonts(HEI) + size(16), next_style="Normal",
        ),
        style(
            "TOCHeading", "TOC Heading",
            '<w:spacing w:before="480" w:after="360"/><w:jc w:val="center"/>',
            fonts(HEI) + size(16),
        ),
        style(
            "TOC1", "toc 1",
            f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
            '<w:spacing w:before="60" w:after="60" w:line="360" w:lineRule="auto"/>'
            '<w:jc w:val="left"/>',
            fonts(SONG) + size(12),
        ),
        style(
            "Footer", "footer",
            '<w:jc w:val="center"/>',
            '<w:rFonts w:ascii="宋体" w:hAnsi="宋体" w:eastAsia="宋体" w:cs="宋体"/>' + size(14),
        ),
        style(
            "TableText", "表格文字",
            '<w:spacing w:before="40" w:after="40"/><w:jc w:val="center"/>',
            fonts(SONG) + size(10.5),
        ),
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
    )  # fmt: skip
    return f'<w:styles xmlns:w="{W}">{defaults}{"".join(styles)}</w:styles>'


def font_table_xml() -> str:
    """Declare the Chinese fonts with their Latin names and GB2312 charset so that
    Word and WPS on any system map 宋体/黑体 to SimSun/SimHei."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt, family in ((SONG, "SimSun", "auto"), (HEI, "SimHei", "modern"))
    )
    latin = (
        f'<w:font w:name="{LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    )
    return f'<w:fonts xmlns:w="{W}">{entries}{latin}</w:fonts>'


def settings_xml(footer: Footer) -> str:
    even_and_odd = "<w:evenAndOddHeaders/>" if footer.even is not None else ""
    return (
        f'<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="420"/>{even_and_odd}'
        '<w:characterSpacingControl w:val="compressPunctuation"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>'
    )


def content_types_xml(footer: Footer) -> str:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {
        "/word/document.xml": f"{main}.document.main+xml",
        "/word/styles.xml": f"{main}.styles+xml",
        "/word/settings.xml": f"{main}.settings+xml",
        "/word/fontTable.xml": f"{main}.fontTable+xml",
        **{f"/word/{name}": f"{main}.footer+xml" for name in footer.parts()},
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    }
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides.items())
        + "</Types>"
    )


def relationships(targets: dict[str, str]) -> str:
    items = "".join(
        f'<Relationship Id="rId{number}" Type="{kind}" Target="{target}"/>'
        for number, (target, kind) in enumerate(targets.items(), start=1)
    )
    return f'<Relationships xmlns="{PKG_REL}">{items}</Relationships>'


def core_xml() -> str:
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>项目支出绩效目标表</dc:title><dc:creator>perfdocs</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )


def parts(footer: str = "centred") -> dict[str, str]:
    """The XML of each part of a template with the footer ``footer`` (a key of :data:`FOOTERS`)."""
    numbering = FOOTERS[footer]
    footers = numbering.parts()
    return {
        "[Content_Types].xml": content_types_xml(numbering),
        "_rels/.rels": relationships(
            {
                "word/document.xml": f"{DOC_REL}/officeDocument",
                "docProps/core.xml": "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
            }
        ),
        "word/_rels/document.xml.rels": relationships(
            {
                "styles.xml": f"{DOC_REL}/styles",
                "settings.xml": f"{DOC_REL}/settings",
                "fontTable.xml": f"{DOC_REL}/fontTable",
                # rId4 on, named in the section properties
                **dict.fromkeys(footers, f"{DOC_REL}/footer"),
            }
        ),
        "word/document.xml": document_xml(numbering),
        "word/styles.xml": styles_xml(),
        "word/settings.xml": settings_xml(numbering),
        "word/fontTable.xml": font_table_xml(),
        **{f"word/{name}": footer_xml(properties) for name, (_, properties) in footers.items()},
        "docProps/core.xml": core_xml(),
    }


def write(path: Path, footer: str) -> None:
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts(footer).items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), declaration + xml, zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    for file_name, footer_name in TEMPLATES.items():
        write(FOLDER / file_name, footer_name)
        print(f"wrote {FOLDER / file_name}")
