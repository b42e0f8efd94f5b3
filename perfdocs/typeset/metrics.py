"""The body font's metrics: the advance width of each character, in the Chinese and in the Latin face.

Read once per process with fontTools (:mod:`perfdocs.typeset.fonts`) and kept in perfdocs' cache folder,
so that a build does not parse a CJK font (half a second) every time. Without a font file that reads,
the measure is an estimate: 1 em per Chinese character and 0.5 em for the rest.

A cache entry is only a shortcut: one that is damaged, of another shape, or holds widths no font has
(negative, huge, not whole numbers) is ignored and made again, and one that cannot be written is no error.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from perfdocs.cache import cache_folder, read_entry, write_entry
from perfdocs.typeset.fonts import Face, advances, find_faces
from perfdocs.typeset.scripts import ASIAN, within

#: Widths are in 1/1000 em of the text's size, or in twips (1/20 pt) where the name says so.
EM = 1000
#: The widest advance a font can give: 65535 font units at 16 units per em (the least the format allows).
#: A wider one, or a negative one, is no font's: it is left out when reading, and voids a cache entry.
MAX_ADVANCE = 0xFFFF * EM // 16
#: Raise it when what a cache entry holds changes, so that old entries are not used.
_FORMAT = "3"
#: The most a cache entry may take (a CJK font's is about 200 KB).
_LIMIT = 16 << 20


@dataclass(frozen=True, eq=False)
class Metrics:
    """Advance widths in 1/1000 em: of the Chinese face (all it has, but those 1 em wide), of the Latin face."""

    asian: Mapping[int, int]
    latin: Mapping[int, int]
    source: str = "估计"  # the face measured, for a reader wondering why a line breaks where it does

    def asian_width(self, char: str) -> int:
        return self.asian.get(ord(char), EM if within(char, ASIAN) else EM // 2)

    def latin_width(self, char: str) -> int:
        found = self.latin.get(ord(char))
        return found if found is not None else self.asian.get(ord(char), EM // 2)


ESTIMATE = Metrics({}, {})


@functools.cache
def metrics() -> Metrics:
    """The body font's metrics, found and read once per process (and kept in the cache folder): of the
    first Chinese face that reads, with the first Latin face that does; else :data:`ESTIMATE`."""
    cjk, latin = find_faces()
    for face in cjk:
        found = _measured(face, latin)
        if found is not None:
            return found
    return ESTIMATE


def _measured(cjk: Face, latin: list[Face]) -> Metrics | None:
    """The metrics of ``cjk`` with the first of ``latin`` that reads, from the cache or the files; None
    where ``cjk`` does not read."""
    identity = [_FORMAT, cjk.family, cjk.identity, *(face.identity for face in latin)]
    key = hashlib.sha256("\0".join(identity).encode()).hexdigest()[:32]
    folder = cache_folder()
    path = folder / f"metrics-{key}.json" if folder else None
    cached = _from_json(read_entry(path, _LIMIT)) if path else None
    if cached is not None:
        return cached
    try:
        asian = _widths(cjk, lambda code, width: width != EM or not within(chr(code), ASIAN))
    except Exception:  # not a font (fontTools raises anything for that), or no fontTools: the next face
        return None
    latin_widths: dict[int, int] = {}
    for face in latin:
        try:
            latin_widths = _widths(face, lambda code, _: code < 0x2E80)
            break
        except Exception:  # the next Latin face, or none: Latin text measured in the Chinese face
            continue
    found = Metrics(asian, latin_widths, f"{cjk.path.name} {cjk.family}".strip())
    if path:
        data = {"source": found.source, "asian": asian, "latin": latin_widths}
        write_entry(path, json.dumps(data, separators=(",", ":")))
    return found


def _widths(face: Face, keep: Callable[[int, int], bool]) -> dict[int, int]:
    """``{code point: advance in 1/1000 em}`` of the face, those ``keep`` keeps (and a font could give)."""
    units, found = advances(face)
    scale = EM / units
    widths = {code: round(width * scale) for code, width in found.items()}
    return {code: width for code, width in widths.items() if 0 <= width <= MAX_ADVANCE and keep(code, width)}


def _from_json(text: str | None) -> Metrics | None:
    """The metrics a cache entry holds, or None for one that is not as :func:`_measured` writes it."""
    if text is None:
        return None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):  # not JSON, NaN or Infinity, or nested too deep to read
        return None
    if not isinstance(data, dict) or set(data) != {"source", "asian", "latin"} or not isinstance(data["source"], str):
        return None
    asian, latin = _advance_map(data["asian"]), _advance_map(data["latin"])
    if asian is None or latin is None:
        return None
    return Metrics(asian, latin, data["source"])


def _advance_map(data: Any) -> dict[int, int] | None:
    """``{"20013": 1000, …}`` as ``{20013: 1000}``, or None unless every key is a code point and every
    value a width a font could give."""
    if not isinstance(data, dict):
        return None
    found = {}
    for code, width in data.items():
        if not (code.isascii() and code.isdecimal() and len(code) <= 7):  # no "+1", " 1", "１"
            return None
        if type(width) is not int or not 0 <= width <= MAX_ADVANCE or int(code) > 0x10FFFF:
            return None
        found[int(code)] = width
    return found


def _no_constant(name: str) -> None:
    raise ValueError(name)
