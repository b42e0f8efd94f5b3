"""Reading published 绩效目标表 back: Word and Excel files into projects, and ``perfdocs import``.

- :mod:`~perfdocs.importing.blocks`: what a document is read as, paragraphs and tables of cells;
- :mod:`~perfdocs.importing.docx`: a .docx as blocks; :mod:`~perfdocs.importing.sheets` (with
  :mod:`~perfdocs.importing.numberformat`): an .xlsx as blocks, each cell as Excel shows it;
- :mod:`~perfdocs.importing.text`: blocks as plain text (``perfdocs text``, git's textconv);
- :mod:`~perfdocs.importing.tables`: the reader of one table a project (天津, and forms built on it);
  :mod:`~perfdocs.importing.recognise`: which layout a file is in, asked of each layout's own
  ``importer.py`` (``perfdocs/layouts/<name>/``: 一体化's flat table, 上海's 申报表);
- :mod:`~perfdocs.importing.command`: ``perfdocs import``, a document into a unit folder of YAML files.

Importing this package costs nothing: ``perfdocs text`` runs once a file in every ``git diff``, and
must not load the loader and the writer. ``import_document`` and ``ImportResult`` are here lazily.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from perfdocs.importing.command import ImportResult, import_document, read_document

__all__ = ["ImportResult", "import_document", "read_document"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module("perfdocs.importing.command"), name)
