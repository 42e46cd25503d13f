"""What the address geocoder answered, by normalised address: a re-import asks it
nothing it was already asked (answers that were refused included)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, func
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base


class GeocodedAddress(Base):
    __tablename__ = "geocoding_cache"

    # The commune's INSEE code and the address, normalised (``importers`` builds it).
    key: Mapped[str] = mapped_column(primary_key=True)
    # All empty when the geocoder found nothing.
    longitude: Mapped[float | None]
    latitude: Mapped[float | None]
    score: Mapped[float | None]
    type: Mapped[str | None]  # housenumber, street, locality, municipality
    ban_id: Mapped[str | None]
    label: Mapped[str | None]
    citycode: Mapped[str | None]
    geocoded_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
