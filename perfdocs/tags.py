"""Checking a template's tags before it is used, so that no tag can silently lose text.

docxtpl turns a template's XML into Jinja with regular expressions that trust
the tags: a ``{{`` without its ``}}`` makes it delete everything up to the next
``}}`` (whole table rows), a ``{%p %}`` tag replaces its whole paragraph (and
any other text in it), and the markup it strips from inside a tag may hold a
field code. These checks run on the part's XML before docxtpl sees it, and on
the Jinja syntax tree after, and name the tag and the text around it.

``where`` in the functions below is how a message names the part, as
``模板 X 的 word/document.xml``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from jinja2 import Environment, nodes

from perfdocs.errors import TemplateError

if TYPE_CHECKING:
    from perfdocs.layouts.views import Printed

# docxtpl's first step: a brace split from its twin by Word's run markup (``{</w:t>…<w:t>{``) is joined.
_SPLIT_DELIMITER = re.compile(r"(?<={)(?:<[^>]*>)+(?=[{%#])|(?<=[%}#])(?:<[^>]*>)+(?=})")
# docxtpl's second step: the run markup inside a tag is removed, between one w:t and the next.
_INSIDE_TAG = re.compile(r"</w:t>.*?(?:<w:t>|<w:t [^>]*>)", re.DOTALL)
_DELIMITER = re.compile(r"{{|}}|{%|%}|{#|#}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER = {closer: opener for opener, closer in _CLOSER.items()}
_PARAGRAPH_EDGE = re.compile(r"<w:p[ >/]|</w:p>")
# docxtpl's tags that stand for their whole paragraph, table row or cell.
_ELEMENT_TAG = re.compile(r"(?:{%|{{|{#)(p|tr|tc) ")
_ELEMENT_NAMES = {"p": "段落", "tr": "表格行", "tc": "单元格"}
_REVISION = re.compile(r"<w:(?:ins|del|moveFrom|moveTo)[ >]")
_MARKUP = re.compile(r"<[^>]*>")
_JINJA_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.DOTALL)
_NEAR = 20  # characters of text shown on each side of a tag
_WINDOW = 4000  # characters of XML looked at for them


def visible(xml: str) -> str:
    """The text of a piece of XML, as a reader sees it."""
    return html.unescape(_MARKUP.sub("", xml))


def _near(xml: str, start: int, end: int) -> str:
    before = visible(xml[max(start - _WINDOW, 0) : start])[-_NEAR:]
    after = visible(xml[end : end + _WINDOW])[:_NEAR]
    return f"附近的文字：“{before}{visible(xml[start:end])}{after}”"


def has_tags(xml: str) -> bool:
    """True when a part's XML holds a tag, or half of one, as docxtpl would see it."""
    return _DELIMITER.search(_SPLIT_DELIMITER.sub("", xml)) is not None


def check_tags(where: str, xml: str) -> None:
    """Refuse tags that docxtpl would turn into lost text: unpaired, across paragraphs, or sharing
    a paragraph, row or cell that docxtpl replaces by the tag."""
    if _REVISION.search(xml):
        raise TemplateError(
            f"{where} 中有未处理的修订（修订标记）：修订会改变标签和文字。"
            "请在 Word 中“接受所有修订”或“拒绝所有修订”后再用。"
        )
    joined = _SPLIT_DELIMITER.sub("", xml)
    stripped, last = [], 0
    for start, end in _paired_tags(where, joined):
        for removed in _INSIDE_TAG.findall(joined, start, end):
            if visible(removed).strip():
                raise TemplateError(
                    f"{where} 中的标签“{visible(joined[start:end])}”中间夹着域代码等不是正文的内容"
                    f"“{visible(removed).strip()}”（{_near(joined, start, end)}），生成时会被删掉："
                    "请删掉这个标签，重新输入。"
                )
        stripped += [joined[last:start], _INSIDE_TAG.sub("", joined[start:end])]
        last = end
    _check_element_tags(where, "".join([*stripped, joined[last:]]))


# A cell of the compiled template that {% vmerge EXPR %} merges (perfdocs.template.to_jinja wrote its w:vMerge).
_MERGED_CELL = re.compile(r'<w:tc[ >](?:(?!<w:tc[ >]).)*?<w:vMerge w:val="{{ (.+?) }}"/>.*?</w:tc>', re.DOTALL)
_PRINTED = re.compile(r"{{-?\s*(.+?)\s*-?}}", re.DOTALL)
# The merges perfdocs computes, and the label each one merges: ``row.level1_merge`` merges ``row.level1``.
_MERGE = re.compile(r"([A-Za-z_]\w*\.level[12])_merge")
# The merge of a project's own cells over its rows (a table of all projects): ``row.project_merge``.
_PROJECT_MERGE = re.compile(r"([A-Za-z_]\w*)\.project_merge")


def check_merges(where: str, source: str) -> None:
    """Refuse a ``{% vmerge %}`` in a cell that prints anything but the label its merge is computed for.

    A merged cell shows only its first row's text: perfdocs merges 一级指标 (二级指标) where the rows'
    labels are equal, so a merge placed on any other cell, or computed for the other label, would hide
    data that differs from row to row (a 二级指标 cell merged as 一级 drops 质量指标 under 数量指标).
    ``row.project_merge`` merges a project's cells over all its rows, so its cell may print anything but
    the row's own data (``row.…``).
    """
    for cell in _MERGED_CELL.finditer(source):
        expression = cell.group(1).strip()
        printed = [shown.strip() for shown in _PRINTED.findall(cell.group(0)) if shown.strip() != expression]
        if printed and _merges_project_cell(expression, printed):
            continue
        merge = _MERGE.fullmatch(expression)
        label = merge.group(1) if merge else None
        if label is None or not printed or any(not re.fullmatch(rf"{label}\s*(\|.*)?", shown) for shown in printed):
            what = "、".join(f"{{{{ {shown} }}}}" for shown in printed) or "什么数据也不印"
            project = "{% vmerge row.project_merge %} 只能放在只印项目数据（不印 row 的数据）的单元格里，"
            raise TemplateError(
                f"{where} 中 {{% vmerge {expression} %}} 所在的单元格印的是 {what}："
                "{% vmerge row.level1_merge %} 只能放在只印 {{ row.level1 }} 的单元格里，"
                "{% vmerge row.level2_merge %} 只能放在只印 {{ row.level2 }} 的单元格里，"
                + (project if _PROJECT_MERGE.fullmatch(expression) else "")
                + "否则合并单元格会藏起各行不同的内容。请把这个标签移回原处。"
            )


def _merges_project_cell(expression: str, printed: list[str]) -> bool:
    """Whether a ``row.project_merge`` cell prints nothing of the row it stands in."""
    merge = _PROJECT_MERGE.fullmatch(expression)
    return merge is not None and not any(re.search(rf"\b{merge.group(1)}\b", shown) for shown in printed)


def _paired_tags(where: str, xml: str) -> Iterator[tuple[int, int]]:
    """The span of each tag; TemplateError for a delimiter without its twin, or a tag across paragraphs."""
    opener: re.Match[str] | None = None
    for delimiter in _DELIMITER.finditer(xml):
        token = delimiter.group()
        if token in _CLOSER and opener is not None:
            _unclosed(where, xml, opener)
        if token in _CLOSER:
            opener = delimiter
            continue
        if opener is None:
            raise TemplateError(
                f"{where} 中有多余的“{token}”，前面没有与它配对的“{_OPENER[token]}”"
                f"（{_near(xml, delimiter.start(), delimiter.end())}）：请删掉它，或补全这个标签。"
            )
        start, end = opener.start(), delimiter.end()
        tag = visible(xml[start:end])
        if _CLOSER[opener.group()] != token:
            raise TemplateError(
                f"{where} 中的标签“{tag}”以“{opener.group()}”开头，却以“{token}”结尾（{_near(xml, start, end)}）："
                f"请改成“{opener.group()} … {_CLOSER[opener.group()]}”。"
            )
        if _PARAGRAPH_EDGE.search(xml, start, end):
            raise TemplateError(
                f"{where} 中的标签“{tag}”跨了段落（{_near(xml, start, end)}）：两段之间的内容会被删掉。"
                "请把标签写在同一个段落里。"
            )
        opener = None
        yield start, end
    if opener is not None:
        _unclosed(where, xml, opener)


def _unclosed(where: str, xml: str, opener: re.Match[str]) -> None:
    edge = _PARAGRAPH_EDGE.search(xml, opener.end())
    end = edge.start() if edge else len(xml)
    tag = visible(xml[opener.start() : end])[: _NEAR * 2]
    closer = _CLOSER[opener.group()]
    raise TemplateError(
        f"{where} 中的标签“{tag}”没有结尾的“{closer}”（{_near(xml, opener.start(), opener.start())}）："
        f"它后面直到下一个“{closer}”的内容都会被删掉。请在 Word 中补全这个标签。"
    )


def _check_element_tags(where: str, xml: str) -> None:
    """A ``{%p %}``, ``{%tr %}`` or ``{%tc %}`` tag must be alone in its paragraph, row or cell."""
    for match in _ELEMENT_TAG.finditer(xml):
        kind = match.group(1)
        start = max(xml.rfind(f"<w:{kind} ", 0, match.start()), xml.rfind(f"<w:{kind}>", 0, match.start()))
        closing = xml.find(f"</w:{kind}>", match.end())
        tag_end = _DELIMITER.search(xml, match.end())
        if start < 0 or closing < 0 or tag_end is None:
            continue  # not inside such an element: docxtpl leaves it to Jinja, which reports it
        others = (visible(xml[start : match.start()]) + visible(xml[tag_end.end() : closing])).strip()
        if others:
            tag = visible(xml[match.start() : tag_end.end()])
            name = _ELEMENT_NAMES[kind]
            raise TemplateError(
                f"{where} 中的标签“{tag}”所在的{name}里还有别的内容“{others[: _NEAR * 2]}”："
                f"生成时整个{name}会换成这个标签，这些内容不会印出。请把这个标签单独放在一个{name}里。"
            )


def describe_line(source: str, line: int, needle: str = "", *, statements: bool = True) -> str:
    """The tag on ``line`` of a part's Jinja source and the text around it, for a message:
    ``标签“{% endif %}”（附近的文字：“…”）``; a line without a tag is named by its text.

    Of several tags on the line, the one holding ``needle`` is named, else the
    first ``{% %}`` (``statements``: what breaks structure) or the first ``{{ }}``
    (what computes values), else the first.
    """
    lines = source.splitlines()
    if not 0 < line <= len(lines):
        return "模板开头"
    tags = _JINJA_TAG.findall(lines[line - 1])
    text = visible("".join(lines[max(line - 2, 0) : line + 1]))
    if not tags:
        return f"文字“{visible(lines[line - 1]).strip()[: _NEAR * 2]}”附近"
    kind = "{%" if statements else "{{"
    chosen = next((tag for tag in tags if needle and needle in tag), None)
    chosen = chosen or next((tag for tag in tags if tag.startswith(kind)), tags[0])
    at = max(text.find(chosen), 0)
    return f"标签“{chosen}”（附近的文字：“{text[max(at - _NEAR, 0) : at + len(chosen) + _NEAR].strip()}”）"


def check_syntax(where: str, tree: nodes.Template, source: str, environment: Environment) -> None:
    """Refuse what a template may not do: use other files, turn autoescape off, reach Python
    internals, recurse, or call a filter or test that does not exist."""
    for node in tree.find_all(nodes.Node):
        reason = _forbidden(node, environment)
        if reason:
            raise TemplateError(f"{where} 中的{describe_line(source, node.lineno, reason[1])}{reason[0]}")


def _forbidden(node: nodes.Node, environment: Environment) -> tuple[str, str] | None:
    """Why ``node`` is not allowed, and a word of its tag to find it by; None when it is."""
    for check in (_other_file, _unescaped, _recursive, _internals, _unknown):
        reason = check(node, environment)
        if reason:
            return reason
    return None


def _other_file(node: nodes.Node, _: Environment) -> tuple[str, str] | None:
    if not isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
        return None
    keyword = type(node).__name__.lower().replace("fromimport", "from")
    return f"用了 {{% {keyword} %}}：模板不能引用别的文件，请把内容直接写在模板里。", keyword


def _unescaped(node: nodes.Node, _: Environment) -> tuple[str, str] | None:
    if isinstance(node, nodes.EvalContextModifier):
        return "关闭或改变了自动转义：数据中的 < 和 & 会破坏文档，模板里不能这样写。", "autoescape"
    return None


def _recursive(node: nodes.Node, _: Environment) -> tuple[str, str] | None:
    if isinstance(node, nodes.For) and node.recursive:
        return "用了递归循环（recursive）：模板里不支持。", "recursive"
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name in ("namespace", "lipsum"):
        return f"用了 {node.name}()：模板里不支持。", node.name
    return None


def _internals(node: nodes.Node, _: Environment) -> tuple[str, str] | None:
    private = _private_name(node)
    if not private:
        return None
    return f"访问了 Python 内部（{private}）：模板只能用 unit、sections 及其字段（见 README 的“模板”一节）。", private


def _unknown(node: nodes.Node, environment: Environment) -> tuple[str, str] | None:
    if isinstance(node, nodes.Filter) and node.name not in environment.filters:
        extra = "（perfdocs 不允许它：数据必须转义后印出）" if node.name in ("safe", "urlize") else ""
        return f"用了不存在的过滤器“{node.name}”{extra}。", node.name
    if isinstance(node, nodes.Test) and node.name not in environment.tests:
        return f"用了不存在的测试“{node.name}”。", node.name
    return None


def _private_name(node: nodes.Node) -> str:
    if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
        return node.attr
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        value = node.arg.value
        if isinstance(value, str) and value.startswith("_"):
            return value
    return ""


def unprinted_data(tree: nodes.Template, printed: Printed) -> str:
    """What of each project the document part does not print ("" when it prints it all).

    The part must loop over the sections and, inside, over each section's
    projects, and print there every field its layout prints (``printed``) of a
    project and of its indicator rows.
    """
    missing = "各项目（{%p for section in sections %} 里的 {%p for project in section.projects %} 循环）"
    for section_loop in tree.find_all(nodes.For):
        if "sections" not in _names(section_loop.iter):
            continue
        for project_loop in _inner_loops(section_loop):
            if any(
                attribute.attr == "projects" and _names(attribute.node) & _names(section_loop.target)
                for attribute in _getattrs(project_loop.iter)
            ):
                missing = _unprinted_fields(project_loop, printed)
                if not missing:
                    return ""
    return missing


#: Fields of a project that are lists, printed item by item in a loop of their own.
_LISTS = ("goals", "annual_goals")


def _unprinted_fields(project_loop: nodes.For, wanted: Printed) -> str:
    """The fields a project loop does not print, in words ("" for none)."""
    (project,) = _names(project_loop.target) or {""}
    printed = _printed(project_loop, project)
    missing = []
    for field, label in wanted.project:
        loops = _loops_over(project_loop, project, field) if field in _LISTS else []
        if field not in printed and not any(_printed_names(loop) & _names(loop.target) for loop in loops):
            missing.append(label)
    row_loops = _loops_over(project_loop, project, "rows")
    row_missing = min(
        (
            [label for field, label in wanted.row if field not in _printed(loop, *_names(loop.target))]
            for loop in row_loops
        ),
        key=len,
        default=[label for _, label in wanted.row],
    )
    missing += [f"指标的{label}" for label in row_missing]
    return "、".join(missing)


def _outputs(node: nodes.Node) -> Iterator[nodes.Output]:
    return node.find_all(nodes.Output)


def _printed(loop: nodes.For, variable: str = "") -> set[str]:
    """The attributes of ``variable`` that the loop's body prints."""
    return {
        attribute.attr
        for output in _outputs(loop)
        for attribute in output.find_all(nodes.Getattr)
        if isinstance(attribute.node, nodes.Name) and attribute.node.name == variable
    }


def _printed_names(loop: nodes.For) -> set[str]:
    return {name.name for output in _outputs(loop) for name in output.find_all(nodes.Name)}


def _loops_over(loop: nodes.For, variable: str, field: str) -> list[nodes.For]:
    return [
        inner
        for inner in _inner_loops(loop)
        if any(attribute.attr == field and variable in _names(attribute.node) for attribute in _getattrs(inner.iter))
    ]


def prints_money_unit(tree: nodes.Template) -> bool:
    """True when the part prints ``unit.money_unit``."""
    return any(
        attribute.attr == "money_unit" and isinstance(attribute.node, nodes.Name) and attribute.node.name == "unit"
        for output in tree.find_all(nodes.Output)
        for attribute in output.find_all(nodes.Getattr)
    )


def _names(node: nodes.Node) -> set[str]:
    found = {node.name} if isinstance(node, nodes.Name) else set()
    return found | {name.name for name in node.find_all(nodes.Name)}


def _getattrs(node: nodes.Node) -> list[nodes.Getattr]:
    return ([node] if isinstance(node, nodes.Getattr) else []) + list(node.find_all(nodes.Getattr))


def _inner_loops(loop: nodes.For) -> Iterator[nodes.For]:
    for child in loop.body:
        if isinstance(child, nodes.For):
            yield child
        yield from child.find_all(nodes.For)
