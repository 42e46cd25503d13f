"""People and what they may do: accounts, sessions, one-time email links, sign-in
attempts, memberships of structures, moderators' départements and structures' API tokens.

Secrets are never stored: sessions, links and API tokens are kept as SHA-256 digests of
random tokens, passwords as argon2 hashes (api/accounts).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base

MEMBER_ROLES = ("admin", "member")
MEMBERSHIP_STATUSES = ("pending", "active", "refused")
EMAIL_TOKEN_PURPOSES = ("confirmation", "password_reset")


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class User(Base):
    """Anyone signed up. With no other role, a referent (searches, reports errors)."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Lower-cased and trimmed on the way in, so the unique constraint means what it says.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str]
    name: Mapped[str | None] = mapped_column(String(150))
    is_platform_admin: Mapped[bool] = mapped_column(server_default=text("false"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _now()


class UserSession(Base):
    """A signed-in browser: the cookie holds a random token, we keep its digest."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = _now()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_user_sessions_user_id", "user_id"),)


class EmailToken(Base):
    """A one-time link sent by email: address confirmation or password reset."""

    __tablename__ = "email_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = _now()
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint("purpose IN ('confirmation', 'password_reset')", name="purpose"),
        Index("ix_email_tokens_user_id", "user_id"),
    )


class AccountEmail(Base):
    """Confirmation and reset emails sent, for rate limiting per address and network;
    the address is kept as a digest only, and rows are purged after the window."""

    __tablename__ = "account_emails"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    address_digest: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = _now()

    __table_args__ = (
        Index("ix_account_emails_address_digest", "address_digest", "sent_at"),
        Index("ix_account_emails_ip", "ip", "sent_at"),
    )


class LoginAttempt(Base):
    """Sign-in attempts, for rate limiting per (email, IP); old rows are pruned."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    succeeded: Mapped[bool]
    created_at: Mapped[datetime] = _now()

    __table_args__ = (
        Index("ix_login_attempts_email_ip", "email", "ip", "created_at"),
        Index("ix_login_attempts_ip", "ip", "created_at"),
    )


class StructureMember(Base):
    """A person in a structure's team. The first admin is validated by a moderator of
    the structure's département, later members by the structure's admins."""

    __tablename__ = "structure_members"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    structure_uid: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structures.uid", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(8), server_default=text("'pending'"))
    requested_at: Mapped[datetime] = _now()
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    __table_args__ = (
        UniqueConstraint("user_id", "structure_uid", name="uq_structure_members_user_structure"),
        CheckConstraint("role IN ('admin', 'member')", name="role"),
        CheckConstraint("status IN ('pending', 'active', 'refused')", name="status"),
        Index("ix_structure_members_structure_uid", "structure_uid"),
    )


class ModeratorDepartement(Base):
    """A moderator and one of the départements they moderate."""

    __tablename__ = "moderator_departements"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    departement_code: Mapped[str] = mapped_column(
        String(3), ForeignKey("departements.code"), primary_key=True
    )


class CoordinatorTerritory(Base):
    """A territory coordinator and one of the territories they coordinate: a
    département, an EPCI (SIREN) or a commune (catalogue.geography.territories)."""

    __tablename__ = "coordinator_territories"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    territory_code: Mapped[str] = mapped_column(String(9), primary_key=True)


class CoordinatorDigest(Base):
    """The figures of the last weekly email a coordinator got for a territory: the next
    one says which gaps opened or closed since."""

    __tablename__ = "coordinator_digests"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    territory_code: Mapped[str] = mapped_column(String(9), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # Frein → people beyond the gap distance (api/observatory/digest.py).
    figures: Mapped[dict[str, int]] = mapped_column(JSONB)


class ApiToken(Base):
    """A structure's token for the write API: shown once, stored as a digest, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    structure_uid: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structures.uid", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters, so people can tell their tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(String(12))
    created_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = _now()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Past this instant the token is refused (NULL: until revoked).
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_api_tokens_structure_uid", "structure_uid"),)
