"""The outbox: written in the same transaction as every catalogue change that search sees,
drained by the indexer into Meilisearch (so a Meilisearch outage loses nothing)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, Identity, Index, func
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base


class OutboxEntry(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    service_uid: Mapped[uuid.UUID]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_outbox_service_uid", "service_uid"),)
