"""Work on many files in parallel processes, a part of the files each: for units of thousands of projects.

Only small results should come back from the workers: sending large objects
between processes costs as much as making them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from itertools import repeat
from typing import TypeVar

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")

#: From this many items on, the work is spread over a process per core.
PARALLEL_FROM = 500
MAX_WORKERS = 8
#: Items per piece of work: small enough for progress to move, large enough that sending it costs little.
CHUNK = 100


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
    if len(items) < PARALLEL_FROM or workers < 2:
        return _gather((work(chunk, argument) for chunk in chunks), len(items), done)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - only large units need processes

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return _gather(pool.map(work, chunks, repeat(argument)), len(items), done)


def _gather(results: Iterator[list[R]], total: int, done: Callable[[int, int], None] | None) -> list[R]:
    gathered: list[R] = []
    for chunk in results:
        gathered += chunk
        if done is not None:
            done(len(gathered), total)
    return gathered
