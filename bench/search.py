"""Search benchmark: 1,000 realistic referent searches, against the API and its floors.

    python -m bench.search [--services 150000] [--seed 1] [--quick] [--queries 1000]
                           [--profile]

The queries (seeded): a commune drawn by population (``communes``), a radius of 10 to
50 km, one to three freins; a third also type text, drawn from referents' words
(« garage solidaire », « crèche », « CV », « FLE »…), with the frein that goes with it
among theirs, and a tenth of those carry a typo; one in ten asks for page 2.

Targets, each query run against all of them in turn (the order rotating from one query
to the next, so that the machine's load falls on every target alike):

- ``api_meilisearch``: ``GET /api/v1/search`` over HTTP, Meilisearch backend (uvicorn in
  its own process, ``create_app`` with search enabled, no background sync);
- ``api_postgis``: the same API with ``MAILLAGE_MEILI_ENABLED=false`` (PostGIS only);
- ``raw_meilisearch``: the very multi-search requests ``api/search/meili.py`` builds for
  that query (recorded from ``MeiliBackend`` itself, so filters and sorts are never
  retyped here), sent with the client's ``multi_search``;
- ``baseline_sql``: the query data·inclusion's API runs for a search
  (``search_services_query``: services joined to their structure, eligibility overlap,
  ``ST_DWithin`` on the location or offered remotely, thématiques overlap, distance,
  ``ORDER BY distance NULLS LAST``, ``LIMIT/OFFSET``, plus ``count(*)`` as its
  paginator does), on the same tables; text, which that API does not search, is a plain
  ``websearch_to_tsquery`` match. It runs as the server is configured (JIT on, as
  PostgreSQL's default);
- ``baseline_sql_jit_off`` (for information): the same with ``SET jit = off``, as the
  PostGIS backend runs its own queries — so that its ratio can be read both ways.

After a warm-up, p50/p95/p99 per target (and per kind of query), and the ratios
API-Meilisearch p95 / raw Meilisearch p95 (target ≤ 2) and API-PostGIS p95 / baseline
p95 (target ≤ 1). The catalogue is imported and indexed first when it is not already.
``--profile`` also profiles ``run_search`` in process for each backend
(``bench/results/search-profile-*.txt``).

The queries are drawn in ``bench.search_queries``, the targets in
``bench.search_targets``, the figures and tables in ``bench.search_report``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

import httpx

from bench.api_servers import api_servers
from bench.common import Scale, add_scale_arguments, exit_on_sigterm, log, scale_of
from bench.databases import analyze
from bench.measures import load_now, machine
from bench.results import publish
from bench.search_profile import profile_in_process
from bench.search_queries import make_queries
from bench.search_report import Outcomes, report, results
from bench.search_targets import (
    Prepared,
    Target,
    api_target,
    baseline_target,
    prepare,
    raw_meili_target,
)
from bench.shared_catalogue import ensure_catalogue, ensure_indexed
from bench.stack_settings import database_of, ensure_stack, settings_for
from catalogue.settings import Settings

POSTGIS_GROUP = ("api_postgis", "baseline_sql", "baseline_sql_jit_off")
DEFAULT_POSTGIS_EVERY = 3
NATIONAL = 150_000


def postgis_every_for(scale: Scale) -> int:
    """One query in N for the PostGIS targets: every query with ``--quick``, else 1 in 3 at
    national scale, sparser beyond it — they scan the catalogue, and at 1.5 M services a
    query of the three PostGIS targets takes seconds, the whole set most of an hour."""
    if scale.quick:
        return 1
    return DEFAULT_POSTGIS_EVERY * max(1, scale.services // NATIONAL)


def run_benchmark(
    settings: Settings,
    *,
    queries: int,
    warmup: int,
    seed: int,
    postgis_every: int = 1,
    profile: bool = False,
) -> dict[str, Any]:
    """Run the search benchmark on ``settings``' catalogue and index (both ready).

    The PostGIS targets (API and baselines) run on every ``postgis_every``-th query only
    (all on the same ones), when the whole set would take too long at national scale.
    """
    from api.index.client import make_client
    from catalogue.db import make_engine

    engine = make_engine(settings)
    try:
        analyze(engine)
        log(f"Preparing {queries} queries (+{warmup} warm-up), recording Meilisearch requests…")
        measured = make_queries(engine, queries, seed)
        warm = make_queries(engine, warmup, seed + 1_000_003)
        prepared = prepare(engine, settings, [*warm, *measured])
        if profile:
            profile_in_process(engine, settings, measured[: min(200, len(measured))])
        postgis_settings = settings_for(
            settings, database_of(settings), index=settings.search.index, search_enabled=False
        )
        meili_client = make_client(settings, timeout=30)
        with (
            api_servers({"meilisearch": settings, "postgis": postgis_settings}) as apis,
            httpx.Client(base_url=apis["meilisearch"], timeout=60) as meili_http,
            httpx.Client(base_url=apis["postgis"], timeout=60) as postgis_http,
            engine.connect() as conn,
            engine.connect() as conn_jit_off,
        ):
            # Our engine turns JIT off (catalogue.db); data·inclusion's server runs with
            # PostgreSQL's default.
            conn.exec_driver_sql("SET jit = on")
            conn_jit_off.exec_driver_sql("SET jit = off")
            targets: dict[str, Target] = {
                "api_meilisearch": api_target(meili_http),
                "api_postgis": api_target(postgis_http),
                "raw_meilisearch": raw_meili_target(meili_client),
                "baseline_sql": baseline_target(conn),
                "baseline_sql_jit_off": baseline_target(conn_jit_off),
            }
            every = {name: postgis_every if name in POSTGIS_GROUP else 1 for name in targets}
            log(f"Warm-up ({warmup} queries)…")
            _measure(targets, prepared[:warmup], every)
            load_before = load_now()
            log(
                f"Measuring {queries} queries (PostGIS targets: 1 in {postgis_every}), "
                f"targets in rotating order…"
            )
            started = time.perf_counter()
            outcomes = _measure(targets, prepared[warmup:], every)
            elapsed = time.perf_counter() - started
            load_after = load_now()
    finally:
        engine.dispose()
    result = results(measured, outcomes, elapsed, (load_before, load_after))
    result["postgis_every"] = postgis_every
    return result


def _measure(
    targets: dict[str, Target], items: Sequence[Prepared], every: dict[str, int]
) -> Outcomes:
    """Each query against its targets, one after the other, the order rotating."""
    outcomes: Outcomes = {name: {} for name in targets}
    for number, item in enumerate(items):
        names = [name for name in targets if number % every[name] == 0]
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            outcomes[name][number] = targets[name](item)
        if number and number % 100 == 0:
            log(f"  {number}/{len(items)}")
    return outcomes


def run(
    base: Settings,
    scale: Scale,
    *,
    queries: int,
    postgis_every: int = DEFAULT_POSTGIS_EVERY,
    profile: bool = False,
) -> dict[str, Any]:
    ensure_stack(base)
    settings = ensure_catalogue(base, scale)
    indexed = ensure_indexed(settings)
    at_start = machine()
    warmup = max(10, queries // 10)
    result = run_benchmark(
        settings,
        queries=queries,
        warmup=warmup,
        seed=scale.seed,
        postgis_every=postgis_every,
        profile=profile,
    )
    return {
        "machine": at_start,
        "database": scale.catalogue,
        "index": settings.search.index,
        "documents": indexed["documents"],
        "warmup_queries": warmup,
        **result,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    add_scale_arguments(parser)
    parser.add_argument("--queries", type=int, default=None, help="queries (default 1000)")
    parser.add_argument(
        "--postgis-every",
        type=int,
        default=None,
        help=f"run the PostGIS targets on one query in N (default {DEFAULT_POSTGIS_EVERY} "
        f"per {NATIONAL:,} services; 1 with --quick)",
    )
    parser.add_argument("--profile", action="store_true", help="also profile run_search")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    scale = scale_of(args, parser)
    queries = args.queries or (200 if scale.quick else 1000)
    every = args.postgis_every or postgis_every_for(scale)
    result = run(Settings(), scale, queries=queries, postgis_every=every, profile=args.profile)
    publish("search", result, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
