"""Which version of each reference dataset is loaded (so reloading is a no-op)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, func
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base


class ReferenceDataset(Base):
    __tablename__ = "reference_datasets"

    name: Mapped[str] = mapped_column(primary_key=True)
    version: Mapped[str]
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
