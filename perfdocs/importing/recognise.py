"""Which layout a document is in, asked of the layouts themselves.

A layout's folder may hold an ``importer.py`` whose ``IMPORTER`` says how import knows it:

* a :class:`DocumentImporter`, for a layout read by a reader of its own (the 一体化 flat table): it
  takes the whole file when one of its blocks is recognised;
* a :class:`~perfdocs.importing.tables.TableForm`, for a layout of one table a project (the 上海
  申报表): the default reader asks it about the rows the Tianjin table does not have.

A layout without one is read by the default reader (:class:`~perfdocs.importing.tables.DocumentReader`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from perfdocs.importing.blocks import Block
from perfdocs.importing.tables import DocumentReader, ImportedDocument, TableForm
from perfdocs.layouts import layout_table


class Reader(Protocol):
    def read(self, blocks: Iterable[tuple[str, Block]]) -> ImportedDocument: ...


@dataclass(frozen=True)
class DocumentImporter:
    """A layout with a reader of its own: whether a block is in the layout, and the reader of a file's blocks."""

    recognises: Callable[[Block], bool]
    reader: Callable[[str], Reader]


@functools.cache
def _importers() -> tuple[tuple[DocumentImporter, ...], tuple[TableForm, ...]]:
    found = [layout.importer for layout in layout_table() if layout.importer is not None]
    return (
        tuple(importer for importer in found if isinstance(importer, DocumentImporter)),
        tuple(importer for importer in found if isinstance(importer, TableForm)),
    )


def read_in_layout(source: str, blocks: list[tuple[str, Block]]) -> ImportedDocument:
    """The blocks of one file, read by the reader of the layout they are in."""
    documents, forms = _importers()
    for importer in documents:
        if any(importer.recognises(block) for _, block in blocks):
            return importer.reader(source).read(blocks)
    return DocumentReader(source, forms).read(blocks)
