"""The search benchmark's figures from its timings, and the tables it prints."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlencode

from bench.measures import ratio, summary_ms
from bench.results import print_table, target_verdict
from bench.search_queries import BenchQuery
from bench.search_targets import Outcome

TARGET_MEILI_RATIO = 2.0  # API-Meilisearch p95 / raw Meilisearch p95
TARGET_POSTGIS_RATIO = 1.0  # API-PostGIS p95 / baseline SQL p95

Outcomes = dict[str, dict[int, Outcome]]  # by target, by query number


def _summaries(
    timings: dict[str, list[float]], kinds: dict[str, list[str]]
) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for target, seconds in timings.items():
        entry: dict[str, Any] = dict(summary_ms(seconds))
        by_kind: dict[str, list[float]] = defaultdict(list)
        for kind, value in zip(kinds[target], seconds, strict=True):
            by_kind[kind].append(value)
        entry["by_kind"] = {kind: summary_ms(values) for kind, values in sorted(by_kind.items())}
        result[target] = entry
    return result


def _paired(numerator: dict[int, Outcome], denominator: dict[int, Outcome]) -> float | None:
    """Median over the queries both targets ran of the ratio of their times."""
    ratios = [
        numerator[i].seconds / denominator[i].seconds
        for i in numerator
        if i in denominator and denominator[i].seconds > 0
    ]
    return round(statistics.median(ratios), 2) if ratios else None


def results(
    queries: list[BenchQuery], outcomes: Outcomes, elapsed: float, load: tuple[float, float]
) -> dict[str, Any]:
    """Percentiles by target and kind of query, ratios to the floors, the targets, and
    where the two backends disagree."""
    timings = {name: [o.seconds for o in found.values()] for name, found in outcomes.items()}
    kinds = {name: [queries[i].kind for i in found] for name, found in outcomes.items()}
    summaries = _summaries(timings, kinds)
    p95 = {name: summary["p95_ms"] for name, summary in summaries.items()}
    meili_ratio = ratio(p95["api_meilisearch"], p95["raw_meilisearch"])
    postgis_ratio = ratio(p95["api_postgis"], p95["baseline_sql"])
    errors = {
        name: [o.error for o in found.values() if o.error][:5]
        for name, found in outcomes.items()
        if any(o.error for o in found.values())
    }
    meili, postgis = outcomes["api_meilisearch"], outcomes["api_postgis"]
    engines = Counter(o.engine for o in meili.values())
    disagreements = [
        {"kind": queries[i].kind, "query": urlencode(queries[i].query_string()),
         "meilisearch": meili[i].total, "postgis": postgis[i].total}
        for i in postgis
        if i in meili and meili[i].total != postgis[i].total and meili[i].engine == "meilisearch"
    ]  # fmt: skip
    totals = sorted(o.total or 0 for o in meili.values())
    return {
        "queries": {
            "count": len(queries),
            "by_kind": dict(Counter(q.kind for q in queries)),
            "page_2": sum(q.page == 2 for q in queries),
            "results_median": statistics.median(totals) if totals else None,
            "results_p95": totals[int(0.95 * (len(totals) - 1))] if totals else None,
            "with_no_result": sum(t == 0 for t in totals),
        },
        "measure_seconds": round(elapsed, 1),
        "load_average_1min": {"before": load[0], "after": load[1]},
        "targets": summaries,
        "ratios": {
            "api_meilisearch_p95_over_raw_meilisearch_p95": meili_ratio,
            "api_postgis_p95_over_baseline_sql_p95": postgis_ratio,
            "paired_median_api_meilisearch_over_raw_meilisearch": _paired(
                meili, outcomes["raw_meilisearch"]
            ),
            "paired_median_api_postgis_over_baseline_sql": _paired(
                postgis, outcomes["baseline_sql"]
            ),
            "api_postgis_p95_over_baseline_sql_jit_off_p95": ratio(
                p95["api_postgis"], p95["baseline_sql_jit_off"]
            ),
            "paired_median_api_postgis_over_baseline_sql_jit_off": _paired(
                postgis, outcomes["baseline_sql_jit_off"]
            ),
        },
        "targets_verdict": {
            "api_meilisearch_over_raw_meilisearch_p95": target_verdict(
                meili_ratio, TARGET_MEILI_RATIO, higher_is_better=False
            ),
            "api_postgis_over_baseline_sql_p95": target_verdict(
                postgis_ratio, TARGET_POSTGIS_RATIO, higher_is_better=False
            ),
        },
        "api_meilisearch_answered_by": dict(engines),
        "backend_total_disagreements": {
            "compared": sum(1 for i in postgis if i in meili),
            "count": len(disagreements),
            "by_kind": dict(Counter(d["kind"] for d in disagreements)),
            "examples": disagreements[:8],
        },
        "errors": errors,
    }


def report(result: dict[str, Any]) -> None:
    rows: list[tuple[object, ...]] = [("target", "n", "p50 ms", "p95 ms", "p99 ms", "mean ms")]
    for name, summary in result["targets"].items():
        rows.append(
            (
                name,
                summary["n"],
                summary["p50_ms"],
                summary["p95_ms"],
                summary["p99_ms"],
                summary["mean_ms"],
            )
        )
    queries = result["queries"]
    print_table(
        f"Search: {queries['count']} queries ({queries['by_kind']}) on "
        f"{result.get('documents', '?'):,} services; PostGIS targets on 1 query in "
        f"{result['postgis_every']}",
        rows,
    )
    kinds = sorted({k for summary in result["targets"].values() for k in summary["by_kind"]})
    print_table(
        "p95 ms by kind of query",
        [("target", *kinds)]
        + [
            (name, *(summary["by_kind"].get(k, {}).get("p95_ms") for k in kinds))
            for name, summary in result["targets"].items()
        ],
    )
    print_table(
        "Search targets",
        [("ratio", "wanted", "measured", "verdict")]
        + [
            (name, f"≤ {t['target']:g}", t["measured"], t["verdict"])
            for name, t in result["targets_verdict"].items()
        ],
    )
    print(
        f"  answered by: {result['api_meilisearch_answered_by']}; backends disagreeing on the "
        f"total: {result['backend_total_disagreements']['count']}; errors: "
        f"{ {k: len(v) for k, v in result['errors'].items()} }"
    )
