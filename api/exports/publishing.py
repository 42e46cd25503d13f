"""The files ``/donnees`` offers: every format of the whole catalogue, written again by
the web process on a schedule (or by ``maillage export --publier``), and described by a
manifest written last, so the page never lists a file being written."""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from api.exports.formats import FORMATS, export
from api.exports.records import Scope
from catalogue.settings import ExportSettings

MANIFEST = "manifest.json"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishedFile:
    nom: str
    format: str
    schema: str
    lignes: dict[str, int]
    taille: int


@dataclass(frozen=True)
class Publication:
    date: datetime
    fichiers: list[PublishedFile]


def publish_all(engine: Engine, settings: ExportSettings) -> Publication:
    """Write every format into the published directory, then its manifest."""
    directory = settings.directory
    entries: list[dict[str, Any]] = []
    for fmt in FORMATS.values():
        written = export(engine, fmt, Scope(), directory, settings.chunk_rows)
        for table, name in fmt.file_names().items():
            entry = next((e for e in entries if e["nom"] == name), None)
            if entry is None:
                entry = {"nom": name, "format": fmt.label, "schema": fmt.schema, "lignes": {}}
                entries.append(entry)
            entry["lignes"][table] = written.rows[table]
        for refused in written.refused:
            log.warning("export %s : enregistrement écarté : %s", fmt.name, refused)
    manifest = {"date": datetime.now(UTC).isoformat(), "fichiers": entries}
    partial = directory / f".{MANIFEST}.partiel"
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, directory / MANIFEST)
    publication = published(settings)
    assert publication is not None
    return publication


def published(settings: ExportSettings) -> Publication | None:
    """The files last published, as the manifest lists them (those still there)."""
    try:
        manifest = json.loads((settings.directory / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    files = []
    for entry in manifest["fichiers"]:
        path = settings.directory / entry["nom"]
        if path.is_file():
            files.append(PublishedFile(**entry, taille=path.stat().st_size))
    return Publication(datetime.fromisoformat(manifest["date"]), files)


def published_path(settings: ExportSettings, name: str) -> Path | None:
    """A published file by its name, only if the manifest lists it."""
    publication = published(settings)
    if publication is None or name not in {f.nom for f in publication.fichiers}:
        return None
    return settings.directory / name


class ExportWorker:
    """Publishes the files again every ``interval_hours``, in a thread of the web process;
    at start when the last publication is older than that. A failure is logged and tried
    again at the next turn."""

    def __init__(self, engine: Engine, settings: ExportSettings) -> None:
        self._engine = engine
        self._settings = settings
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="maillage-exports", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _due_in(self) -> float:
        interval = timedelta(hours=self._settings.interval_hours)
        last = published(self._settings)
        if last is None:
            return 0.0
        return max(0.0, (last.date + interval - datetime.now(UTC)).total_seconds())

    def _run(self) -> None:
        while not self._stop.wait(self._due_in()):
            try:
                publish_all(self._engine, self._settings)
            except Exception:  # the web process goes on; the next turn tries again
                log.exception("la publication des fichiers de données a échoué")
                self._stop.wait(600)
