"""``GET /sante``: whether this instance can serve, for a load balancer or a probe, and
what an operator checks first — the database, the index, the outbox's lag, the last
import. 200 when the database answers (search falls back to it), else 503."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.deps import EngineDep, SettingsDep
from api.errors import RETRY_AFTER_S
from api.index.client import UNAVAILABLE, make_client

router = APIRouter(tags=["État"])

_DATABASE = """
SELECT (SELECT count(*) FROM outbox) AS en_attente,
       (SELECT extract(epoch FROM now() - min(created_at)) FROM outbox) AS retard_s,
       (SELECT json_build_object('debut', started_at, 'fin', finished_at, 'erreur', error)
          FROM import_runs ORDER BY started_at DESC LIMIT 1) AS dernier_import
"""


def _database(engine: Any) -> dict[str, Any]:
    try:
        with engine.connect() as conn:
            row = conn.execute(text(_DATABASE)).mappings().one()
    except SQLAlchemyError as error:
        return {"ok": False, "erreur": type(error).__name__}
    lag = row["retard_s"]
    return {
        "ok": True,
        "outbox": {"en_attente": row["en_attente"], "retard_s": round(lag or 0.0, 1)},
        "dernier_import": row["dernier_import"],
    }


def _index(settings: Any) -> dict[str, Any]:
    if not settings.search.enabled:
        return {"ok": False, "active": False}
    try:
        stats = make_client(settings, timeout=2).index(settings.search.index).get_stats()
    except UNAVAILABLE as error:
        return {"ok": False, "active": True, "erreur": type(error).__name__}
    return {"ok": True, "active": True, "documents": stats.number_of_documents}


@router.get(
    "/sante",
    summary="État de l'instance",
    description="Dit si la base de données et l'index répondent, le retard de la file de "
    "synchronisation et le dernier import. 200 si la base répond (la recherche peut "
    "alors toujours répondre), sinon 503.",
)
def sante(request: Request, engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    database = _database(engine)
    body = {
        "statut": "ok" if database["ok"] else "indisponible",
        "base": database,
        "index": _index(settings),
    }
    if database["ok"]:
        return JSONResponse(body, headers={"Cache-Control": "no-store"})
    headers = {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"}
    return JSONResponse(body, status_code=503, headers=headers)
