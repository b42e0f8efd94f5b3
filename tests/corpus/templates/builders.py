"""Word templates as careless and hostile users hand them in (``build 单位 -t 模板.docx``).

Every case builds the same two-project unit (:data:`UNIT`, :data:`PROJECTS`)
with a template made from the shipped ``perfdocs/templates/default.docx`` by an XML edit
that each builder spells out: a tag missing a brace, a condition that cuts a
table apart, an encoding Word rarely writes, a package that is not a .docx, a
template that reaches for Python internals or never stops. Or the template is
not a template at all: a plain document, yesterday's output.
"""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Callable
from pathlib import Path

from inputfiles import Parts, edit_part, patch_headers, read_parts, replacing, unit_folder, write_parts

import perfdocs
from perfdocs.template import default_template_path

DOCUMENT = "word/document.xml"
UNIT = """单位编码: "207101"
单位名称: 天津市河北区人民法院
金额单位: 万元
标题:
  - 天津市河北区人民法院
  - 项目支出绩效目标表
项目顺序:
  - 甲项目
  - 乙项目
"""
PROJECTS = {
    "甲项目": """项目名称: 甲项目
标题: 奖励项目
预算数: 2.00
财政资金:
其他资金: 2.00
资金用途: 用于发放奖励
绩效目标:
  - 提升办案积极性
绩效指标:
  产出指标:
    数量指标:
      发放人次: ≥1人
  效益指标:
    社会效益指标:
      提升办案积极性: 充分提升
  满意度指标:
    服务对象满意度指标:
      领受人员满意度: ≥95百分比
""",
    "乙项目": """项目名称: 乙项目
标题: 奖励项目
预算数: 5.50
财政资金: 5.50
其他资金:
资金用途: 用于购置办案设备
绩效目标:
  - 保障办案设备正常运转
绩效指标:
  产出指标:
    数量指标:
      购置台数: 3台
      维修次数: ≥2次
  效益指标:
    社会效益指标:
      保障办案: 有效保障
  满意度指标:
    服务对象满意度指标:
      使用人员满意度: ≥90百分比
""",
}
# Pieces of the shipped template's document.xml that the edits replace.
NAME_RUN = '<w:r><w:t xml:space="preserve">{{ project.name }}</w:t></w:r>'
NAME_PARAGRAPH = (
    '<w:p><w:pPr><w:pStyle w:val="TableText"/><w:keepNext/><w:jc w:val="left"/></w:pPr>' + NAME_RUN + "</w:p>"
)
JOINER = (
    '<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0" w:line="2" w:lineRule="exact"/>'
    '<w:rPr><w:vanish/><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr>'
)
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how a .doc (and every old Office file) starts


def write_unit(folder: Path) -> None:
    unit_folder(folder / "单位", UNIT, PROJECTS)


def edited(folder: Path, edits: list[tuple[str, str]]) -> None:
    """The unit, and 模板.docx: the shipped template with each ``(old, new)`` replaced once in its document.xml."""
    shipped(folder)
    edit_part(folder / "模板.docx", DOCUMENT, replacing(*edits))


def repackaged(folder: Path, change: Callable[[dict[str, bytes]], Parts]) -> None:
    """The unit, and 模板.docx: the shipped template's parts as ``change`` makes them."""
    write_unit(folder)
    write_parts(folder / "模板.docx", change(read_parts(default_template_path())))


def encoded(folder: Path, encoding: str, declared: str, *, bom: bytes = b"") -> None:
    """The shipped template with its document.xml in ``encoding``, declared ``declared``
    (characters the encoding lacks written as character references)."""

    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        text = parts[DOCUMENT].decode("utf-8").replace('encoding="UTF-8"', f'encoding="{declared}"', 1)
        parts[DOCUMENT] = bom + text.encode(encoding, "xmlcharrefreplace")
        return parts

    repackaged(folder, change)


def yesterdays_output(folder: Path, *, saved_again: bool) -> None:
    """The unit's document built with the shipped template, given back as the template; ``saved_again``
    as Word saves it (a new archive, without perfdocs' stamp)."""
    write_unit(folder)
    built = perfdocs.render_docx(perfdocs.load_unit(folder / "单位"), folder / "模板.docx")
    if saved_again:
        write_parts(built, read_parts(built))


def patched_headers(folder: Path, field: str, value: int) -> None:
    """The shipped template stored uncompressed, then each local and central header's ``field``
    (its general-purpose flags, or its compression method) patched to ``value``."""
    write_unit(folder)
    write_parts(folder / "模板.docx", read_parts(default_template_path()), compression=zipfile.ZIP_STORED)
    patch_headers(folder / "模板.docx", field, value)


def shipped(folder: Path) -> None:
    repackaged(folder, lambda parts: parts)


def plain_document(parts: dict[str, bytes]) -> dict[str, bytes]:
    """A Word document that prints last year's table as text: no tags at all."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{line}</w:t></w:r></w:p>'
        for line in ("项目支出绩效目标表", "项目名称：甲项目", "预算数：1.00")
    )
    parts[DOCUMENT] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}<w:sectPr/></w:body></w:document>"
    ).encode()
    return parts


def retyped(content_type: str) -> Callable[[dict[str, bytes]], dict[str, bytes]]:
    def change(parts: dict[str, bytes]) -> dict[str, bytes]:
        main = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(main, content_type.encode())
        return parts

    return change


def without_document(parts: dict[str, bytes]) -> dict[str, bytes]:
    del parts[DOCUMENT]
    return parts


def truncated_document(parts: dict[str, bytes]) -> dict[str, bytes]:
    parts[DOCUMENT] = parts[DOCUMENT][: len(parts[DOCUMENT]) // 2]
    return parts


def with_entities(parts: dict[str, bytes]) -> dict[str, bytes]:
    """XXE: a DOCTYPE whose entity reads a file, printed in the title."""
    text = parts[DOCUMENT].decode()
    doctype = '<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    text = text.replace("?>\n", "?>\n" + doctype, 1).replace("{{ line }}", "{{ line }}&secret;", 1)
    parts[DOCUMENT] = text.encode()
    return parts


def body_elsewhere(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The package's body is word/document2.xml, last year's plain table; word/document.xml is a decoy
    that perfdocs would render and Word never show."""
    parts["word/document2.xml"] = plain_document({})[DOCUMENT]
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b'Target="word/document.xml"', b'Target="word/document2.xml"')
    return parts


def duplicated_document(parts: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """Two word/document.xml: perfdocs reads the last, Word may read the first, last year's table."""
    items = list(parts.items())
    return [(DOCUMENT, plain_document({})[DOCUMENT]), *items]


def zip_bomb(parts: dict[str, bytes]) -> dict[str, bytes]:
    """A 64 MB part of zeros that packs into 64 KB."""
    parts["word/media/image1.png"] = bytes(64 * 2**20)
    return parts


def old_word_file(folder: Path) -> None:
    write_unit(folder)
    (folder / "模板.doc").write_bytes(OLE_SIGNATURE + bytes(1024))


BUILDERS: dict[str, Callable[[Path], None]] = {
    # The template perfdocs ships, unchanged: the baseline every other case differs from.
    "自带模板原样": shipped,
    # 1. Templates that would print old data.
    "没有标签的Word文档": functools.partial(repackaged, change=plain_document),
    "拿生成的文档当模板": functools.partial(yesterdays_output, saved_again=False),
    "拿另存过的生成文档当模板": functools.partial(yesterdays_output, saved_again=True),
    "指标值写死在模板里": functools.partial(edited, edits=[("{{ row.value }}", "≥95百分比")]),
    "金额单位写死在模板里": functools.partial(edited, edits=[("{{ unit.money_unit }}", "元")]),
    "模板只印每节的第一个项目": functools.partial(edited, edits=[("section.projects %}", "section.projects[:1] %}")]),
    # 2. Tags that lose text, and templates that break the XML.
    "标签少了右括号": functools.partial(edited, edits=[("{{ project.purpose }}", "{{ project.purpose }")]),
    "标签多了右括号": functools.partial(edited, edits=[("{{ unit.money_unit }}", "{{ unit.money_unit }}}}")]),
    "标签开闭不配": functools.partial(edited, edits=[("{{ project.budget }}", "{{ project.budget %}")]),
    "标签跨了段落": functools.partial(
        edited,
        edits=[
            (
                "{{ project.name }}</w:t></w:r></w:p>",
                "{{ project.</w:t></w:r></w:p><w:p><w:r><w:t>name }}</w:t></w:r></w:p>",
            )
        ],
    ),
    "标签中间夹着域代码": functools.partial(
        edited,
        edits=[
            (
                "{{ project.name }}",
                "{{ project.</w:t></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>name }}",
            )
        ],
    ),
    "段落标签与文字同在一段": functools.partial(
        edited, edits=[("{%p for goal in project.goals %}", "目标如下：{%p for goal in project.goals %}")]
    ),
    "模板有未处理的修订": functools.partial(
        edited, edits=[(NAME_RUN, NAME_RUN + '<w:ins w:id="1" w:author="张三"><w:r><w:t>（新）</w:t></w:r></w:ins>')]
    ),
    "条件从段落开始到单元格结束": functools.partial(
        edited,
        edits=[
            (JOINER, JOINER + '<w:r><w:t>{% if unit.code == "x" %}</w:t></w:r>'),
            ("一级指标", "{% endif %}一级指标"),
        ],
    ),
    "条件让单元格没有段落": functools.partial(
        edited,
        edits=[
            (
                NAME_PARAGRAPH,
                '<w:p><w:r><w:t>{%p if project.name == "x" %}</w:t></w:r></w:p>'
                + NAME_PARAGRAPH
                + "<w:p><w:r><w:t>{%p endif %}</w:t></w:r></w:p>",
            )
        ],
    ),
    "段落直接放在表格里": functools.partial(
        edited, edits=[("</w:tblGrid>", "</w:tblGrid><w:p><w:r><w:t>说明</w:t></w:r></w:p>")]
    ),
    "模板用域引入别的文件": functools.partial(
        edited,
        edits=[
            (NAME_RUN, '<w:r><w:instrText> INCLUDETEXT "C:\\\\2024\\\\绩效目标.docx" </w:instrText></w:r>' + NAME_RUN)
        ],
    ),
    # 3. Encodings.
    "UTF16编码的模板": functools.partial(encoded, encoding="utf-16-le", declared="UTF-16", bom=b"\xff\xfe"),
    "Latin1编码的模板": functools.partial(encoded, encoding="latin-1", declared="ISO-8859-1"),
    "声明的编码perfdocs不认识": functools.partial(encoded, encoding="utf-8", declared="x-mac-klingon"),
    # 5. Packages that are not a plain, sound .docx.
    "加密的模板": functools.partial(patched_headers, field="flags", value=1),
    "Deflate64压缩的模板": functools.partial(patched_headers, field="method", value=9),
    "压缩炸弹模板": functools.partial(repackaged, change=zip_bomb),
    "doc格式的模板": old_word_file,
    "dotx模板文件": functools.partial(
        repackaged, change=retyped("application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml")
    ),
    "docm含宏的文档": functools.partial(
        repackaged, change=retyped("application/vnd.ms-word.document.macroEnabled.main+xml")
    ),
    "缺少document.xml": functools.partial(repackaged, change=without_document),
    "document.xml被截断": functools.partial(repackaged, change=truncated_document),
    "DOCTYPE读取本机文件": functools.partial(repackaged, change=with_entities),
    "正文不是document.xml": functools.partial(repackaged, change=body_elsewhere),
    "两个同名的document.xml": functools.partial(repackaged, change=duplicated_document),
    # 6. Templates that try to escape the sandbox or never finish.
    "模板访问Python内部": functools.partial(edited, edits=[("{{ line }}", "{{ ''.__class__.__mro__ }}")]),
    "模板嵌套循环不停": functools.partial(
        edited,
        edits=[("{{ line }}", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")],
    ),
    "模板range过大": functools.partial(edited, edits=[("{{ line }}", "{% for i in range(10**9) %}{% endfor %}")]),
    "模板造超大字符串": functools.partial(edited, edits=[("{{ line }}", "{{ 'x' * 10**9 }}")]),
    "模板include别的文件": functools.partial(edited, edits=[("{{ line }}", "{% include '/etc/passwd' %}")]),
    "模板import别的文件": functools.partial(edited, edits=[("{{ line }}", "{% import 'x.html' as x %}")]),
    "模板关闭自动转义": functools.partial(
        edited, edits=[("{{ project.name }}", "{% autoescape false %}{{ project.name }}{% endautoescape %}")]
    ),
    "模板用safe不转义": functools.partial(edited, edits=[("{{ project.name }}", "{{ project.name|safe }}")]),
    "模板印出控制字符": functools.partial(edited, edits=[("{{ line }}", "{{ line }}{{ '\\x07' }}")]),
    "模板印出半个代理对": functools.partial(edited, edits=[("{{ line }}", "{{ line }}{{ '\\ud800' }}")]),
    "模板宏无限递归": functools.partial(
        edited, edits=[("{{ line }}", "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}")]
    ),
    # 7. The indicator grid edited in Word: merges, header row, rows across pages.
    "合并标签被删去": functools.partial(edited, edits=[("{% vmerge row.level1_merge %}", "")]),
    "合并标签移到指标值": functools.partial(
        edited,
        edits=[
            ("{% vmerge row.level1_merge %}{{ row.level1 }}", "{{ row.level1 }}"),
            ("{{ row.value }}", "{% vmerge row.level1_merge %}{{ row.value }}"),
        ],
    ),
    "指标表不重复表头行": functools.partial(edited, edits=[("<w:tblHeader/>", "")]),
    "一级的合并标签抄到二级指标": functools.partial(
        edited, edits=[("{{ row.level2 }}", "{% vmerge row.level1_merge %}{{ row.level2 }}")]
    ),
    "一级的合并标签移到二级指标": functools.partial(
        edited,
        edits=[
            ("{% vmerge row.level1_merge %}{{ row.level1 }}", "{{ row.level1 }}"),
            ("{{ row.level2 }}", "{% vmerge row.level1_merge %}{{ row.level2 }}"),
        ],
    ),
    "二级的合并标签": functools.partial(
        edited, edits=[("{{ row.level2 }}", "{% vmerge row.level2_merge %}{{ row.level2 }}")]
    ),
}
