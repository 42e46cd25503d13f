# ruff: noqa: N999 — the module is named after what it measures (run as `python -m`).
"""Import benchmark: the national data·inclusion dump through the whole pipeline.

    python -m bench.import [--services 150000] [--seed 1] [--quick] [--profile]

Into a fresh catalogue (``bench_catalogue_<N>_<seed>``, a copy of the migrated template
with the reference geography), measures:

- a first import (every record validated, normalised, located, inserted; triggers fill
  the search fields, the lexicon and the outbox);
- an unchanged re-import of the same file (every record only fingerprinted and "seen");
- as the floor both are compared with, a raw ``COPY`` of the same records, read from the
  same files and flattened to the same fields, into bare tables without index, trigger
  or constraint (``bench_raw_*``), in the same database and the same run; taken before,
  between and after the imports, the median is the baseline.

Each import runs ``importers.pipeline.run_import`` in its own process, which reports its
peak resident memory (``VmHWM``), its CPU time and its duration. ``--profile`` also
writes a cProfile of each import and the time of each SQL statement to
``bench/results/import-profile-*.txt`` (profiling slows the import: figures of a profiled
run are not the benchmark's). The catalogue is left in place, marked as imported, for
the index, search and map benchmarks.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.common import (
    RESULTS_DIR,
    Scale,
    add_scale_arguments,
    count_records,
    cpu_seconds,
    dataset,
    ensure_stack,
    env_for,
    exit_on_sigterm,
    fresh_database,
    libpq_url,
    load_now,
    log,
    machine,
    mark_catalogue,
    max_rss_mb,
    print_table,
    ratio,
    scale_of,
    settle,
    statement_key,
    verdict,
    write_result,
)
from catalogue.settings import Settings

TARGET_FIRST = 5_000  # services per second, first import
TARGET_UNCHANGED = 20_000  # services per second, unchanged re-import
RAW_TABLES = {"structures": "bench_raw_structures", "services": "bench_raw_services"}


# --------------------------------------------------------------- the import, in a child


def _child(data: Path, profile: Path | None) -> int:
    """Run one import with ``Settings()`` from the environment; print one JSON line."""
    from catalogue.db import make_engine
    from importers.pipeline import run_import
    from importers.registry import get_importer

    settings = Settings()
    engine = make_engine(settings)
    importer = get_importer("data-inclusion")
    statements = _time_statements(engine) if profile else None
    rss_start = max_rss_mb()
    cpu_start = cpu_seconds()
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    report = run_import(engine, importer, data)
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - started
    engine.dispose()
    if profile is not None and profiler is not None and statements is not None:
        _write_profile(profile, profiler, statements, seconds)
    details = report.as_dict()
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu_seconds() - cpu_start, 3),
                "rss_start_mb": rss_start,
                "rss_peak_mb": max_rss_mb(),
                "structures": details["structures"],
                "services": details["services"],
                "rejections": len(details["rejets"]),
                "warnings": len(details["avertissements"]),
            }
        )
    )
    return 0


def _time_statements(engine: Any) -> dict[str, list[float]]:
    """Time of every SQL statement sent through SQLAlchemy (COPY rows are streamed on the
    raw connection: they show up in the Python profile instead)."""
    from sqlalchemy import event

    timings: dict[str, list[float]] = defaultdict(list)

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        started = conn.info["bench_started"].pop()
        timings[statement_key(statement)].append(time.perf_counter() - started)

    return timings


def _write_profile(
    path: Path, profiler: cProfile.Profile, statements: dict[str, list[float]], seconds: float
) -> None:
    out = io.StringIO()
    out.write(f"run_import: {seconds:.1f} s (under cProfile)\n\n")
    out.write("SQL statements by total time (s, count, statement):\n")
    for statement, times in sorted(statements.items(), key=lambda kv: -sum(kv[1]))[:25]:
        out.write(f"  {sum(times):8.2f} {len(times):6d}  {statement}\n")
    for order in ("cumulative", "tottime"):
        out.write(f"\nPython, top 45 by {order}:\n")
        stats = pstats.Stats(profiler, stream=out)
        stats.strip_dirs().sort_stats(order).print_stats(45)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8")


def measure_import(
    settings: Settings, data: Path, *, profile: Path | None = None
) -> dict[str, Any]:
    """One ``run_import`` of ``data`` into ``settings``' database, in a child process."""
    command = [sys.executable, "-m", "bench.import", "--child", str(data)]
    if profile is not None:
        command += ["--profile-to", str(profile)]
    env = {**os.environ, **env_for(settings)}
    settle(settings)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"import failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(wall, 3)
    structures, services = result["structures"]["lus"], result["services"]["lus"]
    result["records_per_s"] = round((structures + services) / result["seconds"])
    result["services_per_s"] = round(services / result["seconds"])
    result["cpu_share"] = round(result["cpu_seconds"] / result["seconds"], 2)
    return result


# ------------------------------------------------------------------ the raw COPY floor


def _column_types(records: list[dict[str, Any]]) -> dict[str, str]:
    """Every field of the records, typed by its first non-null value."""
    types: dict[str, str] = {}
    for record in records:
        for key, value in record.items():
            if types.get(key, "unknown") != "unknown":
                continue
            if value is None:
                types.setdefault(key, "unknown")
            elif isinstance(value, list):
                types[key] = "text[]"
            elif isinstance(value, bool):
                types[key] = "boolean"
            elif isinstance(value, int | float):
                types[key] = "double precision"
            else:
                types[key] = "text"
    return {key: ("text" if kind == "unknown" else kind) for key, kind in types.items()}


def raw_copy(settings: Settings, data: Path) -> dict[str, Any]:
    """Read both files, flatten the records to their fields and ``COPY`` them into bare
    tables (no index, no constraint, no trigger), committed: the floor of any import."""
    import psycopg

    dsn = libpq_url(settings)
    settle(settings)
    started = time.perf_counter()
    rows = 0
    with psycopg.connect(dsn) as conn:
        for kind, table in RAW_TABLES.items():
            records: list[dict[str, Any]] = orjson.loads((data / f"{kind}.json").read_bytes())
            types = _column_types(records)
            columns = list(types)
            conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.execute(
                f"CREATE TABLE {table} ({', '.join(f'{c} {t}' for c, t in types.items())})"
            )
            with (
                conn.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for record in records:
                    copy.write_row([record.get(c) for c in columns])
            rows += len(records)
        conn.commit()
    seconds = time.perf_counter() - started
    with psycopg.connect(dsn, autocommit=True) as conn:
        for table in RAW_TABLES.values():
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    return {"seconds": round(seconds, 3), "rows": rows, "rows_per_s": round(rows / seconds)}


# ----------------------------------------------------------------------------- driver


def run(base: Settings, scale: Scale, *, profile: bool = False) -> dict[str, Any]:
    ensure_stack(base)
    data = dataset(base, scale)
    records = count_records(data)
    size_mb = round(sum(p.stat().st_size for p in data.glob("*.json")) / 1e6, 1)
    settings = fresh_database(base, scale.catalogue, index=scale.index)
    at_start = machine()
    profiles = {
        name: RESULTS_DIR / f"import-profile-{name}.txt" if profile else None
        for name in ("first", "unchanged")
    }
    copies = []
    log(f"Raw COPY of {sum(records.values()):,} records (baseline)…")
    copies.append(raw_copy(settings, data))
    log(f"First import of {records['services']:,} services ({size_mb} MB)…")
    load_first = load_now()
    first = measure_import(settings, data, profile=profiles["first"])
    log(f"  {first['seconds']:.1f} s, {first['services_per_s']:,} services/s")
    copies.append(raw_copy(settings, data))
    log("Unchanged re-import…")
    load_unchanged = load_now()
    unchanged = measure_import(settings, data, profile=profiles["unchanged"])
    log(f"  {unchanged['seconds']:.1f} s, {unchanged['services_per_s']:,} services/s")
    copies.append(raw_copy(settings, data))
    mark_catalogue(base, scale)
    copy_seconds = statistics.median(c["seconds"] for c in copies)
    first["load_average_1min"] = load_first
    unchanged["load_average_1min"] = load_unchanged
    if unchanged["services"]["inchanges"] != records["services"]:
        log(f"warning: the re-import did not find every service unchanged: {unchanged}")
    result = {
        "machine": at_start,
        "dataset": {
            "path": str(data),
            "services": records["services"],
            "structures": records["structures"],
            "megabytes": size_mb,
        },
        "database": scale.catalogue,
        "profiled": profile,
        "raw_copy": {
            "runs": copies,
            "median_seconds": round(copy_seconds, 3),
            "records_per_s": round(sum(records.values()) / copy_seconds),
        },
        "first_import": first,
        "unchanged_reimport": unchanged,
        "ratios": {
            "first_import_time_over_raw_copy": ratio(first["seconds"], copy_seconds, 1),
            "unchanged_reimport_time_over_raw_copy": ratio(unchanged["seconds"], copy_seconds, 1),
        },
        "targets": {
            "first_import_services_per_s": {
                "target": TARGET_FIRST,
                "measured": first["services_per_s"],
                "verdict": verdict(first["services_per_s"], TARGET_FIRST, higher_is_better=True),
            },
            "unchanged_reimport_services_per_s": {
                "target": TARGET_UNCHANGED,
                "measured": unchanged["services_per_s"],
                "verdict": verdict(
                    unchanged["services_per_s"], TARGET_UNCHANGED, higher_is_better=True
                ),
            },
        },
    }
    if profile:
        result["profiles"] = {k: str(v) for k, v in profiles.items()}
    return result


def report(result: dict[str, Any]) -> None:
    first, unchanged = result["first_import"], result["unchanged_reimport"]
    copy = result["raw_copy"]
    ratios = result["ratios"]
    print_table(
        f"Import of {result['dataset']['services']:,} services "
        f"+ {result['dataset']['structures']:,} structures ({result['dataset']['megabytes']} MB)",
        [
            ("run", "seconds", "records/s", "services/s", "× raw COPY", "peak RSS MB", "CPU/wall"),
            ("raw COPY (median of 3)", copy["median_seconds"], copy["records_per_s"], None, 1.0),
            (
                "first import",
                first["seconds"],
                first["records_per_s"],
                first["services_per_s"],
                ratios["first_import_time_over_raw_copy"],
                first["rss_peak_mb"],
                first["cpu_share"],
            ),
            (
                "unchanged re-import",
                unchanged["seconds"],
                unchanged["records_per_s"],
                unchanged["services_per_s"],
                ratios["unchanged_reimport_time_over_raw_copy"],
                unchanged["rss_peak_mb"],
                unchanged["cpu_share"],
            ),
        ],
    )
    targets = result["targets"]
    print_table(
        "Import targets",
        [("target", "wanted", "measured", "verdict")]
        + [
            (name, f"≥ {t['target']:,}", t["measured"], t["verdict"]) for name, t in targets.items()
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import", description=__doc__)
    add_scale_arguments(parser)
    parser.add_argument("--profile", action="store_true", help="also profile both imports (slower)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    exit_on_sigterm()
    if args.child is not None:
        return _child(args.child, args.profile_to)
    scale = scale_of(args, parser)
    result = run(Settings(), scale, profile=args.profile)
    path = write_result("import", result)
    report(result)
    print(f"\n→ {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
