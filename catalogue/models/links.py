"""Moderators' decisions on linked structures, kept across imports."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, func
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base


class LinkDecision(Base):
    """Two structures a moderator said are the same place (``same``), or not: linking
    follows the word of a person over its own rules, at every import."""

    __tablename__ = "link_decisions"

    uid_a: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structures.uid", ondelete="CASCADE"), primary_key=True
    )
    uid_b: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structures.uid", ondelete="CASCADE"), primary_key=True
    )
    same: Mapped[bool]
    decided_by: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (CheckConstraint("uid_a < uid_b", name="ordered"),)
