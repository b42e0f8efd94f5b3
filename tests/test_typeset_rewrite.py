"""The template rewritten to take its layout from the unit (:mod:`perfdocs.typeset.rewrite`)."""

from __future__ import annotations

from perfdocs.template import load_template
from perfdocs.typeset.rewrite import fitted


def test_the_default_template_is_rewritten_once() -> None:
    template = load_template()
    fit = fitted(template)
    assert fit is fitted(template)
    assert fit.grid is not None
    assert fit.heading is not None
    assert fit.grid.fields == ("level1", "level2", "name", "description", "value")
    assert fit.grid.labels[3] == ("绩效指标描述",)
    assert sum(fit.grid.widths) == 8844
