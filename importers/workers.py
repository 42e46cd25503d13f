"""Work spread over forked copies of the importing process.

Preparing a record (validation with the schema's models, normalisation, locating,
formatting for ``COPY``) is Python's work, and one process runs Python on one core at a
time: a national import would use half of a two-core machine. Forked workers inherit
what the import already holds in memory (the file's records, the geography) without
copying it; only each batch's small outcome travels back.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Most a preparing pipeline can use: past that, the import's own backend (which
# inserts every batch in one transaction) is the bottleneck.
MAX_PROCESSES = 4

# The tasks forked workers run, inherited with the rest of the memory (a closure cannot
# be pickled, and needs not be); by key, should two imports run in one process.
_tasks: dict[int, Callable[[Any], Any]] = {}
_keys = itertools.count()


def processes_for(items: int) -> int:
    """How many workers ``items`` pieces of work deserve on this machine."""
    cores = len(os.sched_getaffinity(0))
    return max(1, min(cores, items, MAX_PROCESSES))


def _run(key: int, item: Any) -> Any:
    return _tasks[key](item)


@contextmanager
def forked_map(
    task: Callable[[Item], Result],
    items: Sequence[Item],
    processes: int,
    *,
    setup: Callable[[], object] | None = None,
) -> Iterator[Iterator[Result]]:
    """``task(item)`` for every item, in ``processes`` forked workers (each first runs
    ``setup``), started at once: the block gets the results as they come (a worker's
    exception is raised there); its end waits for the workers to stop."""
    key = next(_keys)
    _tasks[key] = task
    pool = ProcessPoolExecutor(
        max_workers=processes, mp_context=multiprocessing.get_context("fork"), initializer=setup
    )
    try:
        futures = [pool.submit(_run, key, item) for item in items]
        yield (future.result() for future in as_completed(futures))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        del _tasks[key]
