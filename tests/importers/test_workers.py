"""Forked workers: started at once, results as they come, failures raised."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from importers.workers import forked_map


def test_workers_start_before_their_results_are_asked_for(tmp_path: Path) -> None:
    def task(n: int) -> int:
        (tmp_path / f"{n}.done").touch()
        return n * n

    with forked_map(task, range(4), 2) as results:
        # This process goes on with other work meanwhile (an import compares its
        # services while its structures are prepared).
        deadline = time.monotonic() + 30
        while len(list(tmp_path.glob("*.done"))) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list(tmp_path.glob("*.done"))) == 4
        assert sorted(results) == [0, 1, 4, 9]


def test_a_workers_failure_is_raised_where_results_are_read() -> None:
    def task(n: int) -> int:
        if n == 2:
            raise ValueError("lot 2 illisible")
        return n

    with (
        pytest.raises(ValueError, match="lot 2 illisible"),
        forked_map(task, range(4), 2) as results,
    ):
        list(results)
