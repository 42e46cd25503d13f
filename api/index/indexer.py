"""Keeping the index in step with the catalogue: drain the outbox, rebuild, check drift.

All three are idempotent. A failure of Meilisearch leaves the outbox untouched (its rows
are deleted in the same transaction that read them, after Meilisearch confirmed), so
nothing is lost: the next ``sync`` picks them up again.
"""

from __future__ import annotations

import json
import time
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import meilisearch
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.index.client import UNAVAILABLE, MeiliIndisponible, wait
from api.index.documents import documents
from api.index.settings import index_settings
from api.search.filters import one_of

BATCH = 5000


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def ensure_index(client: meilisearch.Client, name: str) -> None:
    """Create the index if needed and apply our settings if they differ."""
    try:
        index = client.get_index(name)
    except meilisearch.errors.MeilisearchApiError as error:
        if error.code != "index_not_found":
            raise
        wait(client, client.create_index(name, {"primaryKey": "id"}))
        index = client.get_index(name)
    desired = index_settings()
    if _differs(index.get_settings(), desired):
        wait(client, index.update_settings(desired))


def _canonical(items: list[Any]) -> list[str]:
    return sorted(
        unicodedata.normalize("NFC", json.dumps(i, sort_keys=True, ensure_ascii=False))
        for i in items
    )


def _differs(current: Any, desired: Any) -> bool:
    """Whether Meilisearch's settings lack what we want (it adds keys of its own, may
    return lists in another order and text in another Unicode form: no difference)."""
    if isinstance(desired, dict):
        return not isinstance(current, dict) or any(
            _differs(current.get(key), value) for key, value in desired.items()
        )
    if isinstance(desired, list):
        if not isinstance(current, list):
            return True
        return _canonical(current) != _canonical(desired)
    if isinstance(desired, str) and isinstance(current, str):
        return unicodedata.normalize("NFC", current) != unicodedata.normalize("NFC", desired)
    return bool(current != desired)


@dataclass
class SyncReport:
    outbox: int = 0
    upserted: int = 0
    deleted: int = 0


def sync(engine: Engine, client: meilisearch.Client, name: str, batch: int = BATCH) -> SyncReport:
    """Drain the outbox into the index, batch by batch."""
    report = SyncReport()
    try:
        ensure_index(client, name)
        index = client.index(name)
        while True:
            with engine.begin() as conn:
                rows = conn.execute(
                    text(
                        "SELECT id, service_uid FROM outbox ORDER BY id LIMIT :n "
                        "FOR UPDATE SKIP LOCKED"
                    ),
                    {"n": batch},
                ).all()
                if not rows:
                    return report
                uids = list({uid for _, uid in rows})
                docs = list(documents(conn, uids))
                gone = [str(u) for u in set(uids) - {uuid.UUID(d["id"]) for d in docs}]
                if docs:
                    wait(client, index.add_documents(docs, primary_key="id"))
                if gone:
                    wait(client, index.delete_documents(filter=one_of("id", gone)))
                conn.execute(
                    text("DELETE FROM outbox WHERE id = ANY(:ids)"), {"ids": [i for i, _ in rows]}
                )
            report.outbox += len(rows)
            report.upserted += len(docs)
            report.deleted += len(gone)
    except UNAVAILABLE as error:
        raise MeiliIndisponible(f"Meilisearch indisponible : {error}") from error


@dataclass
class RebuildReport:
    documents: int
    seconds: float


def rebuild(engine: Engine, client: meilisearch.Client, name: str) -> RebuildReport:
    """Build a fresh index beside the live one, then swap them: searches never stop."""
    started = time.monotonic()
    fresh = f"{name}_{time.strftime('%Y%m%d%H%M%S')}"
    try:
        ensure_index(client, name)
        ensure_index(client, fresh)
        index = client.index(fresh)
        with engine.connect() as conn:
            horizon = conn.execute(text("SELECT coalesce(max(id), 0) FROM outbox")).scalar_one()
        count = 0
        tasks = []
        with engine.connect() as conn:
            for chunk in _batches(documents(conn), BATCH):
                tasks.append(index.add_documents(chunk, primary_key="id"))
                count += len(chunk)
        for task in tasks:
            wait(client, task)
        wait(client, client.swap_indexes([{"indexes": [name, fresh]}]))
        wait(client, client.delete_index(fresh))
    except UNAVAILABLE as error:
        raise MeiliIndisponible(f"Meilisearch indisponible : {error}") from error
    # What the outbox held before we read the catalogue is in the new index.
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM outbox WHERE id <= :h"), {"h": horizon})
    return RebuildReport(documents=count, seconds=round(time.monotonic() - started, 2))


@dataclass
class DriftReport:
    catalogue: int = 0
    index: int = 0
    missing: list[str] = field(default_factory=list)  # in the catalogue, not in the index
    extra: list[str] = field(default_factory=list)  # in the index, not in the catalogue
    stale: list[str] = field(default_factory=list)  # in both, different content
    repaired: bool = False

    @property
    def drift(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.stale)

    def as_dict(self) -> dict[str, Any]:
        return {
            "catalogue": self.catalogue,
            "index": self.index,
            "ecart": self.drift,
            "manquants": self.missing,
            "en_trop": self.extra,
            "perimes": self.stale,
            "repare": self.repaired,
        }


def _indexed(client: meilisearch.Client, name: str) -> dict[str, str]:
    index = client.index(name)
    found: dict[str, str] = {}
    offset = 0
    while True:
        page = index.get_documents(
            {"fields": ["id", "empreinte"], "limit": 10_000, "offset": offset}
        )
        for document in page.results:
            found[document.id] = getattr(document, "empreinte", "")
        offset += len(page.results)
        if offset >= page.total or not page.results:
            return found


def check(
    engine: Engine, client: meilisearch.Client, name: str, *, repair: bool = False
) -> DriftReport:
    """Compare the index with the catalogue, document by document; repair if asked."""
    try:
        ensure_index(client, name)
        with engine.connect() as conn:
            expected = {d["id"]: d for d in documents(conn)}
        indexed = _indexed(client, name)
        report = DriftReport(catalogue=len(expected), index=len(indexed))
        report.missing = sorted(set(expected) - set(indexed))
        report.extra = sorted(set(indexed) - set(expected))
        report.stale = sorted(
            i for i in set(expected) & set(indexed) if expected[i]["empreinte"] != indexed[i]
        )
        if repair and report.drift:
            index = client.index(name)
            for chunk in _batches([expected[i] for i in report.missing + report.stale], BATCH):
                wait(client, index.add_documents(chunk, primary_key="id"))
            for chunk in _batches(report.extra, BATCH):
                wait(client, index.delete_documents(filter=one_of("id", chunk)))
            report.repaired = True
        return report
    except UNAVAILABLE as error:
        raise MeiliIndisponible(f"Meilisearch indisponible : {error}") from error
