"""Work queued to a background thread, run in order: how an import overlaps its stages.

Preparing and staging records is Python's work and the staging connections' (see
``importers.workers``), inserting them the import's transaction's alone: run one after
the other, each waits for the others and a two-core machine is half idle. An import
runs them as a pipeline: a queue inserts each batch (on the import's connection, which
is that queue's alone until ``join``) while the next ones are prepared; another compares
fingerprints while the next are computed. The database driver releases the GIL while it
waits for the server.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class BackgroundQueue:
    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import")
        self._pending: list[Future[None]] = []
        self._failed = False

    def submit(self, task: Callable[..., None], *args: Any) -> None:
        """Queue ``task(*args)``; raises now if an earlier task failed."""
        self._raise_if_failed()
        self._pending.append(self._pool.submit(self._run, task, *args))

    def join(self) -> None:
        """Wait for every queued task; raises the first failure."""
        try:
            for future in self._pending:
                future.result()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, task: Callable[..., None], *args: Any) -> None:
        if self._failed:
            return  # the transaction is lost already: the first error is what counts
        try:
            task(*args)
        except BaseException:
            self._failed = True
            raise

    def _raise_if_failed(self) -> None:
        done = [future for future in self._pending if future.done()]
        for future in done:
            future.result()
        self._pending = [future for future in self._pending if not future.done()]
