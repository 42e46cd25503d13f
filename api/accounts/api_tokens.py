"""Structures' API tokens: created by an admin of the structure, shown once, stored as
a digest, revocable; a request with a revoked or unknown token is refused."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from api.accounts.roles import Actor, TokenActor, require_admin
from api.accounts.tokens import digest, new_token
from catalogue.errors import DonneesInvalides, JetonInvalide
from catalogue.models import API_TOKENS as _T

PREFIX = "mlg_"


@dataclass(frozen=True)
class IssuedToken:
    id: uuid.UUID
    name: str
    token: str  # in clear: shown once, never stored


def issue_token(conn: Connection, actor: Actor, structure_uid: uuid.UUID, name: str) -> IssuedToken:
    require_admin(actor, structure_uid)
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise DonneesInvalides("Donnez un nom au jeton (100 caractères au plus).")
    token = new_token(PREFIX)
    token_id = uuid.uuid4()
    conn.execute(
        insert(_T).values(
            id=token_id,
            structure_uid=structure_uid,
            name=name,
            token_hash=digest(token),
            prefix=token[: len(PREFIX) + 4],
            created_by=actor.user_id,
        )
    )
    return IssuedToken(token_id, name, token)


def revoke_token(
    conn: Connection, actor: Actor, structure_uid: uuid.UUID, token_id: uuid.UUID
) -> None:
    require_admin(actor, structure_uid)
    conn.execute(
        update(_T)
        .where(_T.c.id == token_id, _T.c.structure_uid == structure_uid, _T.c.revoked_at.is_(None))
        .values(revoked_at=datetime.now(UTC))
    )


def structure_tokens(conn: Connection, structure_uid: uuid.UUID) -> list[dict[str, object]]:
    rows = conn.execute(
        select(_T.c.id, _T.c.name, _T.c.prefix, _T.c.created_at, _T.c.last_used_at, _T.c.revoked_at)
        .where(_T.c.structure_uid == structure_uid)
        .order_by(_T.c.created_at.desc())
    ).mappings()
    return [dict(row) for row in rows]


def token_actor(conn: Connection, raw: str | None) -> TokenActor:
    """The structure a bearer token acts for, or JetonInvalide."""
    if not raw or not raw.startswith(PREFIX):
        raise JetonInvalide("Jeton d'API absent ou invalide (en-tête « Authorization: Bearer … »).")
    row = conn.execute(
        update(_T)
        .where(_T.c.token_hash == digest(raw), _T.c.revoked_at.is_(None))
        .values(last_used_at=datetime.now(UTC))
        .returning(_T.c.id, _T.c.structure_uid)
    ).first()
    if row is None:
        raise JetonInvalide("Jeton d'API inconnu ou révoqué.")
    return TokenActor(token_id=row.id, structure_uid=row.structure_uid)
