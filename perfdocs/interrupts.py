"""Clean-up that a second Ctrl-C or SIGTERM cannot cut short.

An interrupted build stops LibreOffice and removes its temporary files on the
way out. A second signal arriving meanwhile (an impatient Ctrl-C, a service
manager's SIGTERM after its SIGHUP) would stop that clean-up halfway and leave
files or processes behind. Inside :func:`deferred_signals` such a signal waits,
and takes effect as it would have once the block is done.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

#: The signals that stop a command (see :func:`perfdocs.cli.main`).
STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP during the block; the first that came is then handled.

    Only the main thread runs signal handlers, so elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[tuple[int, FrameType | None]] = []

    def hold(number: int, frame: FrameType | None) -> None:
        arrived.append((number, frame))

    previous = {number: signal.signal(number, hold) for number in STOPPING}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number, frame in arrived[:1]:
            _handle(previous[number], number, frame)


def _handle(handler: Callable[[int, FrameType | None], Any] | int | None, number: int, frame: FrameType | None) -> None:
    """What the signal would have done: the handler it had, or the system's default action."""
    if callable(handler):
        handler(number, frame)
    elif handler != signal.SIG_IGN:
        os.kill(os.getpid(), number)
