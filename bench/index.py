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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import meilisearch
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench.common import Scale, add_scale_arguments, exit_on_sigterm, log, scale_of
from bench.databases import outbox_rows, published_services
from bench.measures import load_now, machine, ratio
from bench.results import print_table, publish
from bench.shared_catalogue import ensure_catalogue
from bench.stack_settings import database_of, ensure_stack
from catalogue.settings import Settings

DEFAULT_TOUCH = 20_000

R = TypeVar("R")


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
    started = min(_aware(t.started_at) for t in ours if t.started_at)
    finished = max(_aware(t.finished_at) for t in ours if t.finished_at)
    return {"tasks": len(ours), "seconds": round((finished - started).total_seconds(), 2)}


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.astimezone()


@dataclass(frozen=True)
class _Timed(Generic[R]):
    """What a piece of indexing work returned, how long it took, and Meilisearch's share."""

    value: R
    seconds: float
    meili_busy: dict[str, Any]
    load: float


def _timed(client: meilisearch.Client, index: str, work: Callable[[], R]) -> _Timed[R]:
    load = load_now()
    since = datetime.now().astimezone()
    started = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - started
    return _Timed(value, seconds, _meili_busy(client, index, since), load)


@contextmanager
def _catalogue_and_index(settings: Settings) -> Iterator[tuple[Engine, meilisearch.Client]]:
    from api.index.client import make_client
    from catalogue.db import make_engine

    engine = make_engine(settings)
    try:
        yield engine, make_client(settings, timeout=120)
    finally:
        engine.dispose()


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
    from api.index.indexer import rebuild

    index = settings.search.index
    with _catalogue_and_index(settings) as (engine, client):
        done = _timed(client, index, lambda: rebuild(engine, client, index))
        indexed = client.index(index).get_stats().number_of_documents
        expected = published_services(engine)
    documents = done.value.documents
    return {
        "documents": documents,
        "seconds": round(done.seconds, 3),
        "documents_per_s": round(documents / done.seconds),
        "meilisearch_document_tasks": done.meili_busy,
        "indexed_after": indexed,
        "expected": expected,
        "load_average_1min": done.load,
    }


def measure_drain(settings: Settings, touch: int) -> dict[str, Any]:
    """Queue ``touch`` services through the triggers, then time ``sync`` emptying the
    outbox."""
    from api.index.indexer import sync

    index = settings.search.index
    with _catalogue_and_index(settings) as (engine, client):
        sync(engine, client, index)  # start from an empty outbox
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
        queued = outbox_rows(engine)
        done = _timed(client, index, lambda: sync(engine, client, index))
        left = outbox_rows(engine)
    report, seconds = done.value, done.seconds
    return {
        "touched": touched,
        "touch_seconds": round(touch_seconds, 3),
        "queued": queued,
        "outbox_rows": report.outbox,
        "upserted": report.upserted,
        "deleted": report.deleted,
        "seconds": round(seconds, 3),
        "rows_per_s": round(report.outbox / seconds) if seconds else None,
        "meilisearch_document_tasks": done.meili_busy,
        "left_in_outbox": left,
        "load_average_1min": done.load,
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
    publish("index", result, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
