"""Signals that stop a command: SIGTERM and SIGHUP as Ctrl-C, and clean-up that a second one cannot cut short.

A service manager or a closed terminal stops perfdocs with SIGTERM or SIGHUP;
they raise :class:`Interrupted`, a ``KeyboardInterrupt``, so that the same clean-up
runs as for Ctrl-C. An interrupted build stops LibreOffice and removes its temporary files on the
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
from collections.abc import Callable, Iterable, Iterator
from types import FrameType
from typing import Any

#: What a command stopped by Ctrl-C says, and its exit code (as shells report Ctrl-C).
CANCELLED = "已取消。"
EXIT_INTERRUPTED = 130
#: The signals that stop a command (see :func:`perfdocs.cli.main`).
STOPPING = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class Interrupted(KeyboardInterrupt):
    """A signal that stops a command as Ctrl-C does; ``signal_number`` says which."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number


def _raise_interrupted(number: int, frame: FrameType | None) -> None:
    raise Interrupted(number)


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Interrupted` during the block, so that they stop a command as
    Ctrl-C does and the same clean-up runs."""
    with _handling([number for number in STOPPING if number != signal.SIGINT], _raise_interrupted):
        yield


@contextlib.contextmanager
def deferred_signals() -> Iterator[None]:
    """Hold back SIGINT, SIGTERM and SIGHUP during the block; the first that came is then handled."""
    arrived: list[tuple[int, FrameType | None]] = []
    with _handling(STOPPING, lambda number, frame: arrived.append((number, frame))) as previous:
        yield
    for number, frame in arrived[:1]:
        _handle(previous[number], number, frame)


@contextlib.contextmanager
def _handling(numbers: Iterable[int], handler: Callable[[int, FrameType | None], Any]) -> Iterator[dict[int, Any]]:
    """``handler`` for the signals ``numbers`` during the block, the handlers they had (returned) after it.

    Only the main thread runs signal handlers, so elsewhere the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield {}
        return
    previous = {number: signal.signal(number, handler) for number in numbers}
    try:
        yield previous
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _handle(handler: Callable[[int, FrameType | None], Any] | int | None, number: int, frame: FrameType | None) -> None:
    """What the signal would have done: the handler it had, or the system's default action."""
    if callable(handler):
        handler(number, frame)
    elif handler != signal.SIG_IGN:
        os.kill(os.getpid(), number)
