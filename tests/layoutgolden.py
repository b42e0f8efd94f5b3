"""Golden cell grids of published tables, and the same grid read from a built .docx.

A golden file (``tests/golden/layouts/<name>.cells.txt``) writes the tables a document prints,
cell by cell, merges included, so that a test can assert ``docx_grid(built) == read_golden(file)``.

The format, one line at a time (UTF-8):

- ``# …`` is a comment; blank lines are ignored.
- ``[table]`` starts a table; anything after it on the line is a label for people (``[table] 表11``).
  Every row belongs to the table last started.
- Any other line is one table row: its cells, left to right, separated by `` | `` (space, bar, space).
- A cell is written as a *token*:

  - its text, escaped (below);
  - ``""`` for a cell with no text;
  - ``^`` for a cell that continues the vertical merge of the cell above (``w:vMerge`` without
    ``restart``); the cell that starts the merge is written with its text as usual;
  - any of these followed by ``<<N`` (N ≥ 2) for a cell spanning N grid columns (``w:gridSpan``):
    ``项目总目标<<3``, ``^<<2``.

- Escapes in a text: ``\\n`` a line break (the cell's paragraphs are joined with line breaks; a text
  wrapped only by the page is re-joined, not broken), ``\\t`` a tab, ``\\\\`` a backslash, ``\\|`` a bar,
  ``\\s`` a space at the start or the end of the text, ``\\^`` a caret that starts the text,
  ``\\"`` a quote that starts the text and ``\\<`` a ``<`` that would otherwise start a span suffix.

In memory a table is ``list[tuple[str, ...]]``, one tuple of tokens per row, each token exactly as
the file writes it; a document is a list of tables. :func:`docx_grid` gives a built document in the
same form, so the two compare with ``==``.

The parser checks what a Word table must satisfy: every row of a table covers the same number of grid
columns, and a ``^`` stands below a cell that starts at the same grid column with the same span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.oxml.ns import qn
from lxml import etree

SEPARATOR = " | "
CONTINUED = "^"
EMPTY = '""'
TABLE = "[table]"

_SPAN = re.compile(r"<<([2-9]|[1-9]\d+)$")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_ESCAPES = {"n", "t", "\\", "|", "s", "^", '"', "<"}

Row = tuple[str, ...]
Table = list[Row]


class GoldenError(ValueError):
    """A golden file that does not follow the format; the message names the line."""


# ---------------------------------------------------------------------------------------------
# Tokens


def cell_token(text: str, span: int = 1, *, continued: bool = False) -> str:
    """The token of one cell: ``text`` escaped (or ``^`` when ``continued``), with ``<<span``."""
    if span < 1:
        raise ValueError(f"a cell spans at least one grid column, not {span}")
    body = CONTINUED if continued else escape(text)
    return body + (f"<<{span}" if span > 1 else "")


def escape(text: str) -> str:
    """``text`` as a golden file writes it (never ``^``, never with a span suffix of its own)."""
    if not text:
        return EMPTY
    body = text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n").replace("\t", "\\t")
    if body.startswith(" "):
        body = "\\s" + body[1:]
    if body.endswith(" "):
        body = body[:-1] + "\\s"
    if body.startswith(("^", '"')):
        body = "\\" + body
    match = re.search(r"<<\d+$", body)
    if match is not None:
        body = body[: match.start()] + "\\" + body[match.start() :]
    return body


def cell_parts(token: str) -> tuple[str, int, bool]:
    """``(text, span, continued)`` of a token; the text is unescaped (and "" for ``^``)."""
    span, body = 1, token
    match = _SPAN.search(token)
    if match is not None and not _escaped_at(token, match.start()):
        span, body = int(match.group(1)), token[: match.start()]
    if body == CONTINUED:
        return "", span, True
    if body == EMPTY:
        return "", span, False
    return unescape(body), span, False


def unescape(body: str) -> str:
    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        if char not in _ESCAPES:
            raise GoldenError(f"unknown escape \\{char} in {body!r}")
        return {"n": "\n", "t": "\t", "s": " "}.get(char, char)

    return _ESCAPE.sub(replace, body)


def _escaped_at(token: str, index: int) -> bool:
    """Whether the character at ``index`` follows an odd number of backslashes."""
    count = 0
    while index - count - 1 >= 0 and token[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _check_token(token: str) -> str | None:
    """What is wrong with a token as written, or None."""
    return next(_token_problems(token), None)


def _token_problems(token: str) -> Iterator[str]:
    if not token:
        yield 'an empty cell is written ""'
    if token != token.strip(" "):
        yield "a space at the start or end of a cell is written \\s"
    match = _SPAN.search(token)
    body = token[: match.start()] if match is not None and not _escaped_at(token, match.start()) else token
    bad_span = re.search(r"<<\d+$", body)
    if bad_span is not None and not _escaped_at(body, bad_span.start()):
        yield "a span is <<N with N of at least 2 (a text ending like a span is written \\<<N)"
    if body in (CONTINUED, EMPTY):
        return
    if any(char == "|" and not _escaped_at(body, index) for index, char in enumerate(body)):
        yield "a bar inside a cell is written \\|"
    if body.startswith(("^", '"')):
        yield f"a text starting with {body[0]} is written with a backslash before it"
    if _escaped_at(body + "x", len(body)):
        yield "a cell ends with a lone backslash"
    try:
        unescape(body)
    except GoldenError as error:
        yield str(error)


# ---------------------------------------------------------------------------------------------
# Golden files


def parse_golden(text: str, name: str = "<golden>") -> list[Table]:
    """The tables of a golden file's text; :class:`GoldenError` names the first line that is wrong."""
    tables: list[Table] = []
    starts: list[list[tuple[int, int]]] = []  # per table: (grid column, span) of each cell of the last row
    widths: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{name}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        if line == TABLE or line.startswith(TABLE + " "):
            tables.append([])
            starts.append([])
            widths.append(0)
            continue
        if not tables:
            raise GoldenError(f"{where}: a row before the first {TABLE} line")
        tokens = tuple(line.split(SEPARATOR))
        column, cells = 0, []
        for token in tokens:
            problem = _check_token(token)
            if problem is not None:
                raise GoldenError(f"{where}: cell {token!r}: {problem}")
            _, span, continued = cell_parts(token)
            if continued and (column, span) not in starts[-1]:
                raise GoldenError(
                    f"{where}: cell {token!r} at grid column {column + 1} continues a merge, "
                    "but no cell above starts there with the same span"
                )
            cells.append((column, span))
            column += span
        if tables[-1] and column != widths[-1]:
            raise GoldenError(f"{where}: the row covers {column} grid columns, the rows above {widths[-1]}")
        widths[-1] = column
        starts[-1] = cells
        tables[-1].append(tokens)
    return tables


def read_golden(path: str | Path) -> list[Table]:
    path = Path(path)
    return parse_golden(path.read_text(encoding="utf-8"), path.name)


def format_golden(tables: list[Table]) -> str:
    """Tables in the golden format (no comments): what :func:`parse_golden` reads back as ``tables``."""
    lines = []
    for table in tables:
        lines.append(TABLE)
        lines += [SEPARATOR.join(row) for row in table]
    return "".join(f"{line}\n" for line in lines)


# ---------------------------------------------------------------------------------------------
# Built documents

_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
_FALSE = {"0", "false", "off"}


def docx_grid(path: str | Path) -> list[Table]:
    """Every table of a .docx (outside other tables, in document order), cell by cell, as tokens.

    Honours ``w:gridSpan`` (``<<N``) and ``w:vMerge`` (a continuing cell is ``^``). A cell's text is
    its paragraphs joined with line breaks; within a paragraph ``w:br``/``w:cr`` are line breaks and
    ``w:tab`` a tab. Bookmarks, field codes (``w:instrText``), deleted text and runs hidden by a direct
    ``w:vanish`` are left out; a paragraph that is wholly hidden (its mark too) is left out. Not
    handled: text hidden by a style, ``w:gridBefore``/``w:gridAfter``, the text of nested tables.
    """
    body = docx.Document(str(path)).element.body
    return [_table(table) for table in _outer_tables(body)]


def _outer_tables(body: etree._Element) -> Iterator[etree._Element]:
    for table in body.iter(qn("w:tbl")):
        if not any(ancestor.tag == qn("w:tbl") for ancestor in table.iterancestors()):
            yield table


def _children(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    """The ``tag`` children of ``element``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _table(table: etree._Element) -> Table:
    rows = []
    for row in _children(table, qn("w:tr")):
        if row.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None:  # a tracked deletion of the row
            continue
        rows.append(tuple(_cell(cell) for cell in _children(row, qn("w:tc"))))
    return rows


def _cell(cell: etree._Element) -> str:
    properties = cell.find(qn("w:tcPr"))
    span, continued = 1, False
    if properties is not None:
        grid_span = properties.find(qn("w:gridSpan"))
        if grid_span is not None:
            span = int(grid_span.get(qn("w:val"), "1"))
        merge = properties.find(qn("w:vMerge"))
        continued = merge is not None and merge.get(qn("w:val"), "continue") == "continue"
    if continued:
        return cell_token("", span, continued=True)
    paragraphs = [text for text in map(_paragraph, _children(cell, qn("w:p"))) if text is not None]
    return cell_token("\n".join(paragraphs), span)


def _paragraph(paragraph: etree._Element) -> str | None:
    """The visible text of a paragraph; None when the paragraph is hidden as a whole."""
    pieces = []
    for run in paragraph.iter(qn("w:r")):
        if _owner(run) is not paragraph or _deleted(run, paragraph) or _hidden(run.find(qn("w:rPr"))):
            continue
        for child in run:
            if child.tag == qn("w:t"):
                pieces.append(child.text or "")
            elif child.tag == qn("w:tab"):
                pieces.append("\t")
            elif child.tag == qn("w:cr") or (
                child.tag == qn("w:br") and child.get(qn("w:type"), "textWrapping") == "textWrapping"
            ):
                pieces.append("\n")
            elif child.tag == qn("w:noBreakHyphen"):
                pieces.append("\u2011")
    text = "".join(pieces)
    mark = paragraph.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    if not text and _hidden(mark):
        return None
    return text


def _owner(run: etree._Element) -> etree._Element | None:
    """The paragraph a run belongs to (a run in a text box belongs to the text box's paragraph)."""
    for ancestor in run.iterancestors():
        if ancestor.tag == qn("w:p"):
            return ancestor
    return None


def _deleted(run: etree._Element, paragraph: etree._Element) -> bool:
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in (qn("w:del"), qn("w:moveFrom")):
            return True
    return False


def _hidden(properties: etree._Element | None) -> bool:
    if properties is None:
        return False
    vanish = properties.find(qn("w:vanish"))
    return vanish is not None and vanish.get(qn("w:val"), "true").lower() not in _FALSE
