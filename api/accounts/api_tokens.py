"""Structures' API tokens: created by an admin of the structure, shown once, stored as
a digest, valid for a chosen number of days (or until revoked), revocable; a request
with a revoked, expired or unknown token is refused. Their last use is kept."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.engine import Connection

from api.accounts.roles import Actor, TokenActor, require_admin
from api.accounts.tokens import digest, new_token
from catalogue.errors import DonneesInvalides, JetonInvalide
from catalogue.models import API_TOKENS as _T

PREFIX = "mlg_"
# How long a new token may last, in days (None: until revoked); the first is the default.
VALIDITIES: dict[int | None, str] = {
    365: "1 an",
    90: "90 jours",
    30: "30 jours",
    None: "sans limite",
}


@dataclass(frozen=True)
class IssuedToken:
    id: uuid.UUID
    name: str
    token: str  # in clear: shown once, never stored


def issue_token(
    conn: Connection,
    actor: Actor,
    structure_uid: uuid.UUID,
    name: str,
    days: int | None = next(iter(VALIDITIES)),
) -> IssuedToken:
    require_admin(actor, structure_uid)
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise DonneesInvalides("Donnez un nom au jeton (100 caractères au plus).")
    if days not in VALIDITIES:
        raise DonneesInvalides("Choisissez la durée de validité du jeton dans la liste.")
    expires = None if days is None else datetime.now(UTC) + timedelta(days=days)
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
            expires_at=expires,
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
        select(
            _T.c.id,
            _T.c.name,
            _T.c.prefix,
            _T.c.created_at,
            _T.c.last_used_at,
            _T.c.revoked_at,
            _T.c.expires_at,
            (_T.c.expires_at <= func.now()).label("expired"),
        )
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
        .where(or_(_T.c.expires_at.is_(None), _T.c.expires_at > func.now()))
        .values(last_used_at=datetime.now(UTC))
        .returning(_T.c.id, _T.c.structure_uid)
    ).first()
    if row is None:
        expired = conn.execute(
            select(_T.c.expires_at).where(_T.c.token_hash == digest(raw), _T.c.revoked_at.is_(None))
        ).scalar()
        if expired is not None:
            raise JetonInvalide(
                f"Jeton d'API expiré le {expired:%d/%m/%Y} : un administrateur de la "
                "structure peut en créer un nouveau."
            )
        raise JetonInvalide("Jeton d'API inconnu ou révoqué.")
    return TokenActor(token_id=row.id, structure_uid=row.structure_uid)
