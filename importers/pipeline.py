"""The shared import pipeline: validate → normalise → locate → upsert, idempotently.

Reading is the importer's job (``importers.contract``); everything else is here, so
every source gets the same guarantees: a bad record is reported with its reason and the
rest goes in; a re-import of unchanged records writes nothing but "last seen"; a
``full`` import archives (never deletes) what its sources no longer list; each run is
recorded in ``import_runs``. (Every service change queues an outbox row for the search
index in the same transaction: the triggers of migration 0002 see to it.)
"""

from __future__ import annotations

import gc
import getpass
import hashlib
import itertools
import math
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.util import Finalize
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError
from sqlalchemy import Table, create_engine, insert, select, text, true, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

from catalogue.errors import MaillageError
from catalogue.geography.locator import (
    LocationError,
    Locator,
    locator_for,
    place_columns,
)
from catalogue.models import IMPORT_RUNS, MANAGED_SERVICES, SERVICES, SIGHTINGS, STRUCTURES
from catalogue.records.columns import columns_of, content_hash
from catalogue.records.rules import received_at_structure
from catalogue.records.validation import explain, validate
from importers.background import BackgroundQueue
from importers.bulk import (
    STRUCTURE_NAME,
    BulkLoad,
    Staged,
    Stager,
    derived_by_stagers,
    insert_staged,
    sight_unchanged,
    update_staged,
    upsert_sightings,
)
from importers.contract import Importer, ReadOptions, RecordKind, Rejection, SourceRecord
from importers.links import link, link_counts
from importers.workers import forked_map, processes_for

UID_NAMESPACE = uuid.UUID("6f0d7c1e-4b2a-4c1e-9a57-6d61696c6c61")

# Records prepared, staged and written at a time (by forked workers, side by side).
BATCH = 20_000
# Fingerprints compared with the catalogue at a time, while the next are computed.
COMPARE_BATCH = 50_000

# Structures first: services take their place when they give none, and reference them.
_TABLES: tuple[tuple[RecordKind, Table], ...] = (("structure", STRUCTURES), ("service", SERVICES))
_TABLE: dict[RecordKind, Table] = dict(_TABLES)

# A batch's new rows and changed rows, staged (None when there are none).
Staged2 = tuple[Staged | None, Staged | None]

# (what, how many done, out of how many)
Progress = Callable[[str, int, int], None]


# uuid5 by hand: ``uuid.uuid5`` takes twice as long (its version bits set with more
# arithmetic, the namespace's bytes recomputed every call), for 250,000 records a run.
_UID_PREFIX = UID_NAMESPACE.bytes
_VERSION_BITS = ~((0xF000 << 64) | (0xC000 << 48)) & ((1 << 128) - 1)
_VERSION_5 = (5 << 76) | (0x8000 << 48)


def record_uid(kind: RecordKind, source: str, source_id: str) -> uuid.UUID:
    """Stable across re-imports and rebuilds, so links to a service never break: the
    name-based (version 5) UUID of ``kind:source:id``."""
    name = f"{kind}:{source}:{source_id}".encode()
    digest = hashlib.sha1(_UID_PREFIX + name, usedforsecurity=False).digest()
    return uuid.UUID(int=(int.from_bytes(digest[:16]) & _VERSION_BITS) | _VERSION_5)


@dataclass
class Counts:
    lus: int = 0
    crees: int = 0
    mis_a_jour: int = 0
    inchanges: int = 0
    rejetes: int = 0
    archives: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class ImportReport:
    kind: str
    path: str
    full: bool
    run_id: int | None = None
    sources: list[str] = field(default_factory=list)
    structures: Counts = field(default_factory=Counts)
    services: Counts = field(default_factory=Counts)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)

    def counts(self, kind: RecordKind) -> Counts:
        return self.structures if kind == "structure" else self.services

    def reject(self, rejection: Rejection) -> None:
        self.rejections.append(rejection)
        self.counts(rejection.kind).rejetes += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "import": self.run_id,
            "format": self.kind,
            "chemin": self.path,
            "complet": self.full,
            "sources": self.sources,
            "structures": self.structures.as_dict(),
            "services": self.services.as_dict(),
            "rejets": [r.as_dict() for r in self.rejections],
            "avertissements": self.warnings,
            "liens": self.links,
        }


@dataclass
class _Row:
    """A new or changed record ready to write: its columns and identity."""

    uid: uuid.UUID
    hash: str
    columns: dict[str, Any]
    exists: bool


class _Structure(NamedTuple):
    """What a service takes from its structure: its place (when it gives none of its
    own) and its name (for its search vector)."""

    place: dict[str, Any]
    nom: str


@dataclass(slots=True)
class _Listed:
    """A record of the file, fingerprinted, waiting for the catalogue's verdict (or new
    for sure, its fingerprint left empty until it is prepared: ``_Run.fingerprint``)."""

    record: SourceRecord
    key: tuple[str, str]
    hash: str


@dataclass
class _Outcome:
    """A batch prepared and staged, as the import accounts for it (it crosses the
    boundary of a forked worker: small and picklable)."""

    staged: Staged2 = (None, None)
    records: int = 0
    created: int = 0
    updated: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    # the structures prepared, by (source, id), for their services
    structures: dict[tuple[str, str], _Structure] = field(default_factory=dict)
    # managed in Maillage (see ``_Run.managed``): neither written nor archived
    kept: list[uuid.UUID] = field(default_factory=list)


def _free(lists: list[list[Any]]) -> None:
    """Empty ``lists`` a slice at a time: freeing is one step of the interpreter, which
    holds the GIL throughout (a whole national file at once: a second)."""
    for items in lists:
        while items:
            del items[-1000:]


def _warning(record: SourceRecord, message: str) -> dict[str, str]:
    return {"type": record.kind, "id": record.ref, "message": message}


def _key(data: dict[str, Any]) -> tuple[str, str]:
    """(source, id) as they will be stored (normalised like every text column)."""
    return (_source_of(data), _plain_text(data.get("id")))


def _source_of(data: dict[str, Any]) -> str:
    return _plain_text(data.get("source"))


def _plain_text(value: Any) -> str:
    if value is None:
        return ""
    text = value if type(value) is str else str(value)
    if text.isascii() and text.isprintable() and " " not in text:
        return text  # the usual identifier: nothing to normalise
    return " ".join(text.split())


def _number(value: Any) -> float | None:
    return float(value) if type(value) in (int, float) else None


class _Run:
    """One import run's state (kept out of the public function for readability).

    Every record is first fingerprinted, and the fingerprints compared with the
    catalogue's in the database: a record already there with the same fingerprint is
    merely "seen again" — no validation, no geocoding, no write but its narrow
    ``sightings`` row — which is what makes re-imports of national dumps cheap. The
    others are prepared and staged in batches, by forked copies of this process when
    there are several batches (``importers.workers``), and inserted by a background
    thread in the import's transaction while the next are prepared.
    """

    def __init__(self, conn: Connection, report: ImportReport, run_id: int) -> None:
        self.conn = conn
        self._locator: Locator | None = None
        self.report = report
        self.run_id = run_id
        self.now = datetime.now(UTC)
        # Records to compare with the catalogue's, and records of sources it has never
        # seen (new, with no need to compare).
        self.listed: dict[RecordKind, list[_Listed]] = {"structure": [], "service": []}
        self.unseen: dict[RecordKind, list[_Listed]] = {"structure": [], "service": []}
        self.known_sources: dict[RecordKind, set[str]] = {"structure": set(), "service": set()}
        self.sighted: dict[RecordKind, int] = {"structure": 0, "service": 0}
        self.seen: dict[RecordKind, set[tuple[str, str]]] = {"structure": set(), "service": set()}
        self.sources: dict[RecordKind, set[str]] = {"structure": set(), "service": set()}
        # structure key → what its services take from it
        self.structures: dict[tuple[str, str], _Structure] = {}
        self.structure_uids: dict[tuple[str, str], uuid.UUID] = {}
        # Imported services taken over by their structure are managed in Maillage now
        # (api/publish): an import neither updates nor archives them; they count as
        # unchanged.
        self.managed = _managed_in_maillage(conn)
        self.kept: list[uuid.UUID] = []
        self.written = 0
        self.changed: dict[RecordKind, list[tuple[_Listed, uuid.UUID | None]]] = {
            "structure": [],
            "service": [],
        }
        self.records: list[SourceRecord] = []  # the file's
        self.freeing: list[threading.Thread] = []

    # -- in the calling thread: reading, comparing, preparing -----------------------------

    def fingerprint(self, record: SourceRecord) -> None:
        kind = record.kind
        self.report.counts(kind).lus += 1
        if record.warnings:
            self.report.warnings += (_warning(record, warning) for warning in record.warnings)
        key = _key(record.data)
        if key[1] and key in self.seen[kind]:
            self.report.reject(
                Rejection(kind, record.ref, "identifiant en double dans le fichier", key[0])
            )
            return
        self.seen[kind].add(key)
        if key[0] in self.known_sources[kind]:
            self.listed[kind].append(_Listed(record, key, content_hash(record.data)))
        else:
            # A source's first import: its fingerprints are computed side by side with
            # the rest of the preparing.
            self.unseen[kind].append(_Listed(record, key, ""))

    def compare(
        self, kind: RecordKind, table: Table, start: int, stop: int
    ) -> list[tuple[_Listed, uuid.UUID | None]]:
        """Sight the unchanged records among ``listed[start:stop]``; the others, with
        their uid when known."""
        listed = self.listed[kind][start:stop]
        fingerprints = [(item.key[0], item.key[1], item.hash) for item in listed]
        sighted, changed = sight_unchanged(self.conn, table, fingerprints, self.run_id, self.now)
        self.sighted[kind] += sighted
        return [(listed[position], uid) for position, uid in changed]

    def load_context(self) -> None:
        """What preparing the changed records needs from the database, read before the
        background queues own the connection."""
        self.load_geography()
        # Structures prepared in this run then replace theirs.
        wanted = {
            (item.key[0], _plain_text(item.record.data.get("structure_id")))
            for item, _ in self.changed["service"]
        }
        self.structures.update(_catalogue_structures(self.conn, wanted))

    def forget_records(self) -> None:
        """Once every record is compared or prepared: free the file's records in another
        thread (a national file is millions of objects, a second of Python's time) while
        the database works (its driver releases the GIL while it waits)."""
        lists: list[list[Any]] = [self.records, list(self.structures.values())]
        for by_kind in (self.listed, self.unseen, self.changed):
            lists += by_kind.values()
        self.records = []
        self.listed = {"structure": [], "service": []}
        self.unseen = {"structure": [], "service": []}
        self.changed = {"structure": [], "service": []}
        self.seen = {"structure": set(), "service": set()}
        self.structures = {}
        thread = threading.Thread(target=_free, args=(lists,), name="import-free")
        thread.start()
        self.freeing.append(thread)

    def load_geography(self) -> None:
        """The communes, for locating records (once)."""
        if self._locator is None:
            self._locator = locator_for(self.conn)

    @property
    def locator(self) -> Locator:
        assert self._locator is not None, "load_geography first"
        return self._locator

    def process(
        self, stager: Stager, kind: RecordKind, table: Table, batch_range: range
    ) -> _Outcome:
        """Prepare the changed records in ``batch_range`` and stage them (in this process
        or a forked worker: the outcome says all the import needs to know)."""
        batch = self.changed[kind][batch_range.start : batch_range.stop]
        outcome = _Outcome(records=len(batch))
        # Points in polygons for the whole batch in one vectorised query.
        self.locator.prefetch(
            (lon, lat)
            for item, _ in batch
            if (lon := _number(item.record.data.get("longitude"))) is not None
            and (lat := _number(item.record.data.get("latitude"))) is not None
        )
        to_insert: list[dict[str, Any]] = []
        to_update: list[dict[str, Any]] = []
        # As text, formatted once: the driver formats a datetime for ``COPY`` in 1.6 µs,
        # twice per row (a second of a national import).
        now = self.now.isoformat()
        for item, uid in batch:
            row = self._prepare(item, uid, outcome)
            if row is None:
                continue
            if row.uid in self.managed:
                outcome.kept.append(row.uid)
                continue
            values = {
                **row.columns,
                "uid": row.uid,
                "content_hash": row.hash,
                "import_run_id": self.run_id,  # written by this run: seen by it too
                "last_seen_at": now,
                "updated_at": now,
                "archived": False,
            }
            (to_update if row.exists else to_insert).append(values)
        outcome.created, outcome.updated = len(to_insert), len(to_update)
        outcome.staged = (
            stager.stage(table, to_insert),
            stager.stage(table, to_update),
        )
        return outcome

    def absorb(self, kind: RecordKind, outcome: _Outcome) -> None:
        """Account for a processed batch."""
        for rejection in outcome.rejections:
            self.report.reject(rejection)
        self.report.warnings += outcome.warnings
        self.structures.update(outcome.structures)
        self.kept += outcome.kept
        counts = self.report.counts(kind)
        counts.inchanges += len(outcome.kept)
        counts.crees += outcome.created
        counts.mis_a_jour += outcome.updated
        self.written += outcome.created + outcome.updated

    def _prepare(self, item: _Listed, known: uuid.UUID | None, outcome: _Outcome) -> _Row | None:
        record, key = item.record, item.key
        source = key[0] or None
        try:
            model = validate(record.kind, record.data)
        except ValidationError as error:
            outcome.rejections.append(Rejection(record.kind, record.ref, explain(error), source))
            return None
        columns = columns_of(model)
        try:
            location = self.locator.locate(
                code_insee=columns["code_insee"],
                code_postal=columns["code_postal"],
                commune=columns["commune"],
                longitude=columns["longitude"],
                latitude=columns["latitude"],
            )
        except LocationError as error:
            reason = f"non localisé : {error}"
            outcome.rejections.append(Rejection(record.kind, record.ref, reason, source))
            return None
        if location is not None and location.note:
            outcome.warnings.append(_warning(record, location.note))
        place = place_columns(location)
        columns.update(place)
        if record.kind == "structure":
            outcome.structures[key] = _Structure(place, columns["nom"])
        elif not self._attach(record, key, columns, outcome):
            return None
        uid = known or record_uid(record.kind, *key)
        return _Row(uid, item.hash or content_hash(record.data), columns, known is not None)

    def _attach(
        self, record: SourceRecord, key: tuple[str, str], columns: dict[str, Any], outcome: _Outcome
    ) -> bool:
        """Link a service to its structure (in this file or already in the catalogue)."""
        structure_key = (key[0], _plain_text(columns["structure_id"]))  # as in load_context
        structure = self.structures.get(structure_key)
        if structure is None:
            outcome.rejections.append(
                Rejection(
                    "service",
                    record.ref,
                    f"structure « {structure_key[1]} » inconnue (ni dans le fichier, "
                    "ni dans le catalogue, ou rejetée)",
                    key[0] or None,
                )
            )
            return False
        if columns.get("zone_eligibilite"):
            zone, problems = self.locator.repair_zone(columns["zone_eligibilite"])
            columns["zone_eligibilite"] = zone or None
            outcome.warnings += (_warning(record, problem) for problem in problems)
        if structure_key not in self.structure_uids:
            self.structure_uids[structure_key] = record_uid("structure", *structure_key)
        columns["structure_uid"] = self.structure_uids[structure_key]
        columns[STRUCTURE_NAME] = structure.nom
        if received_at_structure(columns["location"], columns.get("modes_accueil")):
            # A service with no place of its own is received at its structure.
            columns.update(structure.place)
        return True

    # -- in the writing thread ------------------------------------------------------------

    def write(self, staged: Staged2) -> None:
        inserts, updates = staged
        insert_staged(self.conn, inserts)
        update_staged(self.conn, updates)

    def finish(self, kind: RecordKind, table: Table, full: bool) -> None:
        counts = self.report.counts(kind)
        counts.inchanges += self.sighted[kind]
        if kind == "service":
            upsert_sightings(self.conn, self.kept, self.run_id, self.now)
        sources = sorted(s for s in self.sources[kind] if s)
        if full and sources:
            # Everything this file lists was just written or sighted by this run; the
            # rest is gone.
            sighted = (
                select(SIGHTINGS.c.uid)
                .where(SIGHTINGS.c.uid == table.c.uid, SIGHTINGS.c.import_run_id == self.run_id)
                .exists()
            )
            managed = list(self.managed) if kind == "service" else []
            archived = self.conn.execute(
                update(table)
                .where(table.c.source.in_(sources), ~table.c.archived, ~sighted)
                .where(table.c.import_run_id.is_distinct_from(self.run_id))
                .where(table.c.uid.not_in(managed) if managed else true())
                .values(archived=True, updated_at=self.now)
            )
            counts.archives += archived.rowcount
            self.written += archived.rowcount
        self.report.sources = sorted(set(self.report.sources) | set(sources))


def _sources_in(conn: Connection, table: Table, sources: set[str]) -> set[str]:
    """Those of ``sources`` that ``table`` holds records of."""
    if not sources:
        return set()
    present = conn.execute(
        text(
            "SELECT listed.source FROM unnest(CAST(:sources AS text[])) AS listed (source) "
            f"WHERE EXISTS (SELECT FROM {table.name} t WHERE t.source = listed.source)"
        ),
        {"sources": sorted(sources)},
    ).scalars()
    return set(present)


def _catalogue_structures(
    conn: Connection, keys: set[tuple[str, str]]
) -> dict[tuple[str, str], _Structure]:
    """Catalogue structures, by (source, id)."""
    # A source's first import looks up nothing (sending every key costs a second).
    present = _sources_in(conn, STRUCTURES, {source for source, _ in keys})
    keys = {key for key in keys if key[0] in present}
    if not keys:
        return {}
    sources, ids = zip(*sorted(keys), strict=True)
    rows = conn.execute(
        text(
            "SELECT t.source, t.id, ST_AsEWKT(t.location), t.geocoding_precision, "
            "t.code_commune_resolu, t.nom FROM structures t "
            "JOIN unnest(CAST(:sources AS text[]), CAST(:ids AS text[])) k (source, id) "
            "ON t.source = k.source AND t.id = k.id"
        ),
        {"sources": list(sources), "ids": list(ids)},
    )
    return {
        (source, sid): _Structure(
            {
                "location": location,  # as text, ready to be copied back
                "geocoding_precision": precision,
                "code_commune_resolu": commune,
            },
            nom,
        )
        for source, sid, location, precision, commune, nom in rows
    }


def _managed_in_maillage(conn: Connection) -> set[uuid.UUID]:
    """Imported services that a structure took over in Maillage (their local version
    replaces them in search)."""
    replaced = MANAGED_SERVICES.c.replaces
    return set(conn.execute(select(replaced).where(replaced.is_not(None))).scalars())


def run_import(
    engine: Engine,
    importer: Importer,
    path: Path,
    *,
    source: str | None = None,
    mapping: Path | None = None,
    full: bool = False,
    started_by: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import ``path`` with ``importer``; the report says what happened to every record."""
    report = ImportReport(kind=importer.kind, path=str(path), full=full)
    with engine.begin() as conn:
        run_id = conn.execute(
            insert(IMPORT_RUNS)
            .values(
                kind=importer.kind,
                source=source,
                path=str(path),
                full=full,
                started_by=started_by or getpass.getuser(),
                counts={},
                rejections=[],
            )
            .returning(IMPORT_RUNS.c.id)
        ).scalar_one()
    report.run_id = run_id
    try:
        with _collector_paused():
            _import(engine, importer, path, source, mapping, full, report, progress)
    except MaillageError as error:
        _finish(engine, report, error=error.message)
        raise
    _finish(engine, report)
    return report


def _import(
    engine: Engine,
    importer: Importer,
    path: Path,
    source: str | None,
    mapping: Path | None,
    full: bool,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    assert report.run_id is not None
    result = importer.read(path, ReadOptions(source=source, mapping=mapping))
    records = list(result.records)
    stager = Stager(engine, report.run_id)
    try:
        with engine.begin() as conn:
            run = _Run(conn, report, report.run_id)
            run.records, records = records, []  # the run's alone: see ``forget_records``
            _list_sources(run)
            _write_changes(conn, run, stager, progress)
            for rejection in result.rejections:
                report.counts(rejection.kind).lus += 1
                report.reject(rejection)
            for kind, table in _TABLES:
                run.finish(kind, table, full)
            # Links only move when records do (an unchanged re-import skips this).
            links = link(conn) if run.written else link_counts(conn)
            report.links = {
                "grappes": links.clusters,
                "structures_reliees": links.structures,
                "services_doublons": links.duplicates,
            }
        for thread in run.freeing:
            thread.join()
    finally:
        stager.close()


def _list_sources(run: _Run) -> None:
    """The file's sources, and those the catalogue holds already (their records are
    compared with it; the others are new)."""
    for kind, table in _TABLES:
        run.sources[kind] = {_source_of(r.data) for r in run.records if r.kind == kind}
        run.known_sources[kind] = _sources_in(run.conn, table, run.sources[kind])


def _fingerprint_and_compare(
    run: _Run, kind: RecordKind, progress: Progress | None
) -> list[tuple[_Listed, uuid.UUID | None]]:
    """The changed records of ``kind``. The database compares each batch of
    fingerprints while the next is computed."""
    table = _TABLE[kind]
    changed: list[tuple[_Listed, uuid.UUID | None]] = []

    def compare(start: int, stop: int) -> None:
        found = run.compare(kind, table, start, stop)
        changed.extend(found)
        if found:
            # Records to locate: the geography (a second to load) is loaded now, while
            # the next ones are fingerprinted.
            run.load_geography()

    comparing = BackgroundQueue()
    if run.sources[kind] - run.known_sources[kind]:
        comparing.submit(run.load_geography)  # (see ``compare``)
    records = run.records
    counts = run.report.structures, run.report.services
    compared = 0
    try:
        for record in records:
            if record.kind != kind:
                continue
            run.fingerprint(record)
            done = counts[0].lus + counts[1].lus
            if progress is not None and (done % 20_000 == 0 or done == len(records)):
                progress("enregistrements lus", done, len(records))
            if len(run.listed[kind]) - compared == COMPARE_BATCH:
                comparing.submit(compare, compared, compared + COMPARE_BATCH)
                compared += COMPARE_BATCH
        comparing.submit(compare, compared, len(run.listed[kind]))
    finally:
        comparing.join()
    changed += ((item, None) for item in run.unseen[kind])
    return changed


def _write_changes(conn: Connection, run: _Run, stager: Stager, progress: Progress | None) -> None:
    """Fingerprint, compare, prepare and write each kind's records. Batches are
    prepared and staged by forked workers (or here, when there is only one) while a
    queue inserts them in the import's transaction; the services are compared while the
    structures are prepared."""
    derived_by_stagers(conn)
    writing = BackgroundQueue()
    try:
        run.changed["structure"] = _fingerprint_and_compare(run, "structure", progress)
        if run.changed["structure"]:
            run.load_geography()
        with _processed(run, stager, "structure") as structures:
            # This process's work while the forked workers prepare the structures (the
            # writing queue, which owns the connection once started, is not yet).
            run.changed["service"] = _fingerprint_and_compare(run, "service", progress)
            if run.changed["service"]:
                run.load_context()
            _write(writing, run, "structure", structures, progress)
        with _processed(run, stager, "service") as services:
            _write(writing, run, "service", services, progress)
        # While the database inserts the last batches and builds the indexes.
        run.forget_records()
    finally:
        writing.join()
    if progress is not None and run.written:
        progress("enregistrements écrits", run.written, run.written)


def _write(
    writing: BackgroundQueue,
    run: _Run,
    kind: RecordKind,
    outcomes: Iterator[_Outcome],
    progress: Progress | None,
) -> None:
    """Account for each prepared batch of ``kind`` and queue its insertion."""
    changed = len(run.changed[kind])
    if not changed:
        return
    load = BulkLoad(run.conn, _TABLE[kind], sum(1 for _, uid in run.changed[kind] if uid is None))
    writing.submit(load.begin)
    done = 0
    for outcome in outcomes:
        run.absorb(kind, outcome)
        writing.submit(run.write, outcome.staged)
        if progress is not None:
            done += outcome.records
            progress(f"{kind}s préparés", done, changed)
    writing.submit(load.end)


@contextmanager
def _processed(run: _Run, stager: Stager, kind: RecordKind) -> Iterator[Iterator[_Outcome]]:
    """Each batch of ``kind``, prepared and staged: forked workers start at once (and
    stop when the block ends), this process prepares as the outcomes are asked for.
    Services are forked only once the structures are done: they inherit their places."""
    table = _TABLE[kind]
    processes, batches = _batches(len(run.changed[kind]))
    if processes == 1:
        yield (run.process(stager, kind, table, batch) for batch in batches)
        return
    stager.shared = True
    # Each worker inherits a copy, which opens its own connection (those of the pool
    # are the parent's) and gives it back when the worker exits.
    worker = Stager(create_engine(stager.engine.url, poolclass=NullPool), run.run_id)
    with forked_map(
        lambda batch: run.process(worker, kind, table, batch),
        batches,
        processes,
        setup=lambda: Finalize(None, worker.release, exitpriority=10),
    ) as outcomes:
        yield outcomes


def _batches(records: int) -> tuple[int, list[range]]:
    """How many processes prepare ``records`` records, and in which batches: equal ones
    of at most ``BATCH``, as many as a multiple of the processes, so that they all finish
    together (the services wait for the last structure; with 5 batches for 2 workers, one
    worker idled through the fifth)."""
    processes = processes_for(math.ceil(records / BATCH))
    count = processes * math.ceil(records / (processes * BATCH)) or 1
    bounds = [records * n // count for n in range(count + 1)]
    return processes, [range(a, b) for a, b in itertools.pairwise(bounds) if b > a]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """An import allocates millions of small objects and no reference cycles: Python's
    cyclic collector would walk them again and again (it tripled the parsing time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _finish(engine: Engine, report: ImportReport, *, error: str | None = None) -> None:
    details = report.as_dict()
    with engine.begin() as conn:
        conn.execute(
            update(IMPORT_RUNS)
            .where(IMPORT_RUNS.c.id == report.run_id)
            .values(
                finished_at=text("now()"),
                counts={"structures": details["structures"], "services": details["services"]},
                rejections=details["rejets"],
                error=error,
            )
        )
