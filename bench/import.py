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

The child is ``bench.import_child``, the floor ``bench.raw_copy``.
"""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import Scale, add_scale_arguments, exit_on_sigterm, log, scale_of
from bench.databases import fresh_database
from bench.dataset import count_records, dataset
from bench.import_child import child, measure_import
from bench.measures import load_now, machine, ratio
from bench.raw_copy import raw_copy
from bench.results import RESULTS_DIR, print_table, publish, target_verdict
from bench.shared_catalogue import mark_catalogue
from bench.stack_settings import ensure_stack
from catalogue.settings import Settings

TARGET_FIRST = 5_000  # services per second, first import
TARGET_UNCHANGED = 20_000  # services per second, unchanged re-import


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
            "first_import_services_per_s": target_verdict(
                first["services_per_s"], TARGET_FIRST, higher_is_better=True
            ),
            "unchanged_reimport_services_per_s": target_verdict(
                unchanged["services_per_s"], TARGET_UNCHANGED, higher_is_better=True
            ),
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
            (
                "run",
                "seconds",
                "records/s",
                "services/s",
                "× raw COPY",
                "peak RSS MB",
                "worker peak MB",
                "CPU/wall",
            ),
            ("raw COPY (median of 3)", copy["median_seconds"], copy["records_per_s"], None, 1.0),
            (
                "first import",
                first["seconds"],
                first["records_per_s"],
                first["services_per_s"],
                ratios["first_import_time_over_raw_copy"],
                first["rss_peak_mb"],
                first["workers_rss_peak_mb"],
                first["cpu_share"],
            ),
            (
                "unchanged re-import",
                unchanged["seconds"],
                unchanged["records_per_s"],
                unchanged["services_per_s"],
                ratios["unchanged_reimport_time_over_raw_copy"],
                unchanged["rss_peak_mb"],
                unchanged["workers_rss_peak_mb"],
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
        return child(args.child, args.profile_to)
    scale = scale_of(args, parser)
    result = run(Settings(), scale, profile=args.profile)
    publish("import", result, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
