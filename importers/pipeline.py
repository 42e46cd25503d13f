"""The shared import pipeline: validate → normalise → locate → upsert, idempotently.

Reading is the importer's job (``importers.contract``); everything else is here, so
every source gets the same guarantees: a bad record is reported with its reason and the
rest goes in; a re-import of unchanged records writes nothing but "last seen"; a
``full`` import archives (never deletes) what its sources no longer list; each run is
recorded in ``import_runs``. (Every service change queues an outbox row for the search
index in the same transaction: the triggers of migration 0002 see to it.)
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Table, func, insert, select, text, true, update
from sqlalchemy.engine import Connection, Engine

from catalogue.errors import MaillageError
from catalogue.geography.locator import Location, LocationError, locator_for
from catalogue.models import IMPORT_RUNS, MANAGED_SERVICES, SERVICES, SIGHTINGS, STRUCTURES
from importers.bulk import insert_rows, update_rows, upsert_sightings
from importers.contract import Importer, ReadOptions, RecordKind, Rejection, SourceRecord
from importers.links import link
from importers.normalise import columns_of, content_hash
from importers.validation import explain, validate

UID_NAMESPACE = uuid.UUID("6f0d7c1e-4b2a-4c1e-9a57-6d61696c6c61")

# (what, how many done, out of how many)
Progress = Callable[[str, int, int], None]


def record_uid(kind: RecordKind, source: str, source_id: str) -> uuid.UUID:
    """Stable across re-imports and rebuilds, so links to a service never break."""
    return uuid.uuid5(UID_NAMESPACE, f"{kind}:{source}:{source_id}")


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

    kind: RecordKind
    source: str
    id: str
    uid: uuid.UUID
    hash: str
    columns: dict[str, Any]
    exists: bool


@dataclass(frozen=True)
class _Known:
    uid: uuid.UUID
    hash: str | None
    archived: bool


def _location_columns(location: Location | None) -> dict[str, Any]:
    if location is None:
        return {"location": None, "geocoding_precision": None, "code_commune_resolu": None}
    return {
        "location": f"SRID=4326;POINT({location.longitude} {location.latitude})",
        "geocoding_precision": location.precision,
        "code_commune_resolu": location.commune.code,
    }


def _key(data: dict[str, Any]) -> tuple[str, str]:
    """(source, id) as they will be stored (normalised like every text column)."""
    return (_plain_text(data.get("source")), _plain_text(data.get("id")))


def _plain_text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


class _Run:
    """One import run's state (kept out of the public function for readability).

    Every record is first fingerprinted; one already in the catalogue with the same
    fingerprint is merely "seen again" — no validation, no geocoding, no write but its
    narrow ``sightings`` row — which is what makes re-imports of national dumps cheap.
    """

    def __init__(
        self,
        conn: Connection,
        report: ImportReport,
        progress: Progress | None,
        records: list[SourceRecord],
    ) -> None:
        self.conn = conn
        self.report = report
        self.progress = progress
        self.locator = locator_for(conn)
        self.rows: dict[RecordKind, dict[tuple[str, str], _Row]] = {"structure": {}, "service": {}}
        self.unchanged: dict[RecordKind, list[uuid.UUID]] = {"structure": [], "service": []}
        self.seen: dict[RecordKind, set[tuple[str, str]]] = {"structure": set(), "service": set()}
        self.sources: dict[RecordKind, set[str]] = {"structure": set(), "service": set()}
        for record in records:
            self.sources[record.kind].add(_key(record.data)[0])
        self.known = {
            "structure": self._known(STRUCTURES, self.sources["structure"]),
            "service": self._known(SERVICES, self.sources["service"]),
        }
        # structure key → its location, for services that give no place of their own
        self.structure_locations: dict[tuple[str, str], dict[str, Any]] = {}

    def _known(self, table: Table, sources: set[str]) -> dict[tuple[str, str], _Known]:
        rows = self.conn.execute(
            select(
                table.c.source, table.c.id, table.c.uid, table.c.content_hash, table.c.archived
            ).where(table.c.source.in_(sorted(sources)))
        )
        return {(s, i): _Known(uid, digest, archived) for s, i, uid, digest, archived in rows}

    def warn(self, record: SourceRecord, message: str) -> None:
        self.report.warnings.append({"type": record.kind, "id": record.ref, "message": message})

    def prepare(self, record: SourceRecord) -> None:
        kind = record.kind
        self.report.counts(kind).lus += 1
        for warning in record.warnings:
            self.warn(record, warning)
        key = _key(record.data)
        if key[1] and key in self.seen[kind]:
            self.report.reject(
                Rejection(kind, record.ref, "identifiant en double dans le fichier", key[0])
            )
            return
        self.seen[kind].add(key)
        digest = content_hash(record.data)
        known = self.known[kind].get(key)
        if known is not None and known.hash == digest and not known.archived:
            self.unchanged[kind].append(known.uid)
            return
        self._prepare_changed(record, key, digest, known)

    def _prepare_changed(
        self, record: SourceRecord, key: tuple[str, str], digest: str, known: _Known | None
    ) -> None:
        source = key[0] or None
        try:
            model = validate(record.kind, record.data)
        except ValidationError as error:
            self.report.reject(Rejection(record.kind, record.ref, explain(error), source))
            return
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
            self.report.reject(Rejection(record.kind, record.ref, reason, source))
            return
        if location is not None and location.note:
            self.warn(record, location.note)
        if record.kind == "service" and columns.get("zone_eligibilite"):
            zone, problems = self.locator.repair_zone(columns["zone_eligibilite"])
            columns["zone_eligibilite"] = zone or None
            for problem in problems:
                self.warn(record, problem)
        columns.update(_location_columns(location))
        uid = known.uid if known else record_uid(record.kind, *key)
        if record.kind == "structure":
            self.structure_locations[key] = _location_columns(location)
        self.rows[record.kind][key] = _Row(
            record.kind, key[0], key[1], uid, digest, columns, known is not None
        )

    def attach_services(self) -> None:
        """Link services to their structure (in this file or already in the catalogue)."""
        services = self.rows["service"]
        wanted = {(r.source, r.columns["structure_id"]) for r in services.values()}
        missing = wanted - set(self.structure_locations)
        known: dict[tuple[str, str], dict[str, Any]] = {}
        if missing:
            table = STRUCTURES
            stmt = select(
                table.c.source,
                table.c.id,
                func.ST_AsEWKT(table.c.location),  # as text, ready to be copied back
                table.c.geocoding_precision,
                table.c.code_commune_resolu,
            ).where(table.c.source.in_({s for s, _ in missing}))
            for source, sid, location, precision, commune in self.conn.execute(stmt):
                if (source, sid) in missing:
                    known[(source, sid)] = {
                        "location": location,
                        "geocoding_precision": precision,
                        "code_commune_resolu": commune,
                    }
        locations = {**known, **self.structure_locations}
        for key, row in list(services.items()):
            structure_key = (row.source, row.columns["structure_id"])
            if structure_key not in locations:
                del services[key]
                self.report.reject(
                    Rejection(
                        "service",
                        row.id,
                        f"structure « {structure_key[1]} » inconnue (ni dans le fichier, "
                        "ni dans le catalogue, ou rejetée)",
                        row.source,
                    )
                )
                continue
            row.columns["structure_uid"] = record_uid("structure", *structure_key)
            if row.columns["location"] is None and _in_person(row.columns):
                # A service with no place of its own is received at its structure.
                row.columns.update(locations[structure_key])

    def write(self, kind: RecordKind, table: Table, run_id: int, full: bool) -> None:
        counts = self.report.counts(kind)
        now = datetime.now(UTC)
        to_insert: list[dict[str, Any]] = []
        to_update: list[dict[str, Any]] = []
        # Imported services taken over by their structure are managed in Maillage now
        # (api/publish): an import neither updates nor archives them; they count as
        # unchanged.
        managed = _managed_in_maillage(self.conn) if kind == "service" else set()
        for row in self.rows[kind].values():
            if row.uid in managed:
                self.unchanged[kind].append(row.uid)
                continue
            values = {
                **row.columns,
                "uid": row.uid,
                "content_hash": row.hash,
                "import_run_id": run_id,
                "last_seen_at": now,
                "updated_at": now,
                "archived": False,
            }
            (to_update if row.exists else to_insert).append(values)
        insert_rows(self.conn, table, to_insert)
        self._progress(kind, len(to_insert))
        update_rows(self.conn, table, to_update)
        unchanged = self.unchanged[kind]
        seen = unchanged + [r["uid"] for r in to_insert] + [r["uid"] for r in to_update]
        upsert_sightings(self.conn, seen, run_id, now)
        counts.crees += len(to_insert)
        counts.mis_a_jour += len(to_update)
        counts.inchanges += len(unchanged)
        sources = sorted(s for s in self.sources[kind] if s)
        if full and sources:
            # Everything this file lists was just sighted by this run; the rest is gone.
            sighted = (
                select(SIGHTINGS.c.uid)
                .where(SIGHTINGS.c.uid == table.c.uid, SIGHTINGS.c.import_run_id == run_id)
                .exists()
            )
            archived = self.conn.execute(
                update(table)
                .where(table.c.source.in_(sources), ~table.c.archived, ~sighted)
                .where(table.c.uid.not_in(list(managed)) if managed else true())
                .values(archived=True, updated_at=now)
            )
            counts.archives += archived.rowcount
        self.report.sources = sorted(set(self.report.sources) | set(sources))

    def _progress(self, kind: RecordKind, done: int) -> None:
        if self.progress is not None and done:
            self.progress(f"{kind}s écrits", done, done)


def _managed_in_maillage(conn: Connection) -> set[uuid.UUID]:
    """Imported services that a structure took over in Maillage (their local version
    replaces them in search)."""
    replaced = MANAGED_SERVICES.c.replaces
    return set(conn.execute(select(replaced).where(replaced.is_not(None))).scalars())


def _in_person(columns: dict[str, Any]) -> bool:
    modes = columns.get("modes_accueil")
    return not modes or "en-presentiel" in modes


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
        result = importer.read(path, ReadOptions(source=source, mapping=mapping))
        records = list(result.records)
        with engine.begin() as conn:
            run = _Run(conn, report, progress, records)
            for position, record in enumerate(records, start=1):
                run.prepare(record)
                if progress is not None and (position % 5_000 == 0 or position == len(records)):
                    progress("enregistrements lus", position, len(records))
            for rejection in result.rejections:
                report.counts(rejection.kind).lus += 1
                report.reject(rejection)
            run.attach_services()
            run.write("structure", STRUCTURES, run_id, full)
            run.write("service", SERVICES, run_id, full)
            links = link(conn)
            report.links = {
                "grappes": links.clusters,
                "structures_reliees": links.structures,
                "services_doublons": links.duplicates,
            }
    except MaillageError as error:
        _finish(engine, report, error=error.message)
        raise
    _finish(engine, report)
    return report


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
