"""Reading a built PDF as a typesetter looks at it: which face each piece of text is set in, where the rules
are, which lines each table cell breaks into, and what stands at the top of each page.

It reads the PDF with PyMuPDF (not with perfdocs' own code, nor with LibreOffice's), so that the tests of
the printed page check what a reader sees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pymupdf

#: CJK ideographs (and the CJK symbols and full-width forms a line may hold).
_CJK = re.compile("[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class Span:
    """A run of text on one line of a page, in one font."""

    page: int  # 1-based
    text: str
    font: str  # the font's name as the PDF embeds it (``BAAAAA+NotoSerifCJKjp-Regular``)
    size: float  # points
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in points, from the page's top left
    line: tuple[int, int]  # the PDF's text block and line on the page that the span is part of


@dataclass(frozen=True)
class Rule:
    """A horizontal line drawn on a page (a table border)."""

    page: int
    y: float
    x0: float
    x1: float


def spans(pdf: Path) -> list[Span]:
    """Every span of text in the PDF, page by page, top to bottom."""
    found = []
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document, 1):
            for block_number, block in enumerate(page.get_text("dict")["blocks"]):
                for line_number, line in enumerate(block.get("lines", ())):
                    for span in line["spans"]:
                        if span["text"].strip():
                            box = tuple(span["bbox"])
                            where = (block_number, line_number)
                            found.append(Span(number, span["text"], span["font"], span["size"], box, where))
    return found


def horizontal_rules(pdf: Path) -> list[Rule]:
    """The horizontal lines and thin filled rectangles each page draws (how LibreOffice draws borders)."""
    found = []
    with pymupdf.open(pdf) as document:
        for number, page in enumerate(document, 1):
            for drawing in page.get_drawings():
                for item in drawing["items"]:
                    if item[0] == "l" and abs(item[1].y - item[2].y) < 0.5:
                        found.append(Rule(number, item[1].y, min(item[1].x, item[2].x), max(item[1].x, item[2].x)))
                    elif item[0] == "re" and item[1].height < 1.5 and item[1].width > 1.5:
                        rect = item[1]
                        found.append(Rule(number, (rect.y0 + rect.y1) / 2, rect.x0, rect.x1))
    return found


def page_count(pdf: Path) -> int:
    with pymupdf.open(pdf) as document:
        return document.page_count


def is_cjk(char: str) -> bool:
    return _CJK.fullmatch(char) is not None
