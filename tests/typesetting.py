"""What the tests of :mod:`perfdocs.typeset` share: the estimate measure, a grid like the default
template's, line breaking as a test reads it, and small font files made on the spot."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from perfdocs.typeset.grid import Grid
from perfdocs.typeset.lines import lines, pieces
from perfdocs.typeset.metrics import EM, ESTIMATE, Metrics
from perfdocs.typeset.scripts import LONE, within

GRID = Grid(
    widths=(1280, 2100, 1880, 1880, 1704),
    margins=(85, 85),
    size=10.5,
    labels=(("一级指标",), ("二级指标",), ("三级指标",), ("绩效指标描述",), ("指标值",)),
    fields=("level1", "level2", "name", "description", "value"),
)


def broken(text: str, ems: float, measure: Metrics = ESTIMATE) -> list[str]:
    """``text`` broken into lines ``ems`` wide (the estimate: each Chinese character 1 em, the rest half)."""
    return lines(pieces(text, measure), int(ems * EM))


def is_lone(line: str) -> bool:
    """A line that holds a single Chinese character (or CJK punctuation) and nothing else."""
    text = line.strip()
    return len(text) == 1 and within(text, LONE)


def columns(*rows: tuple[str, str, str, str, str]) -> list[Counter[str]]:
    """The texts of :data:`GRID`'s columns in ``rows``, counted."""
    found: list[Counter[str]] = [Counter() for _ in GRID.widths]
    for row in rows:
        for column, text in zip(found, row, strict=True):
            column[text] += 1
    return found


def tiny_font(path: Path, advances: dict[str, int], family: str = "Tiny", units: int = 1000) -> Path:
    """A font file (a collection for a .ttc) whose only glyphs are ``advances``' characters, that wide
    in font units of ``units`` per em."""
    from fontTools.fontBuilder import FontBuilder  # type: ignore[import-untyped]  # noqa: PLC0415
    from fontTools.pens.ttGlyphPen import TTGlyphPen  # type: ignore[import-untyped]  # noqa: PLC0415
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]  # noqa: PLC0415

    glyphs = {f"u{ord(char):04X}": width for char, width in advances.items()}
    builder = FontBuilder(units, isTTF=True)
    builder.setupGlyphOrder([".notdef", *glyphs])
    builder.setupCharacterMap({ord(char): f"u{ord(char):04X}" for char in advances})
    empty = TTGlyphPen(None).glyph()
    builder.setupGlyf(dict.fromkeys([".notdef", *glyphs], empty))
    builder.setupHorizontalMetrics({".notdef": (units // 2, 0), **{name: (width, 0) for name, width in glyphs.items()}})
    builder.setupHorizontalHeader(ascent=units * 4 // 5, descent=-units // 5)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".ttc":
        collection = TTCollection()
        collection.fonts = [builder.font]
        collection.save(str(path))
    else:
        builder.save(str(path))
    return path
