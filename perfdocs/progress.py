"""How far long work has got: a callback that the command line turns into a progress bar.

``progress(step, done, total)`` says that ``done`` of ``total`` items of ``step``
(a few Chinese words) are finished; a ``total`` of 0 announces a step that has
no count (a LibreOffice run). Library callers pass None, or their own callback.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def silent(step: str, done: int, total: int) -> None:
    """The progress callback that reports nothing."""
