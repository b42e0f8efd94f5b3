"""The outcome of earlier layouts, so that a build starts where the last one ended.

A laid-out build needs LibreOffice twice at least: once to learn the pages, once to check them with
the page numbers written in. Started from the previous build's pages and restarted merges, an
unchanged unit (same content) or an edited one (same output file, a few values changed) is usually
right at the first pass, and LibreOffice runs once. The outcome is remembered twice in the cache
folder (:mod:`perfdocs.cache`): under the content laid out, and under the output file.

A remembered layout is only where the layout starts: :func:`perfdocs.pipeline.paginate` accepts it
only when LibreOffice lays the document out exactly so, or goes on as without it. A wrong, stale or
damaged entry therefore costs a pass, never a wrong page number. Without one, the 目录 starts with
placeholder numbers as wide as the real ones are likely to be, so that it has its final shape from
the first pass (:func:`placeholders`).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

from perfdocs.cache import cache_folder, read_entry, write_entry
from perfdocs.prepared import Prepared
from perfdocs.template import Template

#: Raise it when the layout (the rendering, the bookmarks) changes in a way the key does not see.
VERSION = 1
_FOLDER = "layouts"
_LIMIT = 1 << 22  # bytes an entry may have (10,000 projects: about 0.3 MB)
_KEPT = 200  # entries kept; older ones are removed
#: Rough shape of a page, for the width of the placeholders: 目录 lines and indicator rows a page holds.
_TOC_LINES_PER_PAGE = 18
_ROWS_PER_PAGE = 12


class Remembered(NamedTuple):
    """Where an earlier layout ended: each section's page, and the rows whose merges were restarted."""

    pages: dict[int, int]
    restarts: frozenset[int]


def content_key(prepared: Prepared, template: Template, program: str) -> str:
    """What decides the layout: the content, the template's parts, and which LibreOffice lays it out."""
    digest = hashlib.sha256(f"{VERSION}\0{os.path.realpath(program)}\0".encode())
    for name, source in sorted(template.sources.items()):
        digest.update(f"{name}\0{source}\0".encode())
    for name, data in sorted(template.static_parts.items()):
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    digest.update(pickle.dumps(prepared, protocol=5))
    return digest.hexdigest()


def target_key(target: Path) -> str:
    return hashlib.sha256(f"{VERSION}\0target\0{os.path.realpath(target)}".encode()).hexdigest()


def recall(keys: Iterable[str]) -> Remembered | None:
    """The layout remembered under the first of ``keys`` that has one."""
    folder = cache_folder()
    if folder is None:
        return None
    for key in keys:
        body = read_entry(folder / _FOLDER / key, _LIMIT)
        if body is None:
            continue
        try:
            given = json.loads(body)
            return Remembered(
                {int(number): int(page) for number, page in given["pages"].items()},
                frozenset(int(row) for row in given["restarts"]),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return None


def remember(keys: Iterable[str], layout: Remembered) -> None:
    """Store ``layout`` under each of ``keys``, and remove the oldest entries beyond :data:`_KEPT`."""
    folder = cache_folder()
    if folder is None:
        return
    body = json.dumps({"pages": layout.pages, "restarts": sorted(layout.restarts)})
    for key in keys:
        write_entry(folder / _FOLDER / key, body)
    _prune(folder / _FOLDER)


def _prune(folder: Path) -> None:
    with suppress(OSError):
        entries = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime_ns)
        for old in entries[:-_KEPT]:
            old.unlink()


def placeholders(headings: Iterable[int], rows_before: Mapping[int, int]) -> dict[int, int]:
    """A page number for each section made of 8s, as wide as its page's number is likely to be.

    ``rows_before`` gives the indicator rows before each section. The estimate needs only to be of
    the right width: LibreOffice then finds the real pages in a 目录 of their final shape.
    """
    numbers = list(headings)
    toc_pages = 1 + len(numbers) // _TOC_LINES_PER_PAGE
    return {
        number: int("8" * len(str(1 + toc_pages + rows_before.get(number, 0) // _ROWS_PER_PAGE))) for number in numbers
    }
