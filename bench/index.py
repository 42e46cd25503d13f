"""Index benchmark: the Meilisearch index of the national catalogue.

    python -m bench.index [--services 150000] [--seed 1] [--quick] [--touch 20000]

On the shared catalogue (imported first if it is not there yet, unmeasured), measures:

- a full ``rebuild`` (``api.index.indexer.rebuild``: every published service read from
  PostGIS, turned into a document, sent to a fresh index, swapped in): seconds and
  documents/s; beside it, the time to read and build every document without sending
  anything (the catalogue's share), and how long Meilisearch itself spent on the
  document tasks (its share, from its task queue);
- the outbox drain: ``--touch`` services get ``updated_at = now()`` (the triggers queue
  each of them, as an edit would), then ``sync`` is timed until the outbox is empty:
  outbox rows/s.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import meilisearch
from sqlalchemy import text

from bench.common import (
    Scale,
    add_scale_arguments,
    database_of,
    ensure_catalogue,
    ensure_stack,
    exit_on_sigterm,
    load_now,
    log,
    machine,
    print_table,
    published_services,
    ratio,
    scale_of,
    write_result,
)
from catalogue.settings import Settings

DEFAULT_TOUCH = 20_000


def _meili_busy(client: meilisearch.Client, index: str, since: datetime) -> dict[str, Any]:
    """How long Meilisearch worked on the document tasks of ``index`` (or its fresh copy)
    enqueued since ``since``: from the first start to the last finish."""
    tasks = client.get_tasks(
        {
            "types": "documentAdditionOrUpdate,documentDeletion",
            "afterEnqueuedAt": since.isoformat(),
            "limit": 1000,
        }
    ).results
    ours = [t for t in tasks if (t.index_uid or "").startswith(index) and t.started_at]
    if not ours:
        return {"tasks": 0, "seconds": None}
    started = min(_aware(t.started_at) for t in ours)
    finished = max(_aware(t.finished_at) for t in ours if t.finished_at)
    return {"tasks": len(ours), "seconds": round((finished - started).total_seconds(), 2)}


def _aware(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.astimezone()


def _utc_now() -> datetime:
    return datetime.now().astimezone()


def read_documents(settings: Settings) -> dict[str, Any]:
    """Every document built from the catalogue, sent nowhere: the catalogue's share."""
    from api.index.documents import documents
    from catalogue.db import make_engine

    engine = make_engine(settings)
    try:
        started = time.perf_counter()
        with engine.connect() as conn:
            count = sum(1 for _ in documents(conn))
        seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    return {"documents": count, "seconds": round(seconds, 3)}


def measure_rebuild(settings: Settings) -> dict[str, Any]:
    """One full rebuild of ``settings``' index from its catalogue."""
    from api.index.client import make_client
    from api.index.indexer import rebuild
    from catalogue.db import make_engine

    engine = make_engine(settings)
    client = make_client(settings, timeout=120)
    try:
        load = load_now()
        since = _utc_now()
        started = time.perf_counter()
        report = rebuild(engine, client, settings.search.index)
        seconds = time.perf_counter() - started
        busy = _meili_busy(client, settings.search.index, since)
        indexed = client.index(settings.search.index).get_stats().number_of_documents
        expected = published_services(engine)
    finally:
        engine.dispose()
    return {
        "documents": report.documents,
        "seconds": round(seconds, 3),
        "documents_per_s": round(report.documents / seconds),
        "meilisearch_document_tasks": busy,
        "indexed_after": indexed,
        "expected": expected,
        "load_average_1min": load,
    }


def measure_drain(settings: Settings, touch: int) -> dict[str, Any]:
    """Queue ``touch`` services through the triggers, then time ``sync`` emptying the
    outbox."""
    from api.index.client import make_client
    from api.index.indexer import sync
    from catalogue.db import make_engine

    engine = make_engine(settings)
    client = make_client(settings, timeout=120)
    try:
        sync(engine, client, settings.search.index)  # start from an empty outbox
        started = time.perf_counter()
        with engine.begin() as conn:
            touched = conn.execute(
                text(
                    "UPDATE services SET updated_at = now() WHERE uid IN ("
                    " SELECT uid FROM services"
                    " WHERE publication_status = 'published' AND NOT archived"
                    " ORDER BY uid LIMIT :n)"
                ),
                {"n": touch},
            ).rowcount
        touch_seconds = time.perf_counter() - started
        with engine.connect() as conn:
            queued = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
        load = load_now()
        since = _utc_now()
        started = time.perf_counter()
        report = sync(engine, client, settings.search.index)
        seconds = time.perf_counter() - started
        busy = _meili_busy(client, settings.search.index, since)
        with engine.connect() as conn:
            left = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    finally:
        engine.dispose()
    return {
        "touched": touched,
        "touch_seconds": round(touch_seconds, 3),
        "queued": queued,
        "outbox_rows": report.outbox,
        "upserted": report.upserted,
        "deleted": report.deleted,
        "seconds": round(seconds, 3),
        "rows_per_s": round(report.outbox / seconds) if seconds else None,
        "meilisearch_document_tasks": busy,
        "left_in_outbox": left,
        "load_average_1min": load,
    }


def run(base: Settings, scale: Scale, *, touch: int) -> dict[str, Any]:
    ensure_stack(base)
    settings = ensure_catalogue(base, scale)
    at_start = machine()
    log("Reading every document from the catalogue (baseline)…")
    read = read_documents(settings)
    log(f"Full rebuild of {settings.search.index}…")
    rebuilt = measure_rebuild(settings)
    log(f"  {rebuilt['seconds']:.1f} s, {rebuilt['documents_per_s']:,} documents/s")
    touch = min(touch, rebuilt["documents"])
    log(f"Outbox drain of {touch:,} touched services…")
    drained = measure_drain(settings, touch)
    log(f"  {drained['seconds']:.1f} s, {drained['rows_per_s']:,} rows/s")
    return {
        "machine": at_start,
        "database": database_of(settings),
        "index": settings.search.index,
        "read_documents": read,
        "rebuild": rebuilt,
        "drain": drained,
        "ratios": {
            "rebuild_time_over_read_time": ratio(rebuilt["seconds"], read["seconds"], 1),
            "meilisearch_share_of_rebuild": ratio(
                rebuilt["meilisearch_document_tasks"]["seconds"] or float("nan"),
                rebuilt["seconds"],
            ),
        },
    }


def report(result: dict[str, Any]) -> None:
    read, rebuilt, drained = result["read_documents"], result["rebuild"], result["drain"]
    print_table(
        f"Index ({rebuilt['documents']:,} documents)",
        [
            ("run", "seconds", "per second", "Meilisearch busy s", "note"),
            ("read + build documents", read["seconds"], round(read["documents"] / read["seconds"])),
            (
                "full rebuild",
                rebuilt["seconds"],
                rebuilt["documents_per_s"],
                rebuilt["meilisearch_document_tasks"]["seconds"],
                f"{rebuilt['indexed_after']:,} indexed / {rebuilt['expected']:,} expected",
            ),
            (
                f"touch {drained['touched']:,} services",
                drained["touch_seconds"],
                round(drained["touched"] / drained["touch_seconds"]),
                None,
                f"{drained['queued']:,} queued",
            ),
            (
                "outbox drain (sync)",
                drained["seconds"],
                drained["rows_per_s"],
                drained["meilisearch_document_tasks"]["seconds"],
                f"{drained['left_in_outbox']} left",
            ),
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.index", description=__doc__)
    add_scale_arguments(parser)
    parser.add_argument(
        "--touch", type=int, default=None, help=f"services to touch (default {DEFAULT_TOUCH:,})"
    )
    args = parser.parse_args(argv)
    exit_on_sigterm()
    scale = scale_of(args, parser)
    touch = args.touch or (2_000 if scale.quick else DEFAULT_TOUCH)
    result = run(Settings(), scale, touch=touch)
    path = write_result("index", result)
    report(result)
    print(f"\n→ {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
