"""Checking rendered Word XML as it streams out, without holding or re-parsing the document in Python.

A template's tags can cut its XML apart: a ``{% if %}`` opened in a paragraph
and closed in a table cell leaves ``<w:p>`` open where ``</w:tc>`` comes, and a
loop that runs zero times leaves a cell without a paragraph, which Word refuses
to open. Two checks watch every rendered part:

* :class:`Skeleton` follows the element structure piece by piece, as Jinja
  yields them. The markup of a document comes only from the template's own text
  (values are escaped), so a piece's effect on the structure is worked out once
  and remembered; the pieces in between, the values, are text. It enforces the
  structural rules Word refuses to break (see :func:`_opened`, :func:`_closed`),
  and collects the text of ``w:t`` elements, what a reader sees.
* :class:`WellFormed` feeds the same bytes to libxml2 in a thread of its own
  (lxml parses without the GIL and builds no tree), so that anything the
  skeleton does not model is still found, at little cost in time.
"""

from __future__ import annotations

import re
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from lxml import etree

# Elements that hold paragraphs and tables.
_BLOCK_CONTAINERS = frozenset(
    {"w:body", "w:tc", "w:txbxContent", "w:hdr", "w:ftr", "w:footnote", "w:endnote", "w:comment", "w:docPartBody"}
)
# Elements whose nesting the rules look at; the others (w:sdt, w:hyperlink, w:drawing…) are looked through.
_STRUCTURAL = _BLOCK_CONTAINERS | {"w:p", "w:tbl", "w:tr", "w:r", "w:t", "w:rt", "w:rubyBase"}
_RUN_PARENTS = frozenset({"w:p", "w:rt", "w:rubyBase"})
# Elements that may not hold text of their own (whitespace aside).
_NO_TEXT = frozenset({"w:body", "w:p", "w:r", "w:tbl", "w:tr", "w:tc", None})
_NAMES = {
    "w:p": "段落",
    "w:tbl": "表格",
    "w:tr": "表格行",
    "w:tc": "单元格",
    "w:r": "文字片段",
    "w:t": "文字",
    "w:body": "正文",
    "w:sectPr": "节属性",
    None: "文档最外层",
}
# Flags of an open element.
_HAS_CHILD = 1  # w:tc has a paragraph; w:tr a cell; w:tbl a row
_ENDS_IN_TABLE = 2  # w:tc: its last block is a table
_SECTION_DONE = 4  # w:body: its w:sectPr has been seen, nothing may follow
_CONTENT: tuple[Any, ...] = ()  # the lexical state between tags
_NAME_END = re.compile(r"[\s/>]")
_TAG_PART = re.compile(r"[\"'/>]")
_MEMO_LIMIT = 50_000

Frame = tuple[str, int]
Stack = tuple[Frame, ...]
Lex = tuple[Any, ...]


class StructureError(Exception):
    """Rendered XML that is cut apart or that Word refuses; the message says what, in Chinese.
    ``index`` is the piece (of those given to :meth:`Skeleton.feed`) where it was found, ``offset``
    where in that piece."""

    index = -1
    offset = 0


def _label(name: str | None) -> str:
    return f"{_NAMES.get(name, name)}（<{name}>）" if name else _NAMES[None]


def _nearest(stack: Stack) -> int:
    """The index of the innermost structural element of ``stack``, or -1."""
    for index in range(len(stack) - 1, -1, -1):
        if stack[index][0] in _STRUCTURAL:
            return index
    return -1


def _flag(stack: Stack, index: int, set_flags: int, clear: int = 0) -> Stack:
    name, flags = stack[index]
    return (*stack[:index], (name, (flags | set_flags) & ~clear), *stack[index + 1 :])


def _opened(stack: Stack, name: str) -> Stack:
    """``stack`` with ``name`` opened, after Word's rules for where it may stand."""
    top = stack[-1][0] if stack else None
    if top == "w:t":
        raise StructureError(f"{_label('w:t')}里出现了 <{name}>：文字里不能有标记")
    if top == "w:body" and stack[-1][1] & _SECTION_DONE:
        raise StructureError(f"正文的{_label('w:sectPr')}后面还有 <{name}>：节属性必须是正文的最后一项")
    index = _nearest(stack)
    container = stack[index][0] if index >= 0 else None
    if name in ("w:p", "w:tbl"):
        if container not in _BLOCK_CONTAINERS:
            raise StructureError(f"{_label(name)}不能直接放在{_label(container)}里")
        if container == "w:tc":
            stack = _flag(
                stack, index, _HAS_CHILD if name == "w:p" else _ENDS_IN_TABLE, clear=_ENDS_IN_TABLE * (name == "w:p")
            )
    elif name in ("w:tr", "w:tc"):
        wanted = "w:tbl" if name == "w:tr" else "w:tr"
        if container != wanted:
            raise StructureError(f"{_label(name)}不能直接放在{_label(container)}里，只能放在{_label(wanted)}里")
        stack = _flag(stack, index, _HAS_CHILD)
    elif name == "w:r" and container not in _RUN_PARENTS:
        raise StructureError(f"{_label(name)}不能直接放在{_label(container)}里，只能放在{_label('w:p')}里")
    elif name == "w:t" and top != "w:r":
        raise StructureError(f"{_label(name)}不能直接放在{_label(top)}里，只能放在{_label('w:r')}里")
    elif name == "w:sectPr" and top == "w:body":
        stack = _flag(stack, len(stack) - 1, _SECTION_DONE)
    return (*stack, (name, 0))


def _closed(stack: Stack, name: str) -> Stack:
    """``stack`` with its innermost element, ``name``, closed, after Word's rules for what it must hold."""
    if not stack or stack[-1][0] != name:
        opened = f"前面的开始标签 <{stack[-1][0]}>" if stack else "前面没有开始标签"
        raise StructureError(f"结束标签 </{name}> 与{opened} 不配对：标签把段落或表格截断了")
    flags = stack[-1][1]
    if name == "w:tc" and not flags & _HAS_CHILD:
        raise StructureError(f"{_label('w:tc')}里没有段落：单元格里至少要有一个段落")
    if name == "w:tc" and flags & _ENDS_IN_TABLE:
        raise StructureError(f"{_label('w:tc')}的最后一项是表格：单元格必须以段落结束")
    if name in ("w:tr", "w:tbl") and not flags & _HAS_CHILD:
        inner = "w:tc" if name == "w:tr" else "w:tr"
        raise StructureError(f"{_label(name)}里没有{_label(inner)}")
    return stack[:-1]


def _text(stack: Stack, text: str, found: list[str]) -> None:
    top = stack[-1][0] if stack else None
    if top == "w:t":
        found.append(text)
    elif top in _NO_TEXT and text.strip():
        raise StructureError(f"文字“{text.strip()[:20]}”直接放在了{_label(top)}里，不在 <w:t> 中：Word 不接受")


def _scan(piece: str, stack: Stack, lex: Lex) -> tuple[Stack, Lex, tuple[str, ...]]:
    """The structure after ``piece``, from ``stack`` and the lexical state ``lex``, and the text it adds.

    ``lex`` is ``()`` between tags, ``("name", partial, is_end)`` in a tag's name,
    ``("attrs", name, is_end, quote, slash)`` among its attributes.
    """
    found: list[str] = []
    position = 0
    while position < len(piece):
        step = _between_tags if lex == _CONTENT else _in_name if lex[0] == "name" else _in_attributes
        try:
            position, stack, lex = step(piece, position, stack, lex, found)
        except StructureError as error:
            error.offset = position
            raise
    return stack, lex, tuple(found)


def _between_tags(piece: str, position: int, stack: Stack, lex: Lex, found: list[str]) -> tuple[int, Stack, Lex]:
    markup = piece.find("<", position)
    end = len(piece) if markup < 0 else markup
    if end > position:
        _text(stack, piece[position:end], found)
    if markup < 0:
        return end, stack, lex
    if piece.startswith("<?", markup):
        closing = piece.find("?>", markup)
        if closing < 0:
            raise StructureError("XML 的处理指令（<?…?>）被标签截断了")
        return closing + 2, stack, lex
    if piece.startswith("<!", markup):
        raise StructureError("出现了 XML 注释、CDATA 或 DOCTYPE：Word 文档里不应有这些")
    is_end = piece.startswith("</", markup)
    return markup + 1 + is_end, stack, ("name", "", is_end)


def _in_name(piece: str, position: int, stack: Stack, lex: Lex, _: list[str]) -> tuple[int, Stack, Lex]:
    boundary = _NAME_END.search(piece, position)
    end = boundary.start() if boundary else len(piece)
    name = lex[1] + piece[position:end]
    return end, stack, ("attrs", name, lex[2], "", False) if boundary else ("name", name, lex[2])


def _in_attributes(piece: str, position: int, stack: Stack, lex: Lex, _: list[str]) -> tuple[int, Stack, Lex]:
    _, name, is_end, quote, slash = lex
    if quote:
        closing = piece.find(quote, position)
        return (len(piece), stack, lex) if closing < 0 else (closing + 1, stack, ("attrs", name, is_end, "", False))
    boundary = _TAG_PART.search(piece, position)
    if boundary is None:
        return len(piece), stack, ("attrs", name, is_end, "", False)
    mark = boundary.group()
    if mark in "\"'":
        return boundary.end(), stack, ("attrs", name, is_end, mark, False)
    if mark == "/":
        return boundary.end(), stack, ("attrs", name, is_end, "", True)
    self_closing = slash and boundary.start() == position  # "/" then ">", maybe split between two pieces
    stack = _closed(stack, name) if is_end else _opened(stack, name)
    return boundary.end(), _closed(stack, name) if self_closing and not is_end else stack, _CONTENT


class Skeleton:
    """The structure of one rendered part, fed the pieces Jinja yields; ``texts`` collects the
    document text (of ``w:t`` elements, as XML-escaped text) until :meth:`take_text`."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self._states: dict[tuple[Stack, Lex], int] = {}
        self._info: list[tuple[Stack, Lex, bool, bool, str]] = []
        self._memo: dict[tuple[str, int], tuple[int, tuple[str, ...]]] = {}
        self._state = self._enter((), _CONTENT)

    def _enter(self, stack: Stack, lex: Lex) -> int:
        """The number of a state, registered the first time it is seen."""
        key = (stack, lex)
        state = self._states.get(key)
        if state is None:
            state = self._states[key] = len(self._info)
            top = stack[-1][0] if stack else None
            quote = lex[3] if lex and lex[0] == "attrs" else ""
            self._info.append((stack, lex, lex == _CONTENT, top == "w:t", quote))
        return state

    def feed(self, pieces: list[str]) -> None:
        """Follow pieces of the output, in order; StructureError (with the ``index`` of the piece)
        when one breaks the structure.

        Called with many pieces at once, because this loop runs for each of the
        millions of pieces of a large unit: most are values (text between tags, or
        inside an attribute) and cost a test or two; the rest are looked up.
        """
        memo, info, texts = self._memo, self._info, self.texts
        state = self._state
        _, _, between_tags, in_text, quote = info[state]
        for index, piece in enumerate(pieces):
            if between_tags and "<" not in piece:
                if in_text:
                    texts.append(piece)
                    continue
                if not piece or piece.isspace():
                    continue
            elif quote and quote not in piece and "<" not in piece:
                continue  # a value inside an attribute
            known = memo.get((piece, state))
            if known is None:
                known = self._learn(piece, state, index)
            state = known[0]
            _, _, between_tags, in_text, quote = info[state]
            if known[1]:
                texts.extend(known[1])
        self._state = state

    def _learn(self, piece: str, state: int, index: int) -> tuple[int, tuple[str, ...]]:
        """What ``piece`` does from ``state``, worked out and remembered."""
        stack, lex = self._info[state][:2]
        try:
            stack, lex, found = _scan(piece, stack, lex)
        except StructureError as error:
            error.index = index
            raise
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        known = self._memo[(piece, state)] = (self._enter(stack, lex), found)
        return known

    def close(self) -> None:
        """StructureError unless every element that was opened was closed."""
        stack, lex = self._info[self._state][:2]
        if stack or lex != _CONTENT:
            name = stack[-1][0] if stack else lex[1]
            raise StructureError(f"XML 在 <{name}> 之内就结束了：标签把文档截断了")

    def take_text(self) -> str:
        """The document text collected since the last call."""
        text = "".join(self.texts)
        self.texts.clear()
        return text


def xml_reason(error: etree.XMLSyntaxError) -> str:
    """libxml2's reason for refusing XML, without the position it appends (a message says it in Chinese)."""
    return re.sub(r", line \d+, column \d+$", "", error.msg or "")


class _NoTree:
    """An lxml parser target that builds nothing: the parser then only checks that the XML is well-formed."""

    def close(self) -> None:
        return None


class WellFormed:
    """libxml2's check that bytes fed in order are well-formed XML, run in a thread of its own.

    :meth:`feed` waits for earlier chunks once a few are queued, so memory stays
    flat; :meth:`close` (and any :meth:`feed`) raises ``etree.XMLSyntaxError``.
    """

    _QUEUED = 3

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="perfdocs-xml")
        self._queued: deque[Future[None]] = deque()
        self._parser: Any = None
        self._submit(self._start)

    def _start(self) -> None:  # in the parsing thread: lxml parsers stay in the thread that made them
        self._parser = etree.XMLParser(target=_NoTree(), resolve_entities=False, no_network=True, huge_tree=True)

    def _submit(self, task: Any, *args: Any) -> None:
        self._queued.append(self._pool.submit(task, *args))
        while len(self._queued) > self._QUEUED:
            self._queued.popleft().result()

    def _feed(self, data: bytes) -> None:
        self._parser.feed(data)

    def _close(self) -> None:
        self._parser.close()

    def feed(self, data: bytes) -> None:
        self._submit(self._feed, data)

    def close(self) -> None:
        self._submit(self._close)
        while self._queued:
            self._queued.popleft().result()

    def stop(self) -> None:
        """End the thread (after an error elsewhere, or once closed)."""
        for future in self._queued:
            future.cancel()
        self._pool.shutdown(wait=True)
