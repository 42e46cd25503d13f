"""A batch of records made ready to write, in a worker: validated with data·inclusion's
own models, turned into columns, located, attached to their structure, fingerprinted,
and staged. Only the batch's outcome goes back to the importing process."""

from __future__ import annotations

import marshal
import pickle
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from pydantic import ValidationError
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.pool import NullPool

from catalogue.geography.locator import (
    PLACE_COLUMNS,
    LocationError,
    Locator,
    locator_for,
    place_columns,
)
from catalogue.models import SERVICES, STRUCTURES
from catalogue.records.closures import closure_columns
from catalogue.records.columns import columns_of, content_hash
from catalogue.records.duplicates import identifier_columns
from catalogue.records.rules import received_at_structure
from catalogue.records.validation import explain, validate
from catalogue.search_fields import STRUCTURE_NAME
from catalogue.settings import GeocoderSettings
from importers.contract import RecordKind, Rejection, SourceRecord
from importers.pipeline.geocoding import (
    MATCH_COLUMNS,
    BatchAddresses,
    count_precisions,
    match_columns,
)
from importers.pipeline.identity import Key, Listed, plain_text, record_uid, structure_key
from importers.pipeline.report import warning
from importers.pipeline.staging import Staged, Stager


class StructurePlace(NamedTuple):
    """What a service takes from its structure: its place (when it gives none of its
    own) and its name (for its search vector). A tuple: an import keeps one for every
    structure it prepares."""

    location: str | None
    geocoding_precision: str | None
    code_commune_resolu: str | None
    nom: str
    # What the geocoder matched, if it placed the structure (``MATCH_COLUMNS``).
    geocoding_score: float | None = None
    geocoding_ban_id: str | None = None
    geocoding_label: str | None = None

    @property
    def place(self) -> dict[str, Any]:
        columns = (*PLACE_COLUMNS, *MATCH_COLUMNS)
        return dict(zip(columns, (*self[:3], *self[4:]), strict=True))


@dataclass
class Batch:
    """Records of one kind to prepare. A batch of services carries the structures this
    import prepared for them (the catalogue's are looked up)."""

    kind: RecordKind
    items: list[Listed]
    structures: dict[Key, StructurePlace] = field(default_factory=dict)

    def __reduce__(self) -> tuple[Any, ...]:
        # Sent to a worker as plain tuples through ``marshal``: a quarter of what pickling
        # the objects costs the importing process, whose time is the import's.
        rows = [
            (
                i.record.kind,
                i.record.ref,
                i.record.data,
                i.record.warnings,
                i.key,
                i.hash,
                i.uid.bytes if i.uid else None,
            )
            for i in self.items
        ]
        structures = {key: tuple(place) for key, place in self.structures.items()}
        try:
            packed, packer = marshal.dumps((rows, structures)), "marshal"
        except ValueError:  # a value marshal does not know (a date from a reader, say)
            packed, packer = pickle.dumps((rows, structures), protocol=5), "pickle"
        return (_unpack, (self.kind, packer, packed))


def _unpack(kind: RecordKind, packer: str, packed: bytes) -> Batch:
    rows, structures = (marshal if packer == "marshal" else pickle).loads(packed)
    items = [
        Listed(
            SourceRecord(k, ref, data, warnings), key, hash_, uuid.UUID(bytes=uid) if uid else None
        )
        for k, ref, data, warnings, key, hash_, uid in rows
    ]
    return Batch(kind, items, {key: StructurePlace(*place) for key, place in structures.items()})


@dataclass
class Outcome:
    """A batch prepared and staged, as the import accounts for it (small: it crosses
    the boundary of a worker process)."""

    staged: tuple[Staged | None, Staged | None] = (None, None)  # new rows, changed rows
    records: int = 0
    created: int = 0
    updated: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    structures: dict[Key, StructurePlace] = field(default_factory=dict)
    # managed in Maillage now: neither written nor archived
    kept: list[uuid.UUID] = field(default_factory=list)
    # records per precision of their place, addresses geocoded (``pipeline.geocoding``)
    geocoding: Counter[str] = field(default_factory=Counter)


class Preparer:
    """Prepares batches for one import run, in whichever process calls it: each process
    opens its own connections (to read the geography and the catalogue's structures, and
    to stage) and gives them back with ``close``."""

    def __init__(
        self,
        url: URL,
        run_id: int,
        now: datetime,
        managed: set[uuid.UUID],
        geocoder: GeocoderSettings,
    ) -> None:
        self.url = url
        self.geocoder = geocoder
        self.run_id = run_id
        self.now = now
        # Imported services that a structure took over (``api.publish``): an import
        # neither updates nor archives them; they count as unchanged.
        self.managed = managed
        self._engine: Engine | None = None
        self._conn: Connection | None = None
        self._stager: Stager | None = None
        self._structure_uids: dict[Key, uuid.UUID] = {}

    def structure_uid(self, key: Key) -> uuid.UUID:
        uid = self._structure_uids.get(key)
        if uid is None:  # (many services per structure)
            uid = self._structure_uids[key] = record_uid("structure", *key)
        return uid

    @property
    def stager(self) -> Stager:
        if self._stager is None:
            self._stager = Stager(self._connections(), self.run_id)
        return self._stager

    def _connections(self) -> Engine:
        # Not the importing process's pool: a forked worker must not share its sockets.
        if self._engine is None:
            self._engine = create_engine(self.url, poolclass=NullPool)
        return self._engine

    def _read(self) -> Connection:
        if self._conn is None:
            self._conn = self._connections().connect()
        return self._conn

    def close(self) -> None:
        """Give the connections back; the stager drops whatever staging tables of this
        run are left (a failure's)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._stager is not None:
            self._stager.release()

    def __call__(self, batch: Batch) -> Outcome:
        return _Preparation(self, batch).run()

    def locator(self) -> Locator:
        locator = locator_for(self._read())
        self._read().rollback()  # no transaction left open between batches
        return locator

    def catalogue_structures(self, keys: set[Key]) -> dict[Key, StructurePlace]:
        """Structures of the catalogue (as committed before this import), by key."""
        if not keys:
            return {}
        sources, ids = zip(*sorted(keys), strict=True)
        conn = self._read()
        rows = conn.execute(
            text(
                "SELECT t.source, t.id, ST_AsEWKT(t.location), t.geocoding_precision, "
                "t.code_commune_resolu, t.nom, t.geocoding_score, t.geocoding_ban_id, "
                "t.geocoding_label FROM structures t "
                "JOIN unnest(CAST(:sources AS text[]), CAST(:ids AS text[])) k (source, id) "
                "ON t.source = k.source AND t.id = k.id"
            ),
            {"sources": list(sources), "ids": list(ids)},
        ).all()
        conn.rollback()
        # (Locations as text, ready to be copied back.)
        return {(source, sid): StructurePlace(*place) for source, sid, *place in rows}


def _number(value: Any) -> float | None:
    return float(value) if type(value) in (int, float) else None


class _Preparation:
    """One batch's trip: each record prepared, then the batch staged."""

    def __init__(self, preparer: Preparer, batch: Batch) -> None:
        self.preparer = preparer
        self.batch = batch
        self.outcome = Outcome(records=len(batch.items))
        self.locator = preparer.locator()
        self.addresses = BatchAddresses(self.locator, preparer.geocoder)
        self.structures = batch.structures
        if batch.kind == "service":
            wanted = {structure_key(item.key[0], item.record.data) for item in batch.items}
            missing = wanted - batch.structures.keys()
            self.structures = {**preparer.catalogue_structures(missing), **batch.structures}

    def run(self) -> Outcome:
        items, outcome, preparer = self.batch.items, self.outcome, self.preparer
        # Points in polygons for the whole batch in one vectorised query.
        self.locator.prefetch(
            (lon, lat)
            for item in items
            if (lon := _number(item.record.data.get("longitude"))) is not None
            and (lat := _number(item.record.data.get("latitude"))) is not None
        )
        self.addresses.geocode(items, preparer._connections())
        to_insert: list[dict[str, Any]] = []
        to_update: list[dict[str, Any]] = []
        # As text, formatted once: the driver formats a datetime for ``COPY`` in 1.6 µs,
        # twice per row (a second of a national import).
        now = preparer.now.isoformat()
        for item in items:
            columns = self._columns(item)
            if columns is None:
                continue
            uid = item.uid or record_uid(item.record.kind, *item.key)
            if uid in preparer.managed:
                outcome.kept.append(uid)
                continue
            values = {
                **columns,
                "uid": uid,
                "content_hash": item.hash or content_hash(item.record.data),
                "import_run_id": preparer.run_id,  # written by this run: seen by it too
                "last_seen_at": now,
                "updated_at": now,
                "archived": False,
            }
            (to_insert if item.uid is None else to_update).append(values)
        outcome.created, outcome.updated = len(to_insert), len(to_update)
        count_precisions(outcome.geocoding, to_insert + to_update)
        outcome.geocoding.update(self.addresses.counts)
        table = STRUCTURES if self.batch.kind == "structure" else SERVICES
        outcome.staged = (
            preparer.stager.stage(table, to_insert),
            preparer.stager.stage(table, to_update),
        )
        return outcome

    def _reject(self, record: SourceRecord, reason: str, source: str | None) -> None:
        self.outcome.rejections.append(Rejection(record.kind, record.ref, reason, source))

    def _columns(self, item: Listed) -> dict[str, Any] | None:
        record, key = item.record, item.key
        source = key[0] or None
        try:
            model = validate(record.kind, record.data)
        except ValidationError as error:
            self._reject(record, explain(error), source)
            return None
        columns = columns_of(model)
        ours, problems = (
            closure_columns(record.data)
            if record.kind == "service"
            else identifier_columns(record.data)
        )
        columns.update(ours)
        self.outcome.warnings.extend(warning(record, problem) for problem in problems)
        try:
            location = self.locator.locate(
                code_insee=columns["code_insee"],
                code_postal=columns["code_postal"],
                commune=columns["commune"],
                longitude=columns["longitude"],
                latitude=columns["latitude"],
            )
        except LocationError as error:
            self._reject(record, f"non localisé : {error}", source)
            return None
        location = self.addresses.place(record, location, self.outcome.warnings)
        if location is not None and location.note:
            self.outcome.warnings.append(warning(record, location.note))
        place = place_columns(location)
        columns.update(place)
        columns.update(match_columns(location))
        if record.kind == "structure":
            self.outcome.structures[key] = StructurePlace(
                place["location"],
                place["geocoding_precision"],
                place["code_commune_resolu"],
                columns["nom"],
                *(columns[c] for c in MATCH_COLUMNS),
            )
            return columns
        return columns if self._attach(record, key, columns) else None

    def _attach(self, record: SourceRecord, key: Key, columns: dict[str, Any]) -> bool:
        """Link a service to its structure (in this file or already in the catalogue)."""
        structure_id = plain_text(columns["structure_id"])
        structure = self.structures.get((key[0], structure_id))
        if structure is None:
            self._reject(
                record,
                f"structure « {structure_id} » inconnue (ni dans le fichier, "
                "ni dans le catalogue, ou rejetée)",
                key[0] or None,
            )
            return False
        if columns.get("zone_eligibilite"):
            zone, problems = self.locator.repair_zone(columns["zone_eligibilite"])
            columns["zone_eligibilite"] = zone or None
            self.outcome.warnings += (warning(record, problem) for problem in problems)
        columns["structure_uid"] = self.preparer.structure_uid((key[0], structure_id))
        columns[STRUCTURE_NAME] = structure.nom
        if received_at_structure(columns["location"], columns.get("modes_accueil")):
            columns.update(structure.place)
        return True
