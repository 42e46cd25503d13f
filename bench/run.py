"""Every benchmark, in order, on one national catalogue: ``make bench``.

    python -m bench.run [--services 150000] [--seed 1] [--quick]

1. the synthetic dataset (generated once per size and seed, then reused);
2. ``bench/import.py``: first import, unchanged re-import, raw COPY baseline — leaves the
   catalogue in place for the next ones;
3. ``bench/index.py``: full rebuild, outbox drain;
4. ``bench/search.py``: 1,000 queries against the API (both backends) and their floors;
5. ``bench/map.py`` when it exists (the public map), on the same catalogue;
6. ``bench/export.py``: every export format, against ``COPY … TO`` of the same rows.

Each writes ``bench/results/<name>.json``; this writes ``bench/results/summary.json``
(the machine, each step's duration, the headline figures and where each target stands)
and prints a table. Budget: 30 minutes at 150,000 services on a 2-core machine.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import time
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Protocol, cast

from bench import export as exporter
from bench import index as indexer
from bench import search as searcher
from bench import search_report
from bench.common import Scale, add_scale_arguments, exit_on_sigterm, log, scale_of
from bench.dataset import dataset
from bench.measures import machine
from bench.results import print_table, publish, read_result
from bench.stack_settings import ensure_stack, settings_for
from catalogue.settings import Settings

BUDGET_S = 30 * 60


class Benchmark(Protocol):
    """What a benchmark module offers this driver."""

    def run(self, base: Settings, scale: Scale, /) -> dict[str, Any]: ...

    def report(self, result: dict[str, Any], /) -> None: ...


def _step(
    name: str, steps: dict[str, dict[str, Any]], action: Callable[[], dict[str, Any] | None]
) -> dict[str, Any] | None:
    log(f"=== {name} ===")
    started = time.perf_counter()
    try:
        result = action()
    except Exception as error:  # a failed step must not lose the others' figures
        traceback.print_exc()
        steps[name] = {"seconds": round(time.perf_counter() - started, 1), "error": repr(error)}
        return None
    steps[name] = {"seconds": round(time.perf_counter() - started, 1), "ok": True}
    return result


def _run_map(base: Settings, scale: Scale) -> dict[str, Any] | None:
    """``bench.map.main`` on the shared catalogue, if another developer's module is there."""
    if importlib.util.find_spec("bench.map") is None:
        log("bench/map.py is not there (yet): map benchmark skipped.")
        return {"skipped": "bench/map.py not present"}
    module = importlib.import_module("bench.map")
    catalogue = settings_for(base, scale.catalogue, index=scale.index)
    argv = [
        "--services",
        str(scale.services),
        "--seed",
        str(scale.seed),
        "--db-url",
        catalogue.database_url,
        "--data",
        str(dataset(base, scale)),
    ]
    code = module.main(argv)
    if code:
        raise RuntimeError(f"bench.map exited with {code}")
    return read_result("map")


def run(base: Settings, scale: Scale) -> dict[str, Any]:
    # "import" is a keyword: the module can only be imported by name.
    importer = cast(Benchmark, importlib.import_module("bench.import"))
    started = time.perf_counter()
    at_start = machine()
    steps: dict[str, dict[str, Any]] = {}
    results: dict[str, dict[str, Any] | None] = {}

    ensure_stack(base)
    _step("dataset", steps, lambda: {"path": str(dataset(base, scale))})

    def bench(
        name: str, run: Callable[[], dict[str, Any]], report: Callable[[dict[str, Any]], None]
    ) -> Callable[[], dict[str, Any]]:
        def action() -> dict[str, Any]:
            result = run()
            publish(name, result, report)
            print(flush=True)
            return result

        return action

    results["import"] = _step(
        "import", steps, bench("import", partial(importer.run, base, scale), importer.report)
    )
    touch = 2_000 if scale.quick else 20_000
    index = partial(indexer.run, base, scale, touch=touch)
    results["index"] = _step("index", steps, bench("index", index, indexer.report))
    queries = 200 if scale.quick else 1000
    every = searcher.postgis_every_for(scale)
    search = partial(searcher.run, base, scale, queries=queries, postgis_every=every)
    results["search"] = _step("search", steps, bench("search", search, search_report.report))
    results["map"] = _step("map", steps, lambda: _run_map(base, scale))
    export = partial(exporter.run, base, scale)
    results["export"] = _step("export", steps, bench("export", export, exporter.report))
    total = time.perf_counter() - started
    return {
        "machine": at_start,
        "services": scale.services,
        "seed": scale.seed,
        "quick": scale.quick,
        "total_seconds": round(total, 1),
        "budget_seconds": BUDGET_S,
        "within_budget": total <= BUDGET_S,
        "steps": steps,
        "headline": _headline(results),
        "targets": _targets(results),
    }


def _get(data: dict[str, Any] | None, *path: str) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _headline(results: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    imp, idx, srch = results.get("import"), results.get("index"), results.get("search")
    return {
        "first_import_services_per_s": _get(imp, "first_import", "services_per_s"),
        "first_import_over_raw_copy": _get(imp, "ratios", "first_import_time_over_raw_copy"),
        "first_import_peak_rss_mb": _get(imp, "first_import", "rss_peak_mb"),
        "first_import_worker_peak_rss_mb": _get(imp, "first_import", "workers_rss_peak_mb"),
        "unchanged_reimport_services_per_s": _get(imp, "unchanged_reimport", "services_per_s"),
        "unchanged_reimport_over_raw_copy": _get(
            imp, "ratios", "unchanged_reimport_time_over_raw_copy"
        ),
        "rebuild_documents_per_s": _get(idx, "rebuild", "documents_per_s"),
        "rebuild_seconds": _get(idx, "rebuild", "seconds"),
        "outbox_drain_rows_per_s": _get(idx, "drain", "rows_per_s"),
        "export_over_copy": {
            name: _get(results.get("export"), "formats", name, "ratio_to_copy")
            for name in _get(results.get("export"), "formats") or {}
        },
        "search_p95_ms": {
            name: _get(srch, "targets", name, "p95_ms")
            for name in ("api_meilisearch", "raw_meilisearch", "api_postgis", "baseline_sql")
        },
    }


def _targets(results: dict[str, dict[str, Any] | None]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for bench in ("import", "search"):
        data = results.get(bench)
        key = "targets" if bench == "import" else "targets_verdict"
        for name, target in (_get(data, key) or {}).items():
            found[name] = target
    return found


def report(summary: dict[str, Any]) -> None:
    print_table(
        f"Benchmarks at {summary['services']:,} services — {summary['total_seconds'] / 60:.1f} min "
        f"(budget {summary['budget_seconds'] / 60:.0f} min)",
        [("step", "seconds", "status")]
        + [
            (name, step["seconds"], "ok" if step.get("ok") else f"FAILED {step['error'][:70]}")
            for name, step in summary["steps"].items()
        ],
    )
    targets = summary["targets"]
    rows: list[tuple[object, ...]] = [("target", "wanted", "measured", "verdict")]
    for name, target in targets.items():
        sign = "≥" if name.endswith("per_s") else "≤"
        rows.append((name, f"{sign} {target['target']:,}", target["measured"], target["verdict"]))
    print_table("Targets", rows)
    m = summary["machine"]
    print(
        f"  machine: {m['cpus']} × {m['cpu_model']}, {m['memory_gb']} GB, "
        f"load average at start {m['load_average']}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    add_scale_arguments(parser)
    args = parser.parse_args(argv)
    exit_on_sigterm()
    scale = scale_of(args, parser)
    summary = run(Settings(), scale)
    publish("summary", summary, report)
    failed = [name for name, step in summary["steps"].items() if not step.get("ok")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
