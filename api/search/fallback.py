"""Meilisearch first, PostGIS when it cannot answer: search never fails for that reason.

After a failure, Meilisearch is left alone for ``retry_after`` seconds so that a dead
instance costs one timeout, not one per request. The result says which backend answered.
"""

from __future__ import annotations

import logging
import threading
import time

from api.index.client import MeiliIndisponible
from api.search.backend import SearchBackend
from api.search.query import SearchQuery, SearchResult

log = logging.getLogger(__name__)


class FallbackBackend:
    def __init__(
        self, primary: SearchBackend, fallback: SearchBackend, retry_after: float = 10.0
    ) -> None:
        self.primary = primary
        self.fallback = fallback
        self.retry_after = retry_after
        self._skip_until = 0.0
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.primary.name

    def search(self, query: SearchQuery) -> SearchResult:
        if time.monotonic() >= self._skip_until:
            try:
                return self.primary.search(query)
            except MeiliIndisponible as error:
                with self._lock:
                    self._skip_until = time.monotonic() + self.retry_after
                log.warning("search falls back to %s: %s", self.fallback.name, error.message)
        return self.fallback.search(query)
