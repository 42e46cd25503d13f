"""Drains the outbox in the background of the web process, so edits reach the index
within seconds. Several processes may run one: the outbox rows are locked SKIP LOCKED."""

from __future__ import annotations

import logging
import threading

import meilisearch
from sqlalchemy.engine import Engine

from api.index.indexer import sync
from catalogue.errors import MaillageError

log = logging.getLogger(__name__)


class SyncWorker:
    def __init__(
        self, engine: Engine, client: meilisearch.Client, index: str, interval: float
    ) -> None:
        self.engine = engine
        self.client = client
        self.index = index
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="maillage-index-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                sync(self.engine, self.client, self.index)
            except MaillageError as error:  # Meilisearch down: the outbox waits for it
                log.info("index sync postponed: %s", error.message)
            except Exception:  # a bug must not kill the worker; it is logged and retried
                log.exception("index sync failed")
