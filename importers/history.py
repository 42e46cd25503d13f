"""The history of import runs (``maillage import --history``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine

from catalogue.models import IMPORT_RUNS


def import_history(engine: Engine, limit: int = 50) -> list[dict[str, Any]]:
    table = IMPORT_RUNS
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.id.desc()).limit(limit)).mappings()
        return [
            {
                "id": r["id"],
                "format": r["kind"],
                "source": r["source"],
                "chemin": r["path"],
                "complet": r["full"],
                "par": r["started_by"],
                "debut": r["started_at"],
                "fin": r["finished_at"],
                "comptes": r["counts"],
                "rejets": len(r["rejections"]),
                "erreur": r["error"],
            }
            for r in rows
        ]
