"""Counts of the catalogue and geography tables (``maillage stats``)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

_COUNTS = {
    "regions": "SELECT count(*) FROM regions",
    "departements": "SELECT count(*) FROM departements",
    "epcis": "SELECT count(*) FROM epcis",
    "communes": "SELECT count(*) FROM communes WHERE type = 'COM'",
    "arrondissements": "SELECT count(*) FROM communes WHERE type = 'ARM'",
    "structures": "SELECT count(*) FROM structures WHERE NOT archived",
    "services": "SELECT count(*) FROM services WHERE NOT archived",
    "services_publies": (
        "SELECT count(*) FROM services WHERE NOT archived AND publication_status = 'published'"
    ),
    "services_archives": "SELECT count(*) FROM services WHERE archived",
    "imports": "SELECT count(*) FROM import_runs",
    "outbox_en_attente": "SELECT count(*) FROM outbox",
}


def catalogue_stats(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.execute(text(sql)).scalar_one() for name, sql in _COUNTS.items()}
