"""Who a record is: its key (source, id) as stored, its stable uid, and whether the
file already listed it."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from catalogue.records.columns import content_hash
from importers.contract import RecordKind, Rejection, SourceRecord
from importers.pipeline.report import ImportReport, warning

UID_NAMESPACE = uuid.UUID("6f0d7c1e-4b2a-4c1e-9a57-6d61696c6c61")

# uuid5 by hand: ``uuid.uuid5`` takes twice as long (its version bits set with more
# arithmetic, the namespace's bytes recomputed every call), for 250,000 records a run.
_UID_PREFIX = UID_NAMESPACE.bytes
_VERSION_BITS = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_VERSION_5 = (5 << 76) | (0x8000 << 48)

Key = tuple[str, str]


def record_uid(kind: RecordKind, source: str, source_id: str) -> uuid.UUID:
    """Stable across re-imports and rebuilds, so links to a service never break: the
    name-based (version 5) UUID of ``kind:source:id``."""
    name = f"{kind}:{source}:{source_id}".encode()
    digest = hashlib.sha1(_UID_PREFIX + name, usedforsecurity=False).digest()
    return uuid.UUID(int=(int.from_bytes(digest[:16]) & _VERSION_BITS) | _VERSION_5)


def plain_text(value: Any) -> str:
    """An identifier as its text column stores it (spaces folded)."""
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if text.isascii() and text.isprintable() and " " not in text:
        return text  # the usual identifier: nothing to normalise
    return " ".join(text.split())


def key_of(data: dict[str, Any]) -> Key:
    return (plain_text(data.get("source")), plain_text(data.get("id")))


def structure_key(source: str, data: dict[str, Any]) -> Key:
    """The key of a service's structure (of the service's own source)."""
    return (source, plain_text(data.get("structure_id")))


@dataclass(slots=True)
class Listed:
    """A record of the file and its identity. Its fingerprint is taken now when it is to
    be compared with the catalogue, else (new for sure) while it is prepared; ``uid`` is
    the catalogue's when it holds the record."""

    record: SourceRecord
    key: Key
    hash: str = ""
    uid: uuid.UUID | None = None


class FileIdentities:
    """The keys a file lists and its sources, kept for the whole import (the records are
    not): a record whose key the file already listed is rejected."""

    def __init__(self, known_sources: Callable[[RecordKind, set[str]], set[str]]) -> None:
        self._known_sources = known_sources
        self._ids: dict[RecordKind, dict[str, set[str]]] = {"structure": {}, "service": {}}
        self._known: dict[RecordKind, dict[str, bool]] = {"structure": {}, "service": {}}

    def sources(self, kind: RecordKind) -> list[str]:
        return sorted(source for source in self._ids[kind] if source)

    def sort(
        self, kind: RecordKind, records: Iterable[SourceRecord], report: ImportReport
    ) -> tuple[list[Listed], list[Listed]]:
        """The records to compare with the catalogue (of sources it holds: fingerprinted
        now), and those new for sure; file duplicates rejected."""
        to_compare: list[Listed] = []
        new: list[Listed] = []
        counts = report.counts(kind)
        for record in records:
            counts.lus += 1
            if record.warnings:
                report.warnings += (warning(record, text) for text in record.warnings)
            source, ident = key = key_of(record.data)
            ids = self._ids[kind].get(source)
            if ids is None:
                ids = self._ids[kind][source] = set()
            if ident and ident in ids:
                reason = "identifiant en double dans le fichier"
                report.reject(Rejection(kind, record.ref, reason, source))
                continue
            ids.add(ident)
            if self._is_known(kind, source):
                to_compare.append(Listed(record, key, content_hash(record.data)))
            else:
                new.append(Listed(record, key))
        return to_compare, new

    def _is_known(self, kind: RecordKind, source: str) -> bool:
        # Asked once per source, when the file first names it: before this import wrote
        # any of its records.
        known = self._known[kind].get(source)
        if known is None:
            known = self._known[kind][source] = bool(self._known_sources(kind, {source}))
        return known
