"""The stages every record of one kind goes through in the importing process: read a
batch at a time, sorted (``identity``), compared with the catalogue in the database,
sent to a worker to prepare, and its outcome written in the import's transaction."""

from __future__ import annotations

import itertools
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection, Engine

from catalogue.models import SERVICES, STRUCTURES
from catalogue.settings import ImportSettings
from importers.bulk import BulkLoad, Staged, insert_staged, sight_unchanged, update_staged
from importers.contract import RecordKind, RecordStream
from importers.pipeline.identity import FileIdentities, Key, Listed, structure_key
from importers.pipeline.preparation import Batch, Outcome, StructurePlace
from importers.pipeline.report import ImportReport
from importers.pipeline.transaction import ImportTransaction

# (what, how many done, out of how many)
Progress = Callable[[str, int, int], None]
Submit = Callable[[Batch], "Future[Outcome]"]

TABLES: dict[RecordKind, Table] = {"structure": STRUCTURES, "service": SERVICES}


def sources_in(engine: Engine, table: Table, sources: set[str]) -> set[str]:
    """Those of ``sources`` that ``table`` holds records of (as committed: before this
    import, which has committed nothing yet)."""
    with engine.connect() as conn:
        present = conn.execute(
            text(
                "SELECT listed.source FROM unnest(CAST(:sources AS text[])) AS listed (source)"
                f" WHERE EXISTS (SELECT FROM {table.name} t WHERE t.source = listed.source)"
            ),
            {"sources": sorted(sources)},
        ).scalars()
        return set(present)


def _compare(
    conn: Connection, table: Table, listed: list[Listed], run_id: int, now: datetime
) -> tuple[int, list[Listed]]:
    """Sight the unchanged records of ``listed``; the others, with their uid when known."""
    fingerprints = [(item.key[0], item.key[1], item.hash) for item in listed]
    sighted, changed = sight_unchanged(conn, table, fingerprints, run_id, now)
    for position, uid in changed:
        listed[position].uid = uid
    return sighted, [listed[position] for position, _ in changed]


def _write(conn: Connection, staged: tuple[Staged | None, Staged | None]) -> None:
    inserts, updates = staged
    insert_staged(conn, inserts)
    update_staged(conn, updates)


class Stages:
    """One import's records, kind after kind. Batches travel as a pipeline: while the
    database compares one batch of fingerprints and inserts prepared batches, this
    process reads and sorts the next, and the workers prepare theirs. The services are
    read while the last structures are prepared, and sent to the workers once every
    structure is (they take their structure's place)."""

    def __init__(
        self,
        transaction: ImportTransaction,
        submit: Submit,
        processes: int,
        report: ImportReport,
        identities: FileIdentities,
        now: datetime,
        settings: ImportSettings,
        progress: Progress | None,
    ) -> None:
        self.transaction = transaction
        self.submit = submit
        self.processes = processes
        self.report = report
        self.identities = identities
        self.now = now
        self.settings = settings
        self.progress = progress
        assert report.run_id is not None
        self.run_id = report.run_id
        # What the services take from the structures this import prepared.
        self.structures: dict[Key, StructurePlace] = {}
        self.kept: list[uuid.UUID] = []
        self.sighted: dict[RecordKind, int] = {"structure": 0, "service": 0}
        self.written = 0
        self._waiting: list[Listed] = []  # to prepare, not yet a whole batch
        self._pending: deque[tuple[RecordKind, Future[Outcome]]] = deque()
        self._loads: dict[RecordKind, BulkLoad] = {}
        self._new: dict[RecordKind, int] = {"structure": 0, "service": 0}
        self._sent: dict[RecordKind, int] = {"structure": 0, "service": 0}
        self._done: dict[RecordKind, int] = {"structure": 0, "service": 0}

    def run(self, kind: RecordKind, records: RecordStream) -> None:
        """Every record of ``kind`` compared, and sent to prepare or sighted."""
        table = TABLES[kind]
        comparing: Future[tuple[int, list[Listed]]] | None = None
        for chunk in _batched(records, self.settings.read_batch):
            to_compare, new = self.identities.sort(kind, chunk, self.report)
            del chunk
            if comparing is not None:  # the previous batch's verdict, while this one was read
                self._prepare(kind, self._changed(kind, comparing))
            comparing = None
            if to_compare:
                comparing = self.transaction.submit(
                    _compare, table, to_compare, self.run_id, self.now
                )
            self._prepare(kind, new)
            self._report_progress("enregistrements lus", self.report.counts(kind).lus, 0)
        if comparing is not None:
            self._prepare(kind, self._changed(kind, comparing))
        self._send_rest(kind)

    def settle(self) -> None:
        """Wait for every batch sent, and queue the last writes."""
        self._settle("structure")
        self._settle("service")

    def _changed(
        self, kind: RecordKind, comparing: Future[tuple[int, list[Listed]]]
    ) -> list[Listed]:
        sighted, changed = comparing.result()
        self.sighted[kind] += sighted
        return changed

    def _prepare(self, kind: RecordKind, items: list[Listed]) -> None:
        """Send whole batches to the workers (what is left waits for more)."""
        if not items:
            return
        if kind == "service":
            self._settle("structure")
        self._new[kind] += sum(1 for item in items if item.uid is None)
        self._waiting += items
        batch = self.settings.batch
        while len(self._waiting) >= batch:
            self._send(kind, self._waiting[:batch])
            del self._waiting[:batch]

    def _send_rest(self, kind: RecordKind) -> None:
        """The last records, in as many equal batches as there are workers (so that none
        idles while another prepares a whole batch)."""
        waiting, self._waiting = self._waiting, []
        for part in split_evenly(len(waiting), self.processes):
            self._send(kind, waiting[part.start : part.stop])

    def _settle(self, kind: RecordKind) -> None:
        while self._pending and self._pending[0][0] == kind:
            self._absorb(*self._pending.popleft())
        load = self._loads.pop(kind, None)
        if load is not None:
            self.transaction.submit(load.end)

    def _send(self, kind: RecordKind, items: list[Listed]) -> None:
        structures: dict[Key, StructurePlace] = {}
        if kind == "service":
            for item in items:
                key = structure_key(item.key[0], item.record.data)
                if key in self.structures:
                    structures[key] = self.structures[key]
        self._pending.append((kind, self.submit(Batch(kind, items, structures))))
        self._sent[kind] += len(items)
        # Room for two batches per worker: the next is ready when one finishes, and
        # memory stays that of a few batches.
        while len(self._pending) > 2 * self.processes:
            self._absorb(*self._pending.popleft())

    def _absorb(self, kind: RecordKind, prepared: Future[Outcome]) -> None:
        """Account for a prepared batch and queue its insertion."""
        outcome = prepared.result()
        report = self.report
        for rejection in outcome.rejections:
            report.reject(rejection)
        report.warnings += outcome.warnings
        report.geocoding.update(outcome.geocoding)
        self.structures.update(outcome.structures)
        self.kept += outcome.kept
        counts = report.counts(kind)
        counts.inchanges += len(outcome.kept)
        counts.crees += outcome.created
        counts.mis_a_jour += outcome.updated
        self.written += outcome.created + outcome.updated
        if kind not in self._loads:
            # Decided on what was sent so far: more than a batch, when there is more.
            load = BulkLoad(TABLES[kind], self._new[kind], threshold=self.settings.bulk_load_rows)
            self._loads[kind] = load
            self.transaction.submit(load.begin)
        self.transaction.submit(_write, outcome.staged)
        self._done[kind] += outcome.records
        self._report_progress(f"{kind}s préparés", self._done[kind], self._sent[kind])

    def _report_progress(self, what: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(what, done, total)


def split_evenly(count: int, parts: int) -> list[range]:
    """``range(count)`` in at most ``parts`` pieces whose sizes differ by one at most."""
    parts = max(1, min(parts, count))
    bounds = [count * n // parts for n in range(parts + 1)]
    return [range(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _batched(records: RecordStream, size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(records, size)):
        yield chunk
