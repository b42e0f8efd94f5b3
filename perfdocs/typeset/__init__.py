"""Lines a typesetter accepts: no table cell line that holds a single Chinese character, headings broken
in balance.

LibreOffice (and Word) break a cell's text wherever the next character does not fit, so "网站及调解服务成本"
in a column eight characters wide prints "网站及调解服务成" and then "本" alone on a line. A typesetter
never leaves that. perfdocs measures the unit's text with the body font's own metrics and, at render time
(:func:`fit`):

* chooses the indicator grid's column widths for the whole unit (:mod:`~perfdocs.typeset.widths`);
* gives each cell that would still end in a lone character a little more padding (``w:tcMar``), so that
  one more character goes down to its last line (:mod:`~perfdocs.typeset.grid`);
* breaks a heading that wraps (``w:br``) where its lines come out balanced (:mod:`~perfdocs.typeset.headings`).

The modules, each using only those before it: :mod:`~perfdocs.typeset.scripts` (which script a character
is in), :mod:`~perfdocs.typeset.fonts` (the font files, read with fontTools),
:mod:`~perfdocs.typeset.metrics` (their widths, cached), :mod:`~perfdocs.typeset.lines` (LibreOffice's line
breaking), :mod:`~perfdocs.typeset.grid`, :mod:`~perfdocs.typeset.widths`, :mod:`~perfdocs.typeset.headings`,
:mod:`~perfdocs.typeset.rewrite` (the template, rewritten once), :mod:`~perfdocs.typeset.unit` (the layout
of one unit). None of them knows about rendering: :mod:`perfdocs.render` calls :func:`fit`.
"""

from __future__ import annotations

from typing import Any

import jinja2

from perfdocs.template import Template
from perfdocs.typeset.metrics import Metrics
from perfdocs.typeset.rewrite import fitted, specialized
from perfdocs.typeset.unit import layout


def fit(template: Template, sections: list[Any], measure: Metrics | None = None) -> tuple[Template, dict[str, Any]]:
    """``template`` fitted to a unit's sections (:class:`SectionView`): the template to render with (the
    grid's widths written in), and what to add to the context (each cell's padding, the headings)."""
    rewritten = fitted(template)
    if not rewritten.source:
        return template, {}
    found = layout(rewritten, sections, measure)
    widths = found.pop("widths", rewritten.grid.widths if rewritten.grid else ())
    try:
        return specialized(rewritten, widths), found
    except jinja2.TemplateError:  # a rewrite the template's Jinja does not take: the template as it is
        return template, {}
