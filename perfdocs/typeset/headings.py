"""Headings broken in balance: a heading that wraps gets a line break (``w:br``) where its lines come out
even, so that "目标表" does not stand alone on the second line.
"""

from __future__ import annotations

import functools

from markupsafe import Markup, escape

from perfdocs.typeset.lines import TOLERANCE, Piece, fill, lines, one_line_width, pieces, shape_of
from perfdocs.typeset.metrics import EM, Metrics, metrics

#: What follows a number as its unit: a heading keeps "2025年" and "3万元" on one line where it can.
_COUNTERS = frozenset("年月日号时个万亿元人次件台辆页卷份项所名批组届期度")


def balanced_break(text: str, available: int, measure: Metrics | None = None) -> list[int]:
    """Where to break a heading that does not fit on one line so that its lines come out even
    (character offsets into ``text``); [] for a heading that fits."""
    limit = available - TOLERANCE
    if one_line_width(text, measure or metrics()) <= limit:  # fits: no need to cut it into pieces
        return []
    parts = pieces(text, measure)
    if sum(p.width + p.space for p in parts) - parts[-1].space <= limit:
        return []
    count = len(lines(parts, limit))
    if count < 2:
        return []
    if count == 2:
        cut = _two_lines(parts, limit)
        if cut:
            return [sum(len(p.text) for p in parts[:cut])]
    shape = shape_of(parts)
    low, high = sum(p.width + p.space for p in parts) // count, limit
    while low < high:  # the narrowest measure that still takes as few lines
        middle = (low + high) // 2
        if fill(shape, middle)[0] <= count:
            high = middle
        else:
            low = middle + 1
    offsets, at = [], 0
    for line in lines(parts, low)[:-1]:
        at += len(line)
        offsets.append(at)
    return offsets


def _two_lines(parts: list[Piece], available: int) -> int | None:
    """The best place (a piece's index) to break a heading in two: even lines, the first the longer, and
    after punctuation (、，) where that is nearly as even."""
    total = sum(p.width + p.space for p in parts) - parts[-1].space
    best: tuple[float, int] | None = None
    before = 0  # the width of parts[:cut], spaces included
    for cut in range(1, len(parts)):
        last = parts[cut - 1]
        before += last.width + last.space
        one = before - last.space
        two = total - before
        if one > available or two > available:
            continue
        score = abs(one - two) - (EM * 3 if last.text.rstrip()[-1:] in "、，；：" else 0)
        if last.text[-1:].isdigit() and parts[cut].text[:1] in _COUNTERS:  # "2025年" together
            score += EM * 3
        score += 2 * EM if one < two else 0
        if best is None or score < best[0]:
            best = (score, cut)
    return best[1] if best else None


@functools.lru_cache(maxsize=1 << 15)
def broken_title(prefix: str, title: str, suffix: str, available: int, measure: Metrics | None = None) -> Markup:
    """The heading's title as XML text with ``w:br`` where :func:`balanced_break` breaks the whole heading."""
    offsets = [at - len(prefix) for at in balanced_break(prefix + title + suffix, available, measure)]
    offsets = [at for at in offsets if 0 < at < len(title)]
    if not offsets:
        return Markup(escape(title))
    pieces_, start = [], 0
    for at in [*offsets, len(title)]:
        pieces_.append(str(escape(title[start:at])))
        start = at
    return Markup('</w:t><w:br/><w:t xml:space="preserve">'.join(pieces_))
