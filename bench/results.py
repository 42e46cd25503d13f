"""Results: ``bench/results/<name>.json`` (git-ignored), with when they were measured,
and the short tables printed beside them."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from catalogue.settings import PROJECT_ROOT

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"


def write_result(name: str, data: dict[str, Any]) -> Path:
    """``bench/results/<name>.json`` (the directory is git-ignored)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    document = {"bench": name, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
    document.update(data)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_result(name: str) -> dict[str, Any] | None:
    path = RESULTS_DIR / f"{name}.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def publish(name: str, result: dict[str, Any], report: Callable[[dict[str, Any]], None]) -> Path:
    """Write a benchmark's result, print its tables and where the result went."""
    path = write_result(name, result)
    report(result)
    print(f"\n→ {path}", flush=True)
    return path


def print_table(title: str, rows: Sequence[Sequence[object]]) -> None:
    """A plain text table; the first row is the header."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(len(cells[0]))]
    print(f"\n{title}")
    for number, row in enumerate(cells):
        line = "  ".join(
            value.ljust(widths[i]) if i == 0 else value.rjust(widths[i])
            for i, value in enumerate(row)
        )
        print("  " + line.rstrip())
        if number == 0:
            print("  " + "  ".join("-" * w for w in widths))
    sys.stdout.flush()


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def verdict(value: float | None, target: float, *, higher_is_better: bool) -> str:
    if value is None:
        return "not measured"
    met = value >= target if higher_is_better else value <= target
    return "met" if met else "NOT met"


def target_verdict(value: float | None, target: float, *, higher_is_better: bool) -> dict[str, Any]:
    """A target, the figure measured against it and whether it is met, as results hold them."""
    return {
        "target": target,
        "measured": value,
        "verdict": verdict(value, target, higher_is_better=higher_is_better),
    }
