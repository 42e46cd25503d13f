"""Server-side sessions. The browser holds a random token; we store its digest. A new
token is issued at every sign-in (whatever cookie came in), so a token planted before
sign-in is worthless after it (no session fixation)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from api.accounts.tokens import digest, new_token
from catalogue.models import USER_SESSIONS as _S
from catalogue.settings import AccountSettings

SESSION_COOKIE = "maillage_session"


def open_session(conn: Connection, settings: AccountSettings, user_id: uuid.UUID) -> str:
    token = new_token()
    conn.execute(
        insert(_S).values(
            token_hash=digest(token),
            user_id=user_id,
            expires_at=datetime.now(UTC) + timedelta(hours=settings.session_hours),
        )
    )
    return token


def session_user(conn: Connection, token: str) -> uuid.UUID | None:
    """The user of a live session, or None (unknown, expired or signed out)."""
    user_id: uuid.UUID | None = conn.execute(
        select(_S.c.user_id).where(
            _S.c.token_hash == digest(token), _S.c.expires_at > datetime.now(UTC)
        )
    ).scalar()
    return user_id


def close_session(conn: Connection, token: str) -> None:
    conn.execute(delete(_S).where(_S.c.token_hash == digest(token)))


def close_all_sessions(conn: Connection, user_id: uuid.UUID) -> None:
    """After a password change: every browser signed in as this user is signed out."""
    conn.execute(delete(_S).where(_S.c.user_id == user_id))
