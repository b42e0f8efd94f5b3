"""Work in parallel processes: a part of many files each (:func:`map_chunks`), or one unit each (:func:`map_isolated`).

Only small results should come back from the workers: sending large objects
between processes costs as much as making them. What a worker needs, it must
be sent: under the spawn and forkserver start methods a worker imports perfdocs
afresh and knows nothing of what the calling process changed (a rule a script
added to :data:`perfdocs.RULES`). So work functions and their arguments must be
picklable, functions at the top level of a module; :func:`map_chunks` does the
work in this process when they are not.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from multiprocessing.connection import Connection, wait
from multiprocessing.context import DefaultContext
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any, TypeVar

from perfdocs.interrupts import deferred_signals

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")

#: From this many items on, the work is spread over a process per core.
PARALLEL_FROM = 500
MAX_WORKERS = 8
#: Items per piece of work: small enough for progress to move, large enough that sending it costs little.
CHUNK = 100
#: Seconds that stopped workers have, together, to clean up (stop LibreOffice, remove files) before they are killed.
STOP_GRACE = 10.0
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def map_chunks(
    work: Callable[[list[T], A], list[R]],
    items: list[T],
    argument: A,
    done: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``work(chunk, argument)`` over ``items`` a chunk at a time, in worker processes when there are many.

    ``done(count, total)`` is called in this process as the chunks finish, in order.
    """
    chunks = [items[start : start + CHUNK] for start in range(0, len(items), CHUNK)]
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(items) < PARALLEL_FROM or workers < 2 or not _can_send(work, argument):
        return _gather((work(chunk, argument) for chunk in chunks), len(items), done)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - only large units need processes

    with ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent) as pool:
        return _gather(pool.map(work, chunks, repeat(argument)), len(items), done)


def _can_send(work: Callable[..., object], argument: object) -> bool:
    """Whether the work and its argument can go to another process (a lambda, for one, cannot)."""
    try:
        pickle.dumps((work, argument))
    except (pickle.PicklingError, TypeError, AttributeError):
        return False
    return True


def _gather(results: Iterator[list[R]], total: int, done: Callable[[int, int], None] | None) -> list[R]:
    gathered: list[R] = []
    for chunk in results:
        gathered += chunk
        if done is not None:
            done(len(gathered), total)
    return gathered


@dataclass(frozen=True)
class Failure:
    """Why an item of :func:`map_isolated` has no result: ``error``, the exception ``work`` raised; or
    else the worker process ended without a result, with ``exit_code`` (negative: killed by that signal)."""

    error: str | None = None
    exit_code: int | None = None


def map_isolated(
    work: Callable[[T], R], items: Sequence[T], workers: int, done: Callable[[int, int], None] | None = None
) -> list[R | Failure]:
    """``work(item)`` for each item, each in a worker process of its own, at most ``workers`` (one or more) at once.

    Not a pool: when one of a pool's processes dies (killed for want of memory),
    the whole pool is broken and every item in it lost. Here a crash is its
    item's alone, a :class:`Failure`, and the other items go on. ``done(count,
    total)`` is called as items finish. When this process is interrupted, the
    workers are stopped as Ctrl-C stops a command, and have :data:`STOP_GRACE`
    seconds to clean up.
    """
    context = multiprocessing.get_context()
    workers = max(workers, 1)
    waiting = list(enumerate(items))[::-1]
    running: dict[Connection, tuple[int, BaseProcess]] = {}
    results: dict[int, R | Failure] = {}
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                index, item = waiting.pop()
                try:
                    receiver, process = _start(context, work, item)
                except Exception as error:  # no process for it (none left to fork, or it cannot be sent)
                    results[index] = Failure(_describe(error))
                    continue
                running[receiver] = (index, process)
            if not running:
                continue
            for ready in wait(list(running)):
                assert isinstance(ready, Connection)
                index, finished = running.pop(ready)
                results[index] = _receive(ready, finished)
                if done is not None:
                    done(len(results), len(items))
    finally:
        with deferred_signals():
            _stop([worker for _, worker in running.values()])
    return [results[index] for index in range(len(items))]


def _start(context: DefaultContext, work: Callable[[T], R], item: T) -> tuple[Connection, BaseProcess]:
    """A worker started on ``item``, and the end of the pipe its result comes through."""
    receiver, sender = context.Pipe(duplex=False)
    try:
        process = context.Process(target=_run_one, args=(work, item, sender))
        process.start()
    except BaseException:
        receiver.close()
        raise
    finally:
        sender.close()  # the worker's end: once the worker ends, reading gives EOFError
    return receiver, process


def _receive(receiver: Connection, process: BaseProcess) -> Any:
    """The result a worker sent, or the :class:`Failure` that says why there is none."""
    try:
        result = receiver.recv()
    except EOFError:  # the worker ended without sending anything
        process.join()
        return Failure(exit_code=process.exitcode)
    except Exception as error:  # a result that cannot be read back here
        result = Failure(_describe(error))
    finally:
        receiver.close()
    process.join()
    return result


def _run_one(work: Callable[[T], R], item: T, sender: Connection) -> None:
    """A worker of :func:`map_isolated`: SIGTERM and SIGHUP stop it as Ctrl-C does, so that it cleans up."""
    _end_with_parent(signal.SIGTERM)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _interrupt)
    with contextlib.suppress(KeyboardInterrupt):  # stopped: the process that stopped it reports that
        try:
            sender.send(work(item))
        except Exception as error:
            sender.send(Failure(_describe(error)))


def _interrupt(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def _end_with_parent(signal_number: int = signal.SIGKILL) -> None:
    """Have this worker sent ``signal_number`` when the process that started it dies (Linux), so that a
    killed perfdocs leaves no worker behind; and end at once if that process has died already.

    SIGKILL for a pool's worker, which has nothing to clean up and, stopped any other way, would wait for
    work for ever; SIGTERM for a unit's build, which then stops LibreOffice and removes its files.
    """
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal_number)
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():
        os._exit(1)


def _stop(processes: list[BaseProcess]) -> None:
    """Ask each worker to stop (SIGTERM), give them time to clean up, then kill those still there."""
    for process in processes:
        process.terminate()
    deadline = time.monotonic() + STOP_GRACE
    for process in processes:
        process.join(max(deadline - time.monotonic(), 0))
        if process.is_alive():
            process.kill()
            process.join()
