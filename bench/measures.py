"""Measuring: percentiles and ratios of timings, memory and CPU of this process, the
machine and how busy it is."""

from __future__ import annotations

import math
import os
import platform
import resource
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100), linear between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    """p50/p95/p99, mean and max of durations given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(sum(ms) / len(ms), 2) if ms else math.nan,
        "max_ms": round(max(ms), 2) if ms else math.nan,
    }


def ratio(numerator: float, denominator: float, digits: int = 2) -> float | None:
    if not denominator or math.isnan(numerator) or math.isnan(denominator):
        return None
    return round(numerator / denominator, digits)


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    From ``VmHWM``: ``ru_maxrss`` is no good in a child process, as Linux carries the
    parent's peak over ``fork`` + ``exec`` (a child of a 1.4 GB parent "peaks" at 1.4 GB
    before doing anything)."""
    hwm = _proc_field("/proc/self/status", "VmHWM:")
    if hwm is not None:
        return round(int(hwm.split()[0]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine() -> dict[str, Any]:
    """The machine, and how busy it was when the measurement started."""
    one, five, fifteen = os.getloadavg()
    memory = _proc_field("/proc/meminfo", "MemTotal:")
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _proc_field("/proc/cpuinfo", "model name", ":")
        or platform.processor()
        or "unknown",
        "memory_gb": round(int(memory.split()[0]) / 1024 / 1024, 1) if memory else None,
        "load_average": [round(one, 2), round(five, 2), round(fifteen, 2)],
        "system": platform.platform(),
        "python": platform.python_version(),
    }


def load_now() -> float:
    return round(os.getloadavg()[0], 2)


def _proc_field(path: str, name: str, separator: str | None = None) -> str | None:
    """The value of the first line of a ``/proc`` file that starts with ``name`` (after
    ``separator`` when given, else after the name), None when unreadable or absent."""
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                value = line.split(separator, 1)[1] if separator else line[len(name) :]
                return value.strip()
    except OSError:
        pass
    return None
