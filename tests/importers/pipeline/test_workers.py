"""Worker processes: forked at once, before any thread; failures raised where results
are read; dead with their parent."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from catalogue.settings import PROJECT_ROOT
from importers.pipeline.workers import workers


def square(n: int) -> int:
    return n * n


def test_every_worker_is_forked_before_the_block_starts_and_before_any_thread() -> None:
    threads_at_fork: list[int] = []
    os.register_at_fork(before=lambda: threads_at_fork.append(threading.active_count()))
    before = threading.active_count()
    with workers(square, 3) as submit:
        forked = len(threads_at_fork)
        assert sorted(submit(n).result() for n in range(5)) == [0, 1, 4, 9, 16]
    assert forked == 3
    assert threads_at_fork[:3] == [before] * 3


def test_one_process_prepares_in_place() -> None:
    with workers(square, 1) as submit:
        assert submit(7).result() == 49


def test_a_workers_failure_is_raised_where_its_result_is_read() -> None:
    def task(n: int) -> int:
        if n == 2:
            raise ValueError("lot 2 illisible")
        return n

    with workers(task, 2) as submit:
        futures = [submit(n) for n in range(4)]
        assert futures[1].result() == 1
        with pytest.raises(ValueError, match="lot 2 illisible"):
            futures[2].result()


def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = textwrap.dedent(
        f"""
        import os, time
        from pathlib import Path
        from importers.pipeline.workers import workers

        def task(n):
            Path({str(pids)!r}, str(os.getpid())).touch()
            time.sleep(60)

        Path({str(pids)!r}).mkdir()
        with workers(task, 2) as submit:
            futures = [submit(n) for n in range(2)]
            time.sleep(60)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT_ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(pids.glob("*"))) < 2:
        time.sleep(0.05)
    children = [int(p.name) for p in pids.glob("*")]
    assert len(children) == 2
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in children):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in children)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead: it waits for its (dead) parent's reaper.
    state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    return state != "Z"
