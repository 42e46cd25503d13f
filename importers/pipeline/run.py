"""An import run, from the file to the report: the story every source goes through."""

from __future__ import annotations

import gc
import getpass
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from multiprocessing.util import Finalize
from pathlib import Path

from sqlalchemy import insert, select, text, true, update
from sqlalchemy.engine import Connection, Engine

from catalogue.errors import MaillageError
from catalogue.models import IMPORT_RUNS, MANAGED_SERVICES, SIGHTINGS
from catalogue.records.linking import link, link_counts
from catalogue.settings import GeocoderSettings, ImportSettings
from importers.contract import Importer, ReadOptions, RecordKind
from importers.pipeline.identity import FileIdentities
from importers.pipeline.preparation import Preparer
from importers.pipeline.report import KINDS, ImportReport
from importers.pipeline.sightings import upsert_sightings
from importers.pipeline.stages import TABLES, Progress, Stages, Writes, sources_in
from importers.pipeline.staging import Stager, derived_by_stagers
from importers.pipeline.transaction import ImportTransaction
from importers.pipeline.workers import processes_for, workers


@dataclass(frozen=True)
class _Request:
    """What an import was asked to do, beyond the file and its format."""

    options: ReadOptions
    progress: Progress | None
    settings: ImportSettings
    geocoder: GeocoderSettings
    commit: bool


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
    settings: ImportSettings | None = None,
    geocoder: GeocoderSettings | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import ``path`` with ``importer``; the report says what happened to every record.
    The whole import is one transaction: it writes everything or nothing. A ``dry_run``
    goes all the way, then rolls back: the same report, nothing written. Without a
    ``geocoder``, records are placed by their coordinates or their commune."""
    request = _Request(
        ReadOptions(source=source, mapping=mapping),
        progress,
        settings or ImportSettings(),
        geocoder or GeocoderSettings(url=""),
        commit=not dry_run,
    )
    report = ImportReport(kind=importer.kind, path=str(path), full=full)
    report.run_id = _open_run(engine, importer.kind, source, path, full, started_by)
    if dry_run:
        try:
            with _collector_paused():
                _import(engine, importer, path, report, request)
        finally:
            _forget_run(engine, report.run_id)
        return report
    try:
        with _collector_paused():
            _import(engine, importer, path, report, request)
    except MaillageError as error:
        _close_run(engine, report, error=error.message)
        raise
    except BaseException as error:
        # The history must not show a run that never ended.
        _close_run(engine, report, error=f"échec imprévu de l'import ({type(error).__name__})")
        raise
    _close_run(engine, report)
    return report


def _import(
    engine: Engine, importer: Importer, path: Path, report: ImportReport, request: _Request
) -> None:
    settings, progress = request.settings, request.progress
    assert report.run_id is not None
    result = importer.read(path, request.options)  # what fails here fails before any write
    report.warnings += ({"type": "fichier", "id": path.name, "message": w} for w in result.warnings)
    processes = _processes(path, settings)
    now = datetime.now(UTC)
    managed = _managed_in_maillage(engine)
    preparer = Preparer(engine.url, report.run_id, now, managed, request.geocoder)
    try:
        with (
            # The workers first: forked before any thread starts.
            workers(
                preparer, processes, setup=lambda: Finalize(None, preparer.close, exitpriority=10)
            ) as submit,
            ImportTransaction(engine) as transaction,
        ):
            transaction.submit(derived_by_stagers)
            identities = FileIdentities(lambda kind, s: sources_in(engine, TABLES[kind], s))
            writes = Writes(transaction, report, settings, progress)
            stages = Stages(transaction, submit, processes, identities, writes, now, settings)
            for kind in KINDS:
                stages.read(kind, result.stream(kind))
            stages.settle()
            for rejection in result.rejections:  # complete now that both streams are read
                report.counts(rejection.kind).lus += 1
                report.reject(rejection)
            for kind in KINDS:
                report.counts(kind).inchanges += stages.sighted[kind]
                report.sources = sorted(set(report.sources) | set(identities.sources(kind)))
            transaction.submit(upsert_sightings, writes.kept, report.run_id, now)
            if report.full:
                for kind in KINDS:
                    report.counts(kind).archives = transaction.call(
                        _archive_unlisted, kind, identities.sources(kind), report.run_id, now,
                        preparer.managed,
                    )  # fmt: skip
            archived = report.structures.archives + report.services.archives
            _link(transaction, report, writes, moved=bool(writes.written or archived))
            if request.commit:
                transaction.commit()
        if progress is not None and writes.written and request.commit:
            progress("enregistrements écrits", writes.written, writes.written)
    finally:
        preparer.close()
        # The staging tables any process of this run left behind (a failure's).
        sweeper = Stager(engine, report.run_id)
        sweeper.shared = True
        sweeper.close()


def _link(
    transaction: ImportTransaction, report: ImportReport, writes: Writes, *, moved: bool
) -> None:
    """Structures listed more than once linked (only when some moved: an unchanged
    re-import only counts the links)."""
    if moved:
        candidates = writes.candidates.result() if writes.candidates is not None else None
        links = transaction.call(link, candidates)
    else:
        links = transaction.call(link_counts)
    report.links = {
        "grappes": links.clusters,
        "structures_reliees": links.structures,
        "services_doublons": links.duplicates,
    }


def _processes(path: Path, settings: ImportSettings) -> int:
    """Workers for this file: none for a small one (forking would cost more)."""
    files = [path] if path.is_file() else [p for p in path.glob("*") if p.is_file()]
    size = sum(file.stat().st_size for file in files)
    return processes_for(settings.processes) if size >= settings.fork_from_bytes else 1


def _managed_in_maillage(engine: Engine) -> set[uuid.UUID]:
    """Imported services that a structure took over in Maillage (their local version
    replaces them in search)."""
    replaced = MANAGED_SERVICES.c.replaces
    with engine.connect() as conn:
        return set(conn.execute(select(replaced).where(replaced.is_not(None))).scalars())


def _archive_unlisted(
    conn: Connection,
    kind: RecordKind,
    sources: list[str],
    run_id: int,
    now: datetime,
    managed: set[uuid.UUID],
) -> int:
    """A full import: what its sources no longer list is archived (never deleted).
    Everything the file lists was just written or sighted by this run."""
    if not sources:
        return 0
    table = TABLES[kind]
    sighted = (
        select(SIGHTINGS.c.uid)
        .where(SIGHTINGS.c.uid == table.c.uid, SIGHTINGS.c.import_run_id == run_id)
        .exists()
    )
    kept = sorted(managed) if kind == "service" else []
    archived = conn.execute(
        update(table)
        .where(table.c.source.in_(sources), ~table.c.archived, ~sighted)
        .where(table.c.import_run_id.is_distinct_from(run_id))
        .where(table.c.uid.not_in(kept) if kept else true())
        .values(archived=True, updated_at=now)
    )
    return archived.rowcount


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


def _open_run(
    engine: Engine,
    kind: str,
    source: str | None,
    path: Path,
    full: bool,
    started_by: str | None,
) -> int:
    with engine.begin() as conn:
        run_id: int = conn.execute(
            insert(IMPORT_RUNS)
            .values(
                kind=kind,
                source=source,
                path=str(path),
                full=full,
                started_by=started_by or getpass.getuser(),
                counts={},
                rejections=[],
            )
            .returning(IMPORT_RUNS.c.id)
        ).scalar_one()
    return run_id


def _forget_run(engine: Engine, run_id: int | None) -> None:
    with engine.begin() as conn:
        conn.execute(IMPORT_RUNS.delete().where(IMPORT_RUNS.c.id == run_id))


def _close_run(engine: Engine, report: ImportReport, *, error: str | None = None) -> None:
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
