"""What ``perfdocs new`` writes where a person has to write something, and how to find it again.

A new project file must fail ``perfdocs check`` (and so ``perfdocs build``) until
every placeholder is filled: a budget of 0.00, or a text such as
“（待填写：资金用途）” in the published table, is wrong data. The placeholders are
defined here only: :mod:`perfdocs.scaffold` writes them and the rule PD504 finds them.
"""

from __future__ import annotations

import re
from decimal import Decimal

#: The word that marks a text as still to be written.
MARK = "待填写"
#: The budget a new project starts with: no project table is published with a budget of nothing.
BUDGET = Decimal("0.00")
_TEXT = re.compile(f"（{MARK}：[^）]*）")


def placeholder(what: str) -> str:
    """The placeholder for ``what`` (``资金用途`` → “（待填写：资金用途）”)."""
    return f"（{MARK}：{what}）"


def placeholder_in(text: str) -> str | None:
    """The first placeholder left in ``text``, if any (one filled in around it is still there)."""
    found = _TEXT.search(text)
    return found.group() if found else None
