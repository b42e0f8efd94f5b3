"""Writing what tests and corpus builders hand to perfdocs: unit folders, and Office packages part by part.

A .docx or .xlsx is a ZIP archive of parts; the corpus makes its hostile inputs
by taking a real package apart, editing one part or one header field, and
putting it together again. These are the few ways it does that, in one place.
"""

from __future__ import annotations

import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from conftest import EXAMPLE_UNIT

#: A package's parts in order; as a list, a name may stand twice (a package that is hostile on purpose).
Parts = dict[str, bytes] | list[tuple[str, bytes]]
#: Where each ZIP header keeps a 16-bit field: (local header, central directory entry).
_FIELDS = {"flags": (6, 8), "method": (8, 10)}
_HEADERS = ((b"PK\x03\x04", 26, 30), (b"PK\x01\x02", 28, 46))  # signature, where the name's length, the name


def unit_folder(folder: Path, unit: str, projects: dict[str, str]) -> Path:
    """A unit folder (made with its parents): ``unit`` as 单位.yaml, each project as ``<name>.yaml``."""
    folder.mkdir(parents=True)
    (folder / "单位.yaml").write_text(unit, encoding="utf-8")
    for name, text in projects.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def example_unit(folder: Path, *projects: str) -> Path:
    """The example unit (projects/2025) with only ``projects``, in that order, as a unit folder at ``folder``."""
    head = (EXAMPLE_UNIT / "单位.yaml").read_text(encoding="utf-8").split("项目顺序:")[0]
    order = "项目顺序:\n" + "".join(f"  - {name}\n" for name in projects)
    texts = {name: (EXAMPLE_UNIT / f"{name}.yaml").read_text(encoding="utf-8") for name in projects}
    return unit_folder(folder, head + order, texts)


def read_parts(path: Path) -> dict[str, bytes]:
    """Every part of a package by name, in package order."""
    with zipfile.ZipFile(path) as archive:
        return {entry.filename: archive.read(entry) for entry in archive.infolist()}


def write_parts(path: Path, parts: Parts, *, compression: int = zipfile.ZIP_DEFLATED) -> None:
    """A package of ``parts``, in order; a name that stands twice is written twice, without zipfile's warning."""
    items = parts.items() if isinstance(parts, dict) else parts
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w", compression) as archive:
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name, which is the point
        for name, data in items:
            archive.writestr(name, data)


def edit_part(path: Path, part: str, edit: Callable[[str], str]) -> None:
    """Rewrite one XML part of the package (its UTF-8 text) with ``edit``; every other part is copied as it is."""
    parts = read_parts(path)
    text = parts[part].decode("utf-8")
    changed = edit(text)
    assert changed != text, f"the edit changed nothing in {part}"
    parts[part] = changed.encode("utf-8")
    write_parts(path, parts)


def replacing(*edits: tuple[str, str]) -> Callable[[str], str]:
    """An edit that replaces each ``(old, new)`` once; each ``old`` must be there."""

    def edit(text: str) -> str:
        for old, new in edits:
            assert old in text, old
            text = text.replace(old, new, 1)
        return text

    return edit


def patch_headers(path: Path, field: str, value: int, part: str | None = None) -> None:
    """Set a field of every entry's local and central headers (or of ``part``'s only) as a zip tool would:
    ``"flags"`` (1: encrypted with a password) or ``"method"`` (9: Deflate64)."""
    data = bytearray(path.read_bytes())
    name = part.encode() if part is not None else None
    for (signature, length_at, name_at), offset in zip(_HEADERS, _FIELDS[field], strict=True):
        start = data.find(signature)
        while start >= 0:
            (length,) = struct.unpack_from("<H", data, start + length_at)
            if name is None or data[start + name_at : start + name_at + length] == name:
                struct.pack_into("<H", data, start + offset, value)
            start = data.find(signature, start + 4)
    path.write_bytes(bytes(data))
