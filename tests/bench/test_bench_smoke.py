"""The benchmarks' core functions on a tiny catalogue, so that the scripts cannot rot
silently: what ``make bench`` runs at national scale runs here on a few hundred services
of the test stack."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bench.generate import generate, load_communes
from bench.import_child import measure_import
from bench.index import measure_drain, measure_rebuild, read_documents
from bench.measures import percentile, summary_ms
from bench.raw_copy import raw_copy
from bench.search import run_benchmark
from bench.search_queries import make_queries
from catalogue.db import make_engine
from catalogue.settings import Settings
from catalogue.stack import Stack
from catalogue.vocabulary import freins
from importers.pipeline import run_import
from importers.registry import get_importer
from tests.conftest import clone_database, index_now

SERVICES = 300


@pytest.fixture(scope="module")
def tiny_data(scratch_engine: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "tiny"
    communes = load_communes(scratch_engine, ["13", "75"])
    generate(communes, out, services=SERVICES, seed=3, source="synthetique")
    return out


@pytest.fixture(scope="module")
def tiny(stack: Stack, template: str, tiny_data: Path) -> Iterator[Settings]:
    """A catalogue of a few hundred services, imported and indexed."""
    settings = clone_database(stack, template, "bench_smoke")
    engine = make_engine(settings)
    try:
        report = run_import(engine, get_importer("data-inclusion"), tiny_data)
        assert report.services.crees == SERVICES, report.as_dict()
    finally:
        engine.dispose()
    index_now(settings)
    yield settings
    stack.postgres.drop_database("bench_smoke")


def test_percentiles() -> None:
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert summary_ms([0.001, 0.002, 0.003])["p50_ms"] == 2.0


def test_queries_are_seeded_and_realistic(tiny: Settings) -> None:
    engine = make_engine(tiny)
    try:
        queries = make_queries(engine, 60, seed=5)
        assert queries == make_queries(engine, 60, seed=5)
    finally:
        engine.dispose()
    assert sum(q.q is not None for q in queries) == 20
    assert sum(q.typo for q in queries) == 2
    for query in queries:
        assert 1 <= len(query.freins) <= 3
        assert set(query.freins) <= set(freins())
        assert 10 <= query.rayon_km <= 50


def test_search_benchmark_runs_every_target(tiny: Settings) -> None:
    result = run_benchmark(tiny, queries=12, warmup=3, seed=1)
    assert set(result["targets"]) == {
        "api_meilisearch",
        "api_postgis",
        "raw_meilisearch",
        "baseline_sql",
        "baseline_sql_jit_off",
    }
    for summary in result["targets"].values():
        assert summary["n"] == 12
        assert 0 < summary["p50_ms"] <= summary["p95_ms"] <= summary["p99_ms"]
    assert result["errors"] == {}
    assert result["api_meilisearch_answered_by"] == {"meilisearch": 12}
    ratios = result["ratios"]
    assert ratios["api_meilisearch_p95_over_raw_meilisearch_p95"] > 0
    assert ratios["api_postgis_p95_over_baseline_sql_p95"] > 0


def test_index_benchmark_rebuilds_and_drains(tiny: Settings) -> None:
    read = read_documents(tiny)
    rebuilt = measure_rebuild(tiny)
    assert rebuilt["documents"] == read["documents"] == rebuilt["indexed_after"] > 0
    assert rebuilt["documents_per_s"] > 0
    drained = measure_drain(tiny, 50)
    assert drained["touched"] == drained["queued"] == drained["outbox_rows"] == 50
    assert drained["left_in_outbox"] == 0


def test_import_benchmark_measures_a_child_import(
    stack: Stack, template: str, tiny_data: Path
) -> None:
    settings = clone_database(stack, template, "bench_smoke_import")
    try:
        copy = raw_copy(settings, tiny_data)
        first = measure_import(settings, tiny_data)
        engine = make_engine(settings)
        try:
            with engine.connect() as conn:
                leftovers = conn.execute(
                    text("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench_raw_%'")
                ).scalar_one()
        finally:
            engine.dispose()
    finally:
        stack.postgres.drop_database("bench_smoke_import")
    assert copy["rows"] == first["structures"]["lus"] + SERVICES
    assert first["services"]["crees"] == SERVICES
    assert first["rss_peak_mb"] >= first["rss_start_mb"] > 0
    assert first["services_per_s"] > 0
    assert leftovers == 0
