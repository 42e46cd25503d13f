"""Services that structures manage themselves in Maillage, and who changed what.

A managed service is one created in the structure space or through the write API
(``source = 'maillage'``). When it takes over an imported service, ``replaces`` names
that one: it is suspended, and imports leave it alone from then on (importers/pipeline).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Identity, Index, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base

DEFAULT_UPDATE_FREQUENCY_MONTHS = 6
REVIEW_STATES = ("pending", "approved", "suspended")


class ContactReminder(Base):
    """The freshness reminder last sent to the contact address of an imported service no
    account manages, and the contact's word that it is still right (``confirmed_at``,
    through the link of that reminder: only its token's hash is kept)."""

    __tablename__ = "contact_reminders"

    service_uid: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("services.uid", ondelete="CASCADE"), primary_key=True
    )
    courriel: Mapped[str]
    reminded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    token_hash: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ManagedService(Base):
    __tablename__ = "managed_services"

    service_uid: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("services.uid", ondelete="CASCADE"), primary_key=True
    )
    structure_uid: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structures.uid", ondelete="CASCADE")
    )
    # Freshness: past ``verified_at`` + this many months, the service is « à vérifier ».
    update_frequency_months: Mapped[int] = mapped_column(
        server_default=text(str(DEFAULT_UPDATE_FREQUENCY_MONTHS))
    )
    verified_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    # When the last freshness reminder went out (the digest does not nag every day).
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A structure's first publication is reviewed by a moderator after it goes live.
    review: Mapped[str | None] = mapped_column(String(10))
    # The imported service this one took over (suspended since).
    replaces: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("services.uid", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("update_frequency_months BETWEEN 1 AND 24", name="frequency"),
        CheckConstraint("review IN ('pending', 'approved', 'suspended')", name="review"),
        Index("ix_managed_services_structure_uid", "structure_uid"),
    )


class ServiceHistory(Base):
    """One change of a managed service: who (a person or an API token), what, when."""

    __tablename__ = "service_history"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    service_uid: Mapped[uuid.UUID] = mapped_column(ForeignKey("services.uid", ondelete="CASCADE"))
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    api_token_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="SET NULL")
    )
    action: Mapped[str] = mapped_column(String(24))
    # {field: [before, after]} for edits; {} for status changes.
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default=text("'{}'"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_service_history_service_uid", "service_uid", "created_at"),)
