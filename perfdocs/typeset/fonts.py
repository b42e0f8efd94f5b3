"""The font files perfdocs measures text with, and their advance widths, read with fontTools.

Text is measured with the installed face that 宋体 resolves to (Noto Serif CJK SC, the SC face of its
.ttc, or SimSun), Latin text with the face Times New Roman resolves to. Fonts are looked for in
``$PERFDOCS_FONT_DIRS`` first, then where the system keeps them. Every file that may hold a face is a
candidate, best first, so that a damaged one (a .ttc that is not one) gives way to the next.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The faces 宋体 resolves to, best first: SimSun itself where it is installed (LibreOffice then sets 宋体 in
#: it), else what perfdocs' fontconfig aliases name (Noto Serif CJK SC, in a collection of several faces).
CJK_FACES = (
    ("simsun.ttc", "SimSun"),
    ("NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    ("NotoSerifCJKsc-Regular.otf", ""),
    ("NotoSerifSC-Regular.otf", ""),
    ("Songti.ttc", "Songti SC"),
    ("NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    ("wqy-zenhei.ttc", ""),
)
#: Times New Roman, or the face metric-compatible with it; without one, fontconfig sets Latin text in the
#: Chinese serif face as well (and so does perfdocs' measure).
LATIN_FACES = ("times.ttf", "Times New Roman.ttf", "LiberationSerif-Regular.ttf")


@dataclass(frozen=True)
class Face:
    """A font file, the family wanted of it (in a collection; "" for the first face), and what identifies
    this version of the file (path, size, modification time) for the cache."""

    path: Path
    family: str
    identity: str


def find_faces() -> tuple[list[Face], list[Face]]:
    """The candidate Chinese faces and Latin faces, best first: by face, then by folder."""
    found: dict[str, list[Path]] = {}
    wanted = {name.lower() for name, _ in CJK_FACES} | {name.lower() for name in LATIN_FACES}
    for folder in _font_folders():
        for root, _, files in os.walk(folder):  # a folder that is missing or a file: nothing
            for name in files:
                if name.lower() in wanted:
                    found.setdefault(name.lower(), []).append(Path(root) / name)
    cjk = [face for name, family in CJK_FACES for face in _faces(found.get(name.lower(), ()), family)]
    latin = [face for name in LATIN_FACES for face in _faces(found.get(name.lower(), ()), "")]
    return cjk, latin


def _faces(paths: Iterable[Path], family: str) -> Iterator[Face]:
    """The regular files among ``paths`` (a FIFO named like a font would hang the reader)."""
    for path in paths:
        try:
            status = path.stat()
        except OSError:  # a broken link, a file gone since
            continue
        if stat.S_ISREG(status.st_mode):
            yield Face(path, family, f"{path}:{status.st_size}:{status.st_mtime_ns}")


def _font_folders() -> list[Path]:
    home = Path.home() if "HOME" in os.environ or sys.platform == "win32" else None
    folders = [Path(p) for p in os.environ.get("PERFDOCS_FONT_DIRS", "").split(os.pathsep) if p]
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        folders += [windows / "Fonts"]
        if os.environ.get("LOCALAPPDATA"):
            folders.append(Path(os.environ["LOCALAPPDATA"]) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        folders += [Path("/System/Library/Fonts"), Path("/Library/Fonts")]
        folders += [home / "Library" / "Fonts"] if home else []
    else:
        folders += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
        folders += [home / ".local" / "share" / "fonts", home / ".fonts"] if home else []
    return folders


def advances(face: Face) -> tuple[int, dict[int, int]]:
    """The face's units per em and ``{code point: advance width in font units}``.

    Raises whatever fontTools raises for a file that is not a font (it may be any exception).
    """
    from fontTools.ttLib import TTCollection, TTFont  # type: ignore[import-untyped]  # noqa: PLC0415 - when not cached

    with face.path.open("rb") as file:  # closed however fontTools fails (it leaves its own files open then)
        if face.path.suffix.lower() in (".ttc", ".otc"):
            collection = TTCollection(file, lazy=True)
            font = next((each for each in collection.fonts if _family(each) == face.family), collection.fonts[0])
        else:
            font = TTFont(file, lazy=True)
        widths = font["hmtx"]
        return int(font["head"].unitsPerEm), {code: widths[glyph][0] for code, glyph in font.getBestCmap().items()}


def _family(font: Any) -> str:
    names = font["name"]
    return str(names.getDebugName(16) or names.getDebugName(1) or "")
