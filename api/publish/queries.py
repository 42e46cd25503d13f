"""Reading a structure's managed services (for the write API and the structure space)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from api.publish.freshness import stale
from api.publish.records import LOCAL_SOURCE
from catalogue.models import MANAGED_SERVICES as _M
from catalogue.models import SERVICES as _S
from catalogue.models.publishing import DEFAULT_UPDATE_FREQUENCY_MONTHS


def status_of(row: Any) -> str:
    if row["archived"]:
        return "archive"
    return {"published": "publie", "draft": "brouillon"}.get(row["publication_status"], "suspendu")


def _select() -> Any:
    return select(
        _S,
        _M.c.update_frequency_months,
        _M.c.verified_at,
        _M.c.review,
        _M.c.replaces,
        stale().label("a_verifier"),
    ).outerjoin(_M, _M.c.service_uid == _S.c.uid)


def structure_services(
    conn: Connection, structure_uid: uuid.UUID, *, with_archived: bool = False
) -> list[dict[str, Any]]:
    """Every service of the structure: managed ones first, then imported ones."""
    stmt = _select().where(_S.c.structure_uid == structure_uid)
    if not with_archived:
        stmt = stmt.where(~_S.c.archived)
    stmt = stmt.order_by((_S.c.source != LOCAL_SOURCE), _S.c.nom_tri, _S.c.uid)
    return [_shape(r) for r in conn.execute(stmt).mappings()]


def managed_service(
    conn: Connection, structure_uid: uuid.UUID, uid: uuid.UUID
) -> dict[str, Any] | None:
    row = (
        conn.execute(
            _select().where(
                _S.c.uid == uid, _S.c.structure_uid == structure_uid, _S.c.source == LOCAL_SOURCE
            )
        )
        .mappings()
        .first()
    )
    return None if row is None else _shape(row)


def _shape(row: Any) -> dict[str, Any]:
    data = dict(row)
    data["statut"] = status_of(row)
    data["frequence_maj_mois"] = row["update_frequency_months"] or DEFAULT_UPDATE_FREQUENCY_MONTHS
    data["gere"] = row["source"] == LOCAL_SOURCE
    return data
