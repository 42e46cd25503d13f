"""The stages every record of one kind goes through in the importing process: read a
batch at a time, sorted (``identity``), compared with the catalogue in the database,
sent to a worker to prepare, and its outcome written in the import's transaction."""

from __future__ import annotations

import itertools
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.engine import Connection, Engine

from catalogue.models import SERVICES, STRUCTURES
from catalogue.records.linking import Edge, candidate_edges
from catalogue.settings import ImportSettings
from importers.contract import RecordKind, RecordStream
from importers.pipeline.bulk_load import BulkLoad
from importers.pipeline.identity import FileIdentities, Key, Listed, structure_key
from importers.pipeline.preparation import Batch, Outcome, StructurePlace
from importers.pipeline.report import ImportReport
from importers.pipeline.sightings import sight_unchanged
from importers.pipeline.staging import Staged, insert_staged, update_staged
from importers.pipeline.transaction import ImportTransaction

# (what, how many done, out of how many)
Progress = Callable[[str, int, int], None]
Submit = Callable[[Batch], "Future[Outcome]"]

TABLES: dict[RecordKind, Table] = {"structure": STRUCTURES, "service": SERVICES}
# The records left at the end of a kind, in this many batches per worker.
_LAST_PIECES_PER_WORKER = 4


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


@dataclass
class _Flow:
    """One kind's batches on their way back from the workers."""

    new: int = 0  # records sent to prepare that the catalogue lacks
    sent: int = 0
    done: int = 0
    load: BulkLoad | None = None


class Writes:
    """What comes back from the workers: accounted for in the report, and queued for
    insertion in the import's transaction (within a bulk load when the batches dwarf
    the table)."""

    def __init__(
        self,
        transaction: ImportTransaction,
        report: ImportReport,
        settings: ImportSettings,
        progress: Progress | None,
    ) -> None:
        self.transaction = transaction
        self.report = report
        self.bulk_load_rows = settings.bulk_load_rows
        self.progress = progress
        # What the services take from the structures this import prepared.
        self.structures: dict[Key, StructurePlace] = {}
        self.kept: list[uuid.UUID] = []  # managed in Maillage: sighted, not written
        self.written = 0
        # The structures' linking candidates, sought once they are all written.
        self.candidates: Future[list[Edge]] | None = None
        self._flows: dict[RecordKind, _Flow] = {"structure": _Flow(), "service": _Flow()}

    def expect(self, kind: RecordKind, items: list[Listed]) -> None:
        flow = self._flows[kind]
        flow.sent += len(items)
        flow.new += sum(1 for item in items if item.uid is None)

    def absorb(self, kind: RecordKind, outcome: Outcome) -> None:
        report, flow = self.report, self._flows[kind]
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
        if flow.load is None:
            # Decided on what was sent so far: more than a batch, when there is more.
            flow.load = BulkLoad(TABLES[kind], flow.new, threshold=self.bulk_load_rows)
            self.transaction.submit(flow.load.begin)
        self.transaction.submit(_write, outcome.staged)
        flow.done += outcome.records
        if self.progress is not None:
            self.progress(f"{kind}s préparés", flow.done, flow.sent)

    def end(self, kind: RecordKind) -> None:
        load, self._flows[kind].load = self._flows[kind].load, None
        if load is not None:
            self.transaction.submit(load.end)
        if kind == "structure" and self.written and self.candidates is None:
            # Sought now, in the import's transaction, while the services are prepared:
            # at the end it would be the only work left.
            self.candidates = self.transaction.submit(candidate_edges)


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
        identities: FileIdentities,
        writes: Writes,
        now: datetime,
        settings: ImportSettings,
    ) -> None:
        self.transaction = transaction
        self.submit = submit
        self.processes = processes
        self.identities = identities
        self.writes = writes
        self.report = writes.report
        assert self.report.run_id is not None
        self.run = (self.report.run_id, now)
        self.settings = settings
        self.sighted: dict[RecordKind, int] = {"structure": 0, "service": 0}
        self._waiting: list[Listed] = []  # to prepare, not yet a whole batch
        self._pending: deque[tuple[RecordKind, Future[Outcome]]] = deque()

    def read(self, kind: RecordKind, records: RecordStream) -> None:
        """Every record of ``kind`` compared, and sent to prepare or sighted."""
        table = TABLES[kind]
        comparing: Future[tuple[int, list[Listed]]] | None = None
        # A first chunk of one batch: the workers start while the rest is read.
        first = min(self.settings.batch, self.settings.read_batch)
        for chunk in _batched(records, self.settings.read_batch, first=first):
            to_compare, new = self.identities.sort(kind, chunk, self.report)
            del chunk
            if comparing is not None:  # the previous batch's verdict, while this one was read
                self._prepare(kind, self._changed(kind, comparing))
            comparing = None
            if to_compare:
                comparing = self.transaction.submit(_compare, table, to_compare, *self.run)
            self._prepare(kind, new)
            if self.writes.progress is not None:
                self.writes.progress("enregistrements lus", self.report.counts(kind).lus, 0)
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
        self._waiting += items
        batch = self.settings.batch
        while len(self._waiting) >= batch:
            self._send(kind, self._waiting[:batch])
            del self._waiting[:batch]

    def _send_rest(self, kind: RecordKind) -> None:
        """The last records, in a few small equal batches per worker: whichever is free
        takes the next, so that they all finish together (none idles while another
        prepares a whole batch)."""
        waiting, self._waiting = self._waiting, []
        parts = self.processes * _LAST_PIECES_PER_WORKER if self.processes > 1 else 1
        for part in split_evenly(len(waiting), parts):
            self._send(kind, waiting[part.start : part.stop])

    def _settle(self, kind: RecordKind) -> None:
        while self._pending and self._pending[0][0] == kind:
            self._absorb_oldest()
        self.writes.end(kind)

    def _send(self, kind: RecordKind, items: list[Listed]) -> None:
        structures: dict[Key, StructurePlace] = {}
        if kind == "service":
            prepared = self.writes.structures
            for item in items:
                key = structure_key(item.key[0], item.record.data)
                if key in prepared:
                    structures[key] = prepared[key]
        self.writes.expect(kind, items)
        self._pending.append((kind, self.submit(Batch(kind, items, structures))))
        # Room for two batches per worker: the next is ready when one finishes, and
        # memory stays that of a few batches.
        while len(self._pending) > 2 * self.processes:
            self._absorb_oldest()

    def _absorb_oldest(self) -> None:
        kind, prepared = self._pending.popleft()
        self.writes.absorb(kind, prepared.result())


def split_evenly(count: int, parts: int) -> list[range]:
    """``range(count)`` in at most ``parts`` pieces whose sizes differ by one at most."""
    parts = max(1, min(parts, count))
    bounds = [count * n // parts for n in range(parts + 1)]
    return [range(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def _batched(records: RecordStream, size: int, *, first: int) -> Iterator[list[Any]]:
    chunk = list(itertools.islice(records, first))
    while chunk:
        yield chunk
        chunk = list(itertools.islice(records, size))
