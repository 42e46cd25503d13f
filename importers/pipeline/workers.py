"""Batches prepared by processes forked at the start of an import.

Preparing a record (validation with the schema's models, normalisation, locating,
formatting for ``COPY``) is Python's work, and one process runs Python on one core at a
time: a national import would use half of a two-core machine. The workers are forked
before the import starts any thread (a thread's locks would be copied held) and before
it reads its file (they inherit the task and what the process had cached, such as the
geography, not the records); each batch is sent to one and only its small outcome comes
back. They die with the importing process, even when it is killed.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Most a preparing pipeline can use by default: past that, the import's own backend
# (which inserts every batch in one transaction) is the bottleneck.
DEFAULT_MAX_PROCESSES = 4
_PR_SET_PDEATHSIG = 1

# The task of the workers forked for an import, inherited with the rest of the memory (a
# closure cannot be pickled, and needs not be).
_task: Callable[[Any], Any] | None = None


def processes_for(wanted: int) -> int:
    """How many workers to fork: ``wanted``, or (0) one per core, up to a few."""
    if wanted:
        return wanted
    return max(1, min(len(os.sched_getaffinity(0)), DEFAULT_MAX_PROCESSES))


def _die_with_parent(setup: Callable[[], object] | None) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if setup is not None:
        setup()


def _run(item: Any) -> Any:
    assert _task is not None
    return _task(item)


class InProcess(Executor):
    """The same interface, run at once in this process (a small import: forking would
    cost more than it saves)."""

    def submit(self, fn: Callable[..., Result], /, *args: Any, **kwargs: Any) -> Future[Result]:
        future: Future[Result] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


@contextmanager
def workers(
    task: Callable[[Item], Result],
    processes: int,
    *,
    setup: Callable[[], object] | None = None,
) -> Iterator[Callable[[Item], Future[Result]]]:
    """``submit(item)`` → the future of ``task(item)``. With more than one process, the
    workers (each first runs ``setup``) are all forked here, before this returns; the
    block's end waits for them to stop."""
    if processes <= 1:
        yield lambda item: InProcess().submit(task, item)
        return
    global _task
    if _task is not None:
        raise RuntimeError("one import at a time per process forks workers")
    _task = task
    pool = ProcessPoolExecutor(
        max_workers=processes,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_die_with_parent,
        initargs=(setup,),
    )
    try:
        # The first submission forks every worker, then starts the pool's own thread.
        pool.submit(int).result()
        yield lambda item: pool.submit(_run, item)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _task = None
