"""The background queue: tasks run in order, and a failure is never lost."""

from __future__ import annotations

import threading

import pytest

from importers.background import BackgroundQueue


def test_tasks_run_in_order_on_one_other_thread() -> None:
    done: list[tuple[int, str]] = []
    writer = BackgroundQueue()
    for n in range(20):
        writer.submit(lambda n: done.append((n, threading.current_thread().name)), n)
    writer.join()
    assert [n for n, _ in done] == list(range(20))
    assert {name for _, name in done} != {threading.current_thread().name}
    assert len({name for _, name in done}) == 1


def test_a_failed_task_is_raised_and_the_following_ones_are_skipped() -> None:
    done: list[int] = []
    gate = threading.Event()

    def fail() -> None:
        gate.wait()
        raise RuntimeError("le disque est plein")

    writer = BackgroundQueue()
    writer.submit(fail)
    writer.submit(done.append, 1)
    gate.set()
    with pytest.raises(RuntimeError, match="disque"):
        writer.join()
    assert done == []


def test_submitting_after_a_failure_raises_it_at_once() -> None:
    writer = BackgroundQueue()
    writer.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        for _ in range(1000):  # until the failure is seen
            writer.submit(lambda: None)
            threading.Event().wait(0.01)
    with pytest.raises(ZeroDivisionError):
        writer.join()
