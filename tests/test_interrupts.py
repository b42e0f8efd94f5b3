"""Clean-up that a second signal cannot cut short: the signal waits for the block, then acts as it would have."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import pytest

from perfdocs.interrupts import deferred_signals


@pytest.fixture
def sigterm_raises() -> Iterator[None]:
    """SIGTERM as the command line has it: an exception in the main thread."""

    def interrupt(number: int, _: object) -> None:
        raise KeyboardInterrupt(number)

    previous = signal.signal(signal.SIGTERM, interrupt)
    yield
    signal.signal(signal.SIGTERM, previous)


@pytest.mark.usefixtures("sigterm_raises")
def test_a_signal_in_the_block_takes_effect_after_it() -> None:
    handler = signal.getsignal(signal.SIGTERM)
    done: list[str] = []

    def signalled_twice() -> None:
        with deferred_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            os.kill(os.getpid(), signal.SIGINT)
            done.append("the whole block")

    with pytest.raises(KeyboardInterrupt) as caught:
        signalled_twice()
    assert done == ["the whole block"]
    assert caught.value.args == (signal.SIGTERM,)  # the first signal that came
    assert signal.getsignal(signal.SIGTERM) is handler
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_signal_stays_ignored() -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with deferred_signals():
            os.kill(os.getpid(), signal.SIGHUP)
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)


def test_outside_the_main_thread_the_block_just_runs() -> None:
    ran = []

    def work() -> None:
        with deferred_signals():
            ran.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert ran == [signal.default_int_handler]
