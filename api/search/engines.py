"""Choosing the search backend: the one place that wires Meilisearch and PostGIS."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from api.index.client import make_client
from api.search.backend import SearchBackend
from api.search.fallback import FallbackBackend
from api.search.meili import MeiliBackend
from api.search.postgis import PostgisBackend
from catalogue.settings import Settings


def backend_for(settings: Settings, engine: Engine, choice: str = "auto") -> SearchBackend:
    """``auto``: Meilisearch with PostGIS as fallback (PostGIS alone if disabled)."""
    postgis = PostgisBackend(engine)
    if choice == "postgis" or (choice == "auto" and not settings.search.enabled):
        return postgis
    meili = MeiliBackend(
        make_client(settings, timeout=settings.search.timeout_s), settings.search.index
    )
    return meili if choice == "meilisearch" else FallbackBackend(meili, postgis)
