"""Line breaking as LibreOffice (7.x, and Word) does it in a table cell: greedily, wherever the next
character does not fit, but never before closing punctuation, after opening punctuation, or inside a
Latin word or number. That is how "网站及调解服务成本", eight characters wide, prints "网站及调解服务成"
and then "本" alone: a lone character, what perfdocs lays the unit out to avoid.

No punctuation hangs into the margin: LibreOffice hangs none in a document from Word, whatever
``w:overflowPunct`` says ("矛盾。" goes down whole).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from perfdocs.typeset.metrics import EM, Metrics, metrics
from perfdocs.typeset.scripts import ASIAN, IDEOGRAPH, LATIN, LONE, within

#: How much a measurement may be off (1/1000 em) and still not leave a lone character.
TOLERANCE = 60
#: The gap LibreOffice puts between a Latin letter or digit and an ideograph next to it, 1/1000 em.
AUTOSPACE = 200
#: No line starts with these (closing punctuation, 。，、…).
_NO_START = frozenset("，。、；：？！）」』】》〉〕］｝”’…‥·・ー々〃～%‰℃°,.;:?!)]}-‐–")
#: No line ends with these (opening punctuation).
_NO_END = frozenset("（「『【《〈〔［｛“‘([{")


@dataclass(frozen=True, slots=True)
class Piece:
    """What a line may not break inside: its width, the width of the spaces after it, and the gap at its
    start (between Latin text and an ideograph), which it does not take where it starts a line."""

    text: str
    width: int
    space: int  # spaces after it: they take no room at a line's end
    lead: int  # the gap before its first character: none at a line's start
    alone: bool = False  # a single Chinese character: a line that holds only it holds a lone character


# What line breaking needs of a character: its kind, its width in the Chinese and the Latin face, and
# whether no line starts with it, no line ends with it, a line of it alone is a lone character.
#: (Chinese text: ideographs, and the punctuation and full-width forms set with them.)
_SPACE, _LATIN, _NEUTRAL, _HAN, _IDEOGRAPH = range(5)
_NO_START_FLAG, _NO_END_FLAG, _LONE_FLAG = 1, 2, 4


@functools.lru_cache(maxsize=8192)
def _character(measure: Metrics, char: str) -> tuple[int, int, int, int]:
    if char.isspace():
        kind = _SPACE
    elif within(char, IDEOGRAPH):
        kind = _IDEOGRAPH
    elif within(char, ASIAN):
        kind = _HAN
    elif within(char, LATIN):
        kind = _LATIN
    else:
        kind = _NEUTRAL
    flags = (
        (_NO_START_FLAG if char in _NO_START else 0)
        | (_NO_END_FLAG if char in _NO_END else 0)
        | (_LONE_FLAG if within(char, LONE) else 0)
    )
    return kind, measure.asian_width(char), measure.latin_width(char), flags


def pieces(text: str, measure: Metrics | None = None) -> list[Piece]:
    """``text`` cut where a line may break (between Chinese characters, after spaces; never before
    closing punctuation or after opening punctuation; never inside a Latin word or number)."""
    measure = measure or metrics()
    found: list[Piece] = []
    start = width = space = lead = visible = 0
    asian = False  # whether the text before is set as Chinese (the last character that is not a space)
    previous, before, lone = _SPACE, 0, False  # the kind and flags of the character before; a lone one
    for index, char in enumerate(text):
        kind, asian_width, latin_width, flags = _character(measure, char)
        if kind == _SPACE:
            advance = asian_width if asian else latin_width
        elif kind >= _HAN or (kind == _NEUTRAL and asian):
            advance = asian_width  # a neutral character after Chinese text is set with it
        else:
            advance = latin_width
        gap = AUTOSPACE if {kind, previous} == {_IDEOGRAPH, _LATIN} else 0  # LibreOffice's, Latin to Chinese
        if (
            index > start
            and kind != _SPACE
            and not flags & _NO_START_FLAG
            and not before & _NO_END_FLAG
            and (space or kind >= _HAN or previous >= _HAN)
        ):  # a line may break here
            found.append(Piece(text[start:index], width, space, lead, visible == 1 and lone))
            start, width, space, lead, visible = index, 0, 0, gap, 0
        if kind == _SPACE:
            space += advance
        else:
            if space:  # a space inside a piece (before closing punctuation): it counts
                width, space = width + space, 0
            width += advance + gap
            asian = kind >= _HAN or (asian and kind != _LATIN)
            visible, lone = visible + 1, bool(flags & _LONE_FLAG)
        previous, before = kind, flags
    if start < len(text):
        found.append(Piece(text[start:], width, space, lead, visible == 1 and lone))
    return found


def lines(parts: list[Piece], available: int) -> list[str]:
    """The lines ``parts`` fill in ``available`` (1/1000 em), as LibreOffice fills them: greedily."""
    result: list[str] = []
    line: list[str] = []
    used = 0  # the width of the line so far, without its trailing spaces
    trailing = 0
    for part in parts:
        if line and used + trailing + part.width > available:
            result.append("".join(line))
            line = []
        if not line and part.width - part.lead > available and len(part.text.strip()) > 1:
            used = 0
            for char in part.text:  # a word longer than the line: broken anywhere, as LibreOffice does
                advance = part.width // max(len(part.text.strip()), 1)
                if line and used + advance > available:
                    result.append("".join(line))
                    line, used = [], 0
                line.append(char)
                used += advance
            trailing = 0
            continue
        used = used + trailing + part.width if line else part.width - part.lead
        line.append(part.text)
        trailing = part.space
    if line:
        result.append("".join(line))
    return result


#: A text as line breaking sees it: per piece, its width, the spaces after it, the gap at its start, whether
#: it is a single Chinese character (a line of that piece alone is a lone character).
Shape = tuple[tuple[int, int, int, bool], ...]


def shape_of(parts: list[Piece]) -> Shape:
    return tuple((p.width, p.space, p.lead, p.alone) for p in parts)


def fill(shape: Shape, available: int) -> tuple[int, bool]:
    """How many lines ``shape`` fills in ``available``, and whether one holds a single character
    (:func:`lines`, without making the lines' text)."""
    count, lone, used, trailing, on_line, single = 1, False, 0, 0, 0, False
    for width, space, lead, alone in shape:
        if on_line and used + trailing + width > available:
            lone = lone or (on_line == 1 and single)
            count, on_line = count + 1, 0
        if on_line:
            used += trailing + width
        elif width - lead > available and not alone:  # broken inside, as lines() does
            count += (width - lead) // max(available, 1)
            used = (width - lead) % max(available, 1)
        else:
            used = width - lead
        trailing = space
        on_line += 1
        single = alone
    return count, lone or (on_line == 1 and single)


def _fits_as_cjk(shape: Shape) -> bool:
    return all(width == EM and not space and not lead and alone for width, space, lead, alone in shape)


@functools.lru_cache(maxsize=65536)
def shape_cost(shape: Shape, available: int) -> tuple[int, bool]:
    """Lines at ``available``, and whether a lone character shows at ``available`` give or take :data:`TOLERANCE`."""
    if _fits_as_cjk(shape):
        return _cjk_fill(len(shape), available)
    number, lone = fill(shape, available)
    if not lone:
        lone = fill(shape, available - TOLERANCE)[1] or fill(shape, available + TOLERANCE)[1]
    return number, lone


def _cjk_fill(length: int, available: int) -> tuple[int, bool]:
    """:func:`shape_cost` of ``length`` Chinese characters, each 1 em: by arithmetic."""

    def at(width: int) -> tuple[int, bool]:
        per_line = max(width // EM, 1)
        number = -(-length // per_line)
        return number, number > 1 and length - (number - 1) * per_line == 1

    number, lone = at(available)
    return number, lone or at(available - TOLERANCE)[1] or at(available + TOLERANCE)[1]


def one_line_width(text: str, measure: Metrics) -> int:
    """The width of ``text`` set on one line (1/1000 em), as :func:`pieces` measures it, or a little more."""
    width, asian, previous = 0, False, _SPACE
    for char in text:
        kind, asian_width, latin_width, _ = _character(measure, char)
        width += asian_width if kind >= _HAN or (kind != _LATIN and asian) else latin_width
        if (kind == _IDEOGRAPH and previous == _LATIN) or (kind == _LATIN and previous == _IDEOGRAPH):
            width += AUTOSPACE
        if kind != _SPACE:
            asian = kind >= _HAN or (asian and kind != _LATIN)
        previous = kind
    return width
