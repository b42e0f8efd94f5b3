"""Tag checks: no tag may make docxtpl drop text, and a template must print every field of the unit."""

from __future__ import annotations

import pytest
from jinja2 import Environment

from perfdocs.errors import TemplateError
from perfdocs.layouts import get_layout
from perfdocs.tags import check_tags, describe_line, has_tags, unprinted_data

WHERE = "模板 t.docx 的 word/document.xml"


def paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(f"<w:r><w:t>{text}</w:t></w:r>" for text in runs) + "</w:p>"


def refusal(xml: str) -> str:
    with pytest.raises(TemplateError) as caught:
        check_tags(WHERE, xml)
    return str(caught.value).removeprefix(WHERE + " ")


def test_tags_split_over_runs_are_whole() -> None:
    check_tags(
        WHERE, paragraph("{", "{ project.", "name }", "}") + paragraph("{%p if x %}") + paragraph("{%p endif %}")
    )


def test_a_tag_without_its_closing_braces() -> None:
    assert refusal(paragraph("资金用途{{ project.purpose }") + paragraph("{{ project.name }}")) == (
        "中的标签“{{ project.purpose }”没有结尾的“}}”（附近的文字：“资金用途{{ project.purpose }”）："
        "它后面直到下一个“}}”的内容都会被删掉。请在 Word 中补全这个标签。"
    )


def test_a_closing_brace_pair_without_its_tag() -> None:
    assert refusal(paragraph("单位：}}")) == (
        "中有多余的“}}”，前面没有与它配对的“{{”（附近的文字：“单位：}}”）：请删掉它，或补全这个标签。"
    )


def test_a_tag_closed_as_another_kind() -> None:
    assert refusal(paragraph("{{ project.budget %}")) == (
        "中的标签“{{ project.budget %}”以“{{”开头，却以“%}”结尾（附近的文字：“{{ project.budget %}”）："
        "请改成“{{ … }}”。"
    )


def test_a_tag_across_paragraphs() -> None:
    assert refusal(paragraph("{{ project.") + paragraph("name }}")) == (
        "中的标签“{{ project.name }}”跨了段落（附近的文字：“{{ project.name }}”）：两段之间的内容会被删掉。"
        "请把标签写在同一个段落里。"
    )


def test_markup_removed_from_inside_a_tag_must_hold_no_text() -> None:
    xml = "<w:p><w:r><w:t>{{ a</w:t></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t> }}</w:t></w:r></w:p>"
    assert refusal(xml).startswith("中的标签“{{ aPAGE }}”中间夹着域代码等不是正文的内容“PAGE”")


@pytest.mark.parametrize(
    ("xml", "name"),
    [
        (paragraph("目标：", "{%p for goal in project.goals %}"), "段落"),
        ("<w:tr><w:tc>" + paragraph("{%tr for row in rows %}") + "</w:tc><w:tc>" + paragraph("说明") + "</w:tc></w:tr>",
         "表格行"),
    ],
)  # fmt: skip
def test_a_paragraph_or_row_tag_must_be_alone(xml: str, name: str) -> None:
    assert f"所在的{name}里还有别的内容" in refusal(xml)
    assert refusal(xml).endswith(f"请把这个标签单独放在一个{name}里。")


def test_tracked_changes_are_refused() -> None:
    xml = '<w:p><w:ins w:id="1"><w:r><w:t>{{ x }}</w:t></w:r></w:ins></w:p>'
    assert refusal(xml).startswith("中有未处理的修订（修订标记）")


def test_half_a_tag_counts_as_a_tag() -> None:
    assert has_tags(paragraph("{", "{ x"))
    assert not has_tags(paragraph("{ x } 集合"))


def test_describe_line_names_the_tag_and_its_text() -> None:
    source = "<w:p><w:t>前面</w:t></w:p>\n<w:p><w:t>{{ a }}预算{% if b %}</w:t></w:p>\n<w:p><w:t>后面</w:t></w:p>"
    assert describe_line(source, 2) == "标签“{% if b %}”（附近的文字：“前面{{ a }}预算{% if b %}后面”）"
    assert describe_line(source, 2, statements=False).startswith("标签“{{ a }}”")
    assert describe_line(source, 2, "b").startswith("标签“{% if b %}”")
    assert describe_line(source, 3) == "文字“后面”附近"
    assert describe_line(source, 9) == "模板开头"


FULL = (
    "{% for section in sections %}{% for project in section.projects %}"
    "{{ project.name }}{{ project.budget }}{{ project.fiscal_funds }}{{ project.other_funds }}{{ project.purpose }}"
    "{% for goal in project.goals %}{{ goal }}{% endfor %}"
    "{% for row in project.rows %}{{ row.level1 }}{{ row.level2 }}{{ row.name }}{{ row.description }}"
    "{{ row.value }}{% endfor %}{% endfor %}{% endfor %}"
)


@pytest.mark.parametrize(
    ("source", "missing"),
    [
        (FULL, ""),
        (FULL.replace("{{ project.budget }}", "1.00"), "预算数"),
        (FULL.replace("{{ goal }}", "目标"), "绩效目标"),
        (FULL.replace("{{ row.value }}", "≥1人").replace("{{ row.level2 }}", ""), "指标的二级指标、指标的指标值"),
        (FULL.replace("section.projects", "sections"), "各项目（{%p for section in sections %} 里的 "
         "{%p for project in section.projects %} 循环）"),
        ("项目支出绩效目标表",
         "各项目（{%p for section in sections %} 里的 {%p for project in section.projects %} 循环）"),
    ],
)  # fmt: skip
def test_a_template_must_print_every_field(source: str, missing: str) -> None:
    assert unprinted_data(Environment().parse(source), get_layout().view.PRINTED) == missing
