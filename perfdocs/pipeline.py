"""The whole job in one call: a unit folder in, the unit's Word document out."""

from __future__ import annotations

from pathlib import Path

from perfdocs.loader import load_unit
from perfdocs.render import render_docx
from perfdocs.template import Template


def build(
    source: str | Path,
    output: str | Path,
    *,
    template: Template | str | Path | None = None,
    overwrite: bool = False,
) -> Path:
    """Load the unit folder ``source`` and write its document to ``output``.

    Raises :class:`~perfdocs.errors.InputError` (every problem of every file),
    :class:`~perfdocs.errors.TemplateError` or :class:`~perfdocs.errors.OutputError`;
    on any error nothing is written.
    """
    unit = load_unit(source)
    return render_docx(unit, output, template, overwrite=overwrite)
