"""The import's transaction: one connection, and the one queue of its statements.

Preparing and staging records is the workers' work, inserting them this transaction's
alone: run one after the other, each would wait for the others and a two-core machine
would be half idle. So every statement of the import is a task queued here and run in
order by one thread, while the importing thread reads, compares and prepares the next
batches (the database driver releases the GIL while it waits for the server). Nothing
else touches the connection: tasks get it as their first argument.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.engine import Connection, Engine

P = ParamSpec("P")
T = TypeVar("T")


class ImportTransaction:
    """Opened by ``with``: committed by ``commit``, rolled back if the block ends
    without it (or with an error)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._conn: Connection | None = None
        self._queue: ThreadPoolExecutor | None = None
        self._pending: list[Future[Any]] = []
        self._failed = False

    def __enter__(self) -> ImportTransaction:
        self._conn = self._engine.connect()
        self._conn.begin()
        return self

    def submit(
        self, task: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> Future[T]:
        """Queue ``task(connection, …)``; raises now if an earlier task failed."""
        self._raise_if_failed()
        if self._queue is None:  # its thread starts with the first task
            self._queue = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import")
        future = self._queue.submit(self._run, lambda conn: task(conn, *args, **kwargs))
        self._pending.append(future)
        return future

    def call(
        self, task: Callable[Concatenate[Connection, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``task(connection, …)`` after everything queued before it; its result."""
        return self.submit(task, *args, **kwargs).result()

    def commit(self) -> None:
        self.call(lambda conn: conn.commit())
        self._wait()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        try:
            if self._queue is not None:
                self._failed = True  # what is still queued is skipped
                self._queue.shutdown(wait=True, cancel_futures=True)
        finally:
            assert conn is not None
            try:
                if conn.in_transaction():
                    conn.rollback()
            finally:
                conn.close()
        if kind is None:
            self._wait()  # an error the block did not see is raised now

    def _run(self, task: Callable[[Connection], T]) -> T:
        if self._failed:
            raise RuntimeError("transaction d'import abandonnée après une erreur")
        assert self._conn is not None
        try:
            return task(self._conn)
        except BaseException:
            self._failed = True
            raise

    def _raise_if_failed(self) -> None:
        done = [future for future in self._pending if future.done()]
        for future in done:
            future.result()
        self._pending = [future for future in self._pending if not future.done()]

    def _wait(self) -> None:
        pending, self._pending = self._pending, []
        for future in pending:
            if not future.cancelled():
                future.result()
