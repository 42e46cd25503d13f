"""Territory coordinators, granted and revoked by platform admins."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from api.accounts.roles import Principal
from api.accounts.users import normalise_email
from catalogue.errors import AccesRefuse, DonneesInvalides
from catalogue.geography.territories import territory
from catalogue.models import COORDINATOR_TERRITORIES as _C
from catalogue.models import USERS as _U

ADMINS_ONLY = "Seuls les administrateurs de la plateforme désignent les coordinateurs."


def _require_admin(principal: Principal) -> None:
    if not principal.is_platform_admin:
        raise AccesRefuse(ADMINS_ONLY)


def coordinators(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    """Each coordinator and the territories they coordinate (named)."""
    _require_admin(principal)
    rows = conn.execute(
        select(_U.c.id, _U.c.email, _C.c.territory_code)
        .join(_C, _C.c.user_id == _U.c.id)
        .order_by(_U.c.email, _C.c.territory_code)
    ).all()
    found: dict[uuid.UUID, dict[str, Any]] = {}
    for user_id, email, code in rows:
        entry = found.setdefault(user_id, {"id": user_id, "email": email, "territoires": []})
        entry["territoires"].append({"code": code, "nom": territory(conn, code).nom})
    return list(found.values())


def grant(conn: Connection, principal: Principal, email: str, code: str) -> None:
    """The account of ``email`` coordinates the territory ``code``."""
    _require_admin(principal)
    user_id = conn.scalar(select(_U.c.id).where(_U.c.email == normalise_email(email)))
    if user_id is None:
        raise DonneesInvalides("Aucun compte n'a cette adresse : la personne crée d'abord le sien.")
    area = territory(conn, code)
    conn.execute(
        insert(_C).values(user_id=user_id, territory_code=area.code).on_conflict_do_nothing()
    )


def revoke(conn: Connection, principal: Principal, user_id: uuid.UUID, code: str) -> None:
    _require_admin(principal)
    conn.execute(delete(_C).where(_C.c.user_id == user_id, _C.c.territory_code == code))
