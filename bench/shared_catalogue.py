"""The national catalogue the benchmarks share, ``bench_catalogue_<N>_<seed>``.

Imported once (by the import benchmark, or unmeasured by whichever benchmark needs it
first) and reused by the index, search and map benchmarks: a comment on the database
records what it holds.
"""

from __future__ import annotations

from typing import Any

from bench.common import Scale, log
from bench.databases import (
    database_comment,
    fresh_database,
    outbox_rows,
    published_services,
    set_database_comment,
    template_fingerprint,
)
from bench.dataset import dataset
from bench.stack_settings import settings_for
from catalogue.settings import Settings
from catalogue.stack import PostgresCluster


def catalogue_marker(base: Settings, scale: Scale) -> str:
    return (
        f"maillage bench catalogue {template_fingerprint(base)} "
        f"services={scale.services} seed={scale.seed}"
    )


def mark_catalogue(base: Settings, scale: Scale) -> None:
    """Record that ``scale.catalogue`` holds the imported dataset (for later reuse)."""
    cluster = PostgresCluster(base.stack)
    set_database_comment(cluster, scale.catalogue, catalogue_marker(base, scale))


def ensure_catalogue(base: Settings, scale: Scale) -> Settings:
    """The shared national catalogue: reused if already imported, else imported now
    (not measured: ``bench/import.py`` is the import benchmark)."""
    from catalogue.db import make_engine
    from importers.pipeline import run_import
    from importers.registry import get_importer

    cluster = PostgresCluster(base.stack)
    if database_comment(cluster, scale.catalogue) == catalogue_marker(base, scale):
        log(f"Reusing {scale.catalogue}.")
        return settings_for(base, scale.catalogue, index=scale.index)
    data = dataset(base, scale)
    settings = fresh_database(base, scale.catalogue, index=scale.index)
    log(f"Importing {data} into {scale.catalogue} (not measured)…")
    engine = make_engine(settings)
    try:
        report = run_import(engine, get_importer("data-inclusion"), data)
    finally:
        engine.dispose()
    log(f"Imported: services {report.services.as_dict()}.")
    mark_catalogue(base, scale)
    return settings


def ensure_indexed(settings: Settings) -> dict[str, Any]:
    """Make the index match the catalogue: a rebuild unless it already holds exactly the
    indexable services with an empty outbox; then drain the outbox."""
    import meilisearch

    from api.index.client import make_client
    from api.index.indexer import rebuild, sync
    from catalogue.db import make_engine

    engine = make_engine(settings)
    client = make_client(settings, timeout=60)
    try:
        expected = published_services(engine)
        pending = outbox_rows(engine)
        try:
            indexed = client.index(settings.search.index).get_stats().number_of_documents
        except meilisearch.errors.MeilisearchApiError:
            indexed = -1
        rebuilt = False
        if indexed != expected or pending > expected // 10:
            log(f"Indexing {expected} services into {settings.search.index} (not measured)…")
            rebuild(engine, client, settings.search.index)
            rebuilt = True
        sync(engine, client, settings.search.index)
        return {"documents": expected, "rebuilt": rebuilt}
    finally:
        engine.dispose()
