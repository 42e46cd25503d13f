"""Who changed what in a managed service, and when."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from api.accounts.roles import Actor
from catalogue.models import API_TOKENS as _K
from catalogue.models import SERVICE_HISTORY as _H
from catalogue.models import USERS as _U

ACTIONS = {
    "creation": "création",
    "modification": "modification",
    "publication": "publication",
    "depublication": "retour en brouillon",
    "archivage": "archivage",
    "restauration": "restauration",
    "verification": "confirmé à jour",
    "reprise": "reprise d'un service importé",
    "suspension": "suspendu par la modération",
    "validation": "validé par la modération",
}


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for each field whose value changed."""
    changes = {}
    for name, value in after.items():
        old, new = _plain(before.get(name)), _plain(value)
        if old != new:
            changes[name] = [old, new]
    return changes


def record(
    conn: Connection,
    actor: Actor | None,
    service_uid: uuid.UUID,
    action: str,
    changes: dict[str, Any] | None = None,
) -> None:
    assert action in ACTIONS
    conn.execute(
        insert(_H).values(
            service_uid=service_uid,
            user_id=actor.user_id if actor is not None else None,
            api_token_id=actor.api_token_id if actor is not None else None,
            action=action,
            changes=changes or {},
        )
    )


def service_history(conn: Connection, service_uid: uuid.UUID) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(_H.c.action, _H.c.changes, _H.c.created_at, _U.c.email, _K.c.name.label("jeton"))
        .outerjoin(_U, _U.c.id == _H.c.user_id)
        .outerjoin(_K, _K.c.id == _H.c.api_token_id)
        .where(_H.c.service_uid == service_uid)
        .order_by(_H.c.created_at.desc(), _H.c.id.desc())
    ).mappings()
    return [
        {
            "action": ACTIONS[r["action"]],
            "champs": sorted(r["changes"]),
            "quand": r["created_at"],
            "qui": r["email"] or (f"jeton d'API « {r['jeton']} »" if r["jeton"] else "Maillage"),
        }
        for r in rows
    ]
