"""Import runs: who imported what, when, with which outcome."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, Identity, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base


class Sighting(Base):
    """The last import run whose source listed a record (structure or service) without
    changing it (a record written by a run carries that run in its own row)."""

    __tablename__ = "sightings"

    uid: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    import_run_id: Mapped[int]
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = ({"postgresql_with": {"fillfactor": 50}},)


class ImportRun(Base):
    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(Identity(), primary_key=True)
    kind: Mapped[str]
    source: Mapped[str | None]
    path: Mapped[str]
    full: Mapped[bool] = mapped_column(default=False)
    started_by: Mapped[str]
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # {"structures": {"lus": .., "crees": ..}, "services": {...}}
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    rejections: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    error: Mapped[str | None]
