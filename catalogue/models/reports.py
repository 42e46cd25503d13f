"""Reports from the public (« Signaler une erreur ») about a service or a structure.

Written by the pages, read by moderation; nothing else. ``statut`` starts as
``nouveau``; what follows is moderation's business.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Identity, Index, String, Text, func
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base


class Signalement(Base):
    __tablename__ = "signalements"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    service_uid: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("services.uid", ondelete="CASCADE")
    )
    structure_uid: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("structures.uid", ondelete="CASCADE")
    )
    message: Mapped[str] = mapped_column(Text)
    courriel: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    statut: Mapped[str] = mapped_column(String(20), server_default=sql_text("'nouveau'"))

    __table_args__ = (
        CheckConstraint("service_uid IS NOT NULL OR structure_uid IS NOT NULL", name="cible"),
        Index("ix_signalements_statut_created_at", "statut", "created_at"),
        Index("ix_signalements_service_uid", "service_uid"),
        Index("ix_signalements_structure_uid", "structure_uid"),
    )
