"""Reference geography: régions, départements, EPCI and communes (with Paris/Lyon/Marseille
arrondissements, which sources use as INSEE codes)."""

from __future__ import annotations

from geoalchemy2 import Geometry, WKBElement
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from catalogue.db import Base


class Region(Base):
    __tablename__ = "regions"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    nom: Mapped[str]


class Departement(Base):
    __tablename__ = "departements"

    code: Mapped[str] = mapped_column(String(3), primary_key=True)
    nom: Mapped[str]
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))


class Epci(Base):
    __tablename__ = "epcis"

    siren: Mapped[str] = mapped_column(String(9), primary_key=True)
    nom: Mapped[str]
    type: Mapped[str] = mapped_column(String(8))


class Commune(Base):
    """A commune (``type='COM'``) or a municipal arrondissement (``type='ARM'``)."""

    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)
    nom: Mapped[str]
    # Lower-case ASCII, "saint" spelled out, no punctuation: see catalogue.geography.names.
    nom_normalise: Mapped[str]
    type: Mapped[str] = mapped_column(String(3))
    # For an arrondissement, the commune it belongs to (13201 → 13055).
    parent_code: Mapped[str | None] = mapped_column(String(5))
    departement_code: Mapped[str] = mapped_column(ForeignKey("departements.code"))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    epci_siren: Mapped[str | None] = mapped_column(ForeignKey("epcis.siren"))
    population: Mapped[int] = mapped_column(server_default=text("0"))
    codes_postaux: Mapped[list[str]] = mapped_column(ARRAY(String(5)), server_default=text("'{}'"))
    contour: Mapped[WKBElement | None] = mapped_column(
        Geometry("MULTIPOLYGON", srid=4326, spatial_index=False)
    )
    # Where people are: the town hall when known, else a point on the contour's surface.
    point: Mapped[WKBElement] = mapped_column(Geometry("POINT", srid=4326, spatial_index=False))
    point_origine: Mapped[str] = mapped_column(String(8))

    __table_args__ = (
        Index("ix_communes_contour", "contour", postgresql_using="gist"),
        Index("ix_communes_codes_postaux", "codes_postaux", postgresql_using="gin"),
        Index("ix_communes_nom_normalise", "nom_normalise"),
        Index(
            "ix_communes_nom_normalise_prefix",
            "nom_normalise",
            postgresql_ops={"nom_normalise": "text_pattern_ops"},
        ),
        Index("ix_communes_departement_code", "departement_code"),
    )
