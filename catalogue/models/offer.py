"""Structures and services: every data·inclusion v1 field, under its schema name, plus our
own additions (provenance, location and its precision, publication state) beside them.

``tests/catalogue/test_models.py`` checks that every field of the schema's pydantic models
has a column here, so a new schema version cannot be half-adopted silently.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from geoalchemy2 import Geography, WKBElement
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from catalogue.db import Base

TextArray = ARRAY(Text)

GEOCODING_PRECISIONS = ("source", "adresse", "rue", "commune")
PUBLICATION_STATUSES = ("published", "draft", "suspended")


class _Located:
    """Address fields of the schema, and where we located the record."""

    commune: Mapped[str | None]
    code_postal: Mapped[str | None] = mapped_column(String(5))
    code_insee: Mapped[str | None] = mapped_column(String(5))
    adresse: Mapped[str | None]
    complement_adresse: Mapped[str | None]
    longitude: Mapped[float | None]
    latitude: Mapped[float | None]
    telephone: Mapped[str | None]
    courriel: Mapped[str | None]
    horaires_accueil: Mapped[str | None]

    # Ours: the point used for distances, its precision, and the commune it lies in.
    location: Mapped[WKBElement | None] = mapped_column(
        Geography("POINT", srid=4326, spatial_index=False)
    )
    geocoding_precision: Mapped[str | None] = mapped_column(String(8))
    code_commune_resolu: Mapped[str | None] = mapped_column(String(5))
    # When the address geocoder placed it: its score, the BAN id and label it matched.
    geocoding_score: Mapped[float | None]
    geocoding_ban_id: Mapped[str | None]
    geocoding_label: Mapped[str | None]


class _Provenance:
    """Where a record comes from and how it has been seen over imports."""

    uid: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    source: Mapped[str]
    # The record's ``id`` in the data·inclusion schema (unique within its source).
    id: Mapped[str]
    content_hash: Mapped[str | None] = mapped_column(String(32))
    first_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    last_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    archived: Mapped[bool] = mapped_column(server_default=text("false"))

    @declared_attr
    def import_run_id(cls) -> Mapped[int | None]:  # noqa: N805 (SQLAlchemy passes the class)
        return mapped_column(ForeignKey("import_runs.id", ondelete="SET NULL"))


class Structure(_Provenance, _Located, Base):
    __tablename__ = "structures"

    nom: Mapped[str]
    date_maj: Mapped[date] = mapped_column(Date)
    description: Mapped[str | None]
    lien_source: Mapped[str | None]
    siret: Mapped[str | None] = mapped_column(String(14))
    site_web: Mapped[str | None]
    accessibilite_lieu: Mapped[str | None]
    reseaux_porteurs: Mapped[list[str] | None] = mapped_column(TextArray)
    # Ours, beside the schema's: identifiers of the site or its organisation in other
    # registers and sources (``safir:00310``, ``finess:…``, ``rna:W…``, ``dora:…``).
    identifiants: Mapped[list[str] | None] = mapped_column(TextArray)
    # What linking compares, derived by a trigger (``catalogue.records.duplicates``).
    nom_distinctif: Mapped[str | None]
    adresse_cle: Mapped[str | None]

    # The same structure listed more than once (by several sources, or by one): all
    # share the uid of the one representing them (``catalogue.records.linking``). NULL
    # when it stands alone.
    cluster_id: Mapped[uuid.UUID | None]

    services: Mapped[list[Service]] = relationship(back_populates="structure")

    __table_args__ = (
        UniqueConstraint("source", "id", name="uq_structures_source_id"),
        Index("ix_structures_location", "location", postgresql_using="gist"),
        Index("ix_structures_siret", "siret"),
        Index("ix_structures_cluster_id", "cluster_id"),
    )


class Service(_Provenance, _Located, Base):
    __tablename__ = "services"

    structure_uid: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structures.uid", ondelete="CASCADE")
    )
    structure_id: Mapped[str]
    nom: Mapped[str]
    description: Mapped[str]
    lien_source: Mapped[str | None]
    date_maj: Mapped[date] = mapped_column(Date)
    type: Mapped[str | None]
    thematiques: Mapped[list[str] | None] = mapped_column(TextArray)
    frais: Mapped[str | None]
    frais_precisions: Mapped[str | None]
    publics: Mapped[list[str] | None] = mapped_column(TextArray)
    publics_precisions: Mapped[str | None]
    conditions_acces: Mapped[str | None]
    modes_accueil: Mapped[list[str] | None] = mapped_column(TextArray)
    zone_eligibilite: Mapped[list[str] | None] = mapped_column(TextArray)
    contact_nom_prenom: Mapped[str | None]
    lien_mobilisation: Mapped[str | None]
    modes_mobilisation: Mapped[list[str] | None] = mapped_column(TextArray)
    mobilisable_par: Mapped[list[str] | None] = mapped_column(TextArray)
    mobilisation_precisions: Mapped[str | None]
    volume_horaire_hebdomadaire: Mapped[float | None]
    nombre_semaines: Mapped[int | None]

    # Ours, derived from thématiques at write time (catalogue.vocabulary) for filters/facets.
    freins: Mapped[list[str]] = mapped_column(TextArray, server_default=text("'{}'"))
    categories: Mapped[list[str]] = mapped_column(TextArray, server_default=text("'{}'"))
    publication_status: Mapped[str] = mapped_column(String(10), server_default=text("'published'"))
    # Labels of its thématiques, categories and freins, for text search (set on write).
    libelles: Mapped[str | None] = mapped_column(Text)
    # Derived from the name, labels, description and structure's name (French full
    # text, sort key): by the catalogue's triggers, or while staging a bulk import.
    # Defined in catalogue/search_fields.py.
    search_vector: Mapped[str | None] = mapped_column(TSVECTOR)
    nom_tri: Mapped[str | None] = mapped_column(Text)
    # The service it duplicates, offered by the representative of its structure's cluster.
    doublon_de: Mapped[uuid.UUID | None]
    # Closed from that day to that day included, or for good without an end: what the
    # source says (catalogue/records/closures.py).
    fermeture_debut: Mapped[date | None] = mapped_column(Date)
    fermeture_fin: Mapped[date | None] = mapped_column(Date)

    structure: Mapped[Structure] = relationship(back_populates="services")

    __table_args__ = (
        UniqueConstraint("source", "id", name="uq_services_source_id"),
        CheckConstraint(
            "publication_status IN ('published', 'draft', 'suspended')",
            name="publication_status",
        ),
        CheckConstraint(
            "geocoding_precision IN ('source', 'adresse', 'rue', 'commune')",
            name="geocoding_precision",
        ),
        Index("ix_services_location", "location", postgresql_using="gist"),
        Index("ix_services_thematiques", "thematiques", postgresql_using="gin"),
        Index("ix_services_freins", "freins", postgresql_using="gin"),
        Index("ix_services_zone_eligibilite", "zone_eligibilite", postgresql_using="gin"),
        Index("ix_services_publics", "publics", postgresql_using="gin"),
        Index("ix_services_structure_uid", "structure_uid"),
        Index("ix_services_search_vector", "search_vector", postgresql_using="gin"),
        # Not indexed, but searches filter or sort on them (statistics after a bulk load).
        {
            "info": {
                "filtered": (
                    "publication_status",
                    "archived",
                    "frais",
                    "type",
                    "modes_accueil",
                    "doublon_de",
                    "nom_tri",
                    "fermeture_debut",
                )
            },
            # A row with its search vector is ~2 kB: kept whole, not TOASTed (migration 0010).
            "postgresql_with": {"toast_tuple_target": 4080},
        },
    )
