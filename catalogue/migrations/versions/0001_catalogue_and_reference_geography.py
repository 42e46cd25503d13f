"""catalogue and reference geography

Revision ID: 0001
Revises:
Create Date: 2026-11-22 08:22:28.689605
"""

from collections.abc import Sequence

import geoalchemy2
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "epcis",
        sa.Column("siren", sa.String(length=9), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("type", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("siren", name=op.f("pk_epcis")),
    )
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("full", sa.Boolean(), nullable=False),
        sa.Column("started_by", sa.String(), nullable=False),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("counts", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("rejections", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("error", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_runs")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("service_uid", sa.Uuid(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    op.create_index("ix_outbox_service_uid", "outbox", ["service_uid"], unique=False)
    op.create_table(
        "reference_datasets",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column(
            "loaded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_reference_datasets")),
    )
    op.create_table(
        "regions",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_regions")),
    )
    op.create_table(
        "departements",
        sa.Column("code", sa.String(length=3), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("region_code", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_departements_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_departements")),
    )
    op.create_table(
        "structures",
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("date_maj", sa.Date(), nullable=False),
        sa.Column("description", sa.String(), nullable=True),
        sa.Column("lien_source", sa.String(), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("site_web", sa.String(), nullable=True),
        sa.Column("accessibilite_lieu", sa.String(), nullable=True),
        sa.Column("reseaux_porteurs", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column(
            "first_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "last_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("archived", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("commune", sa.String(), nullable=True),
        sa.Column("code_postal", sa.String(length=5), nullable=True),
        sa.Column("code_insee", sa.String(length=5), nullable=True),
        sa.Column("adresse", sa.String(), nullable=True),
        sa.Column("complement_adresse", sa.String(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("telephone", sa.String(), nullable=True),
        sa.Column("courriel", sa.String(), nullable=True),
        sa.Column("horaires_accueil", sa.String(), nullable=True),
        sa.Column(
            "location",
            geoalchemy2.types.Geography(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeogFromText",
                name="geography",
            ),
            nullable=True,
        ),
        sa.Column("geocoding_precision", sa.String(length=8), nullable=True),
        sa.Column("code_commune_resolu", sa.String(length=5), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_runs.id"],
            name=op.f("fk_structures_import_run_id_import_runs"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_structures")),
        sa.UniqueConstraint("source", "id", name="uq_structures_source_id"),
    )
    op.create_index(
        "ix_structures_location", "structures", ["location"], unique=False, postgresql_using="gist"
    )
    op.create_index("ix_structures_siret", "structures", ["siret"], unique=False)
    op.create_table(
        "communes",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("nom_normalise", sa.String(), nullable=False),
        sa.Column("type", sa.String(length=3), nullable=False),
        sa.Column("parent_code", sa.String(length=5), nullable=True),
        sa.Column("departement_code", sa.String(length=3), nullable=False),
        sa.Column("region_code", sa.String(length=3), nullable=False),
        sa.Column("epci_siren", sa.String(length=9), nullable=True),
        sa.Column("population", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column(
            "codes_postaux",
            postgresql.ARRAY(sa.String(length=5)),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "contour",
            geoalchemy2.types.Geometry(
                geometry_type="MULTIPOLYGON",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
            ),
            nullable=True,
        ),
        sa.Column(
            "point",
            geoalchemy2.types.Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("point_origine", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["departement_code"],
            ["departements.code"],
            name=op.f("fk_communes_departement_code_departements"),
        ),
        sa.ForeignKeyConstraint(
            ["epci_siren"], ["epcis.siren"], name=op.f("fk_communes_epci_siren_epcis")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["regions.code"], name=op.f("fk_communes_region_code_regions")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_communes")),
    )
    op.create_index(
        "ix_communes_codes_postaux",
        "communes",
        ["codes_postaux"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "ix_communes_contour", "communes", ["contour"], unique=False, postgresql_using="gist"
    )
    op.create_index("ix_communes_departement_code", "communes", ["departement_code"], unique=False)
    op.create_index("ix_communes_nom_normalise", "communes", ["nom_normalise"], unique=False)
    op.create_table(
        "services",
        sa.Column("structure_uid", sa.Uuid(), nullable=False),
        sa.Column("structure_id", sa.String(), nullable=False),
        sa.Column("nom", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("lien_source", sa.String(), nullable=True),
        sa.Column("date_maj", sa.Date(), nullable=False),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("thematiques", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("frais", sa.String(), nullable=True),
        sa.Column("frais_precisions", sa.String(), nullable=True),
        sa.Column("publics", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("publics_precisions", sa.String(), nullable=True),
        sa.Column("conditions_acces", sa.String(), nullable=True),
        sa.Column("modes_accueil", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("zone_eligibilite", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("contact_nom_prenom", sa.String(), nullable=True),
        sa.Column("lien_mobilisation", sa.String(), nullable=True),
        sa.Column("modes_mobilisation", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("mobilisable_par", postgresql.ARRAY(sa.Text()), nullable=True),
        sa.Column("mobilisation_precisions", sa.String(), nullable=True),
        sa.Column("volume_horaire_hebdomadaire", sa.Double(), nullable=True),
        sa.Column("nombre_semaines", sa.Integer(), nullable=True),
        sa.Column(
            "freins", postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'"), nullable=False
        ),
        sa.Column(
            "categories",
            postgresql.ARRAY(sa.Text()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "publication_status",
            sa.String(length=10),
            server_default=sa.text("'published'"),
            nullable=False,
        ),
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(length=32), nullable=True),
        sa.Column(
            "first_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "last_seen_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("archived", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=True),
        sa.Column("commune", sa.String(), nullable=True),
        sa.Column("code_postal", sa.String(length=5), nullable=True),
        sa.Column("code_insee", sa.String(length=5), nullable=True),
        sa.Column("adresse", sa.String(), nullable=True),
        sa.Column("complement_adresse", sa.String(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("telephone", sa.String(), nullable=True),
        sa.Column("courriel", sa.String(), nullable=True),
        sa.Column("horaires_accueil", sa.String(), nullable=True),
        sa.Column(
            "location",
            geoalchemy2.types.Geography(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeogFromText",
                name="geography",
            ),
            nullable=True,
        ),
        sa.Column("geocoding_precision", sa.String(length=8), nullable=True),
        sa.Column("code_commune_resolu", sa.String(length=5), nullable=True),
        sa.CheckConstraint(
            "geocoding_precision IN ('source', 'adresse', 'commune')",
            name=op.f("ck_services_geocoding_precision"),
        ),
        sa.CheckConstraint(
            "publication_status IN ('published', 'draft', 'suspended')",
            name=op.f("ck_services_publication_status"),
        ),
        sa.ForeignKeyConstraint(
            ["import_run_id"],
            ["import_runs.id"],
            name=op.f("fk_services_import_run_id_import_runs"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["structure_uid"],
            ["structures.uid"],
            name=op.f("fk_services_structure_uid_structures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_services")),
        sa.UniqueConstraint("source", "id", name="uq_services_source_id"),
    )
    op.create_index(
        "ix_services_freins", "services", ["freins"], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_services_location", "services", ["location"], unique=False, postgresql_using="gist"
    )
    op.create_index(
        "ix_services_publics", "services", ["publics"], unique=False, postgresql_using="gin"
    )
    op.create_index("ix_services_structure_uid", "services", ["structure_uid"], unique=False)
    op.create_index(
        "ix_services_thematiques", "services", ["thematiques"], unique=False, postgresql_using="gin"
    )
    op.create_index(
        "ix_services_zone_eligibilite",
        "services",
        ["zone_eligibilite"],
        unique=False,
        postgresql_using="gin",
    )


def downgrade() -> None:
    op.drop_index("ix_services_zone_eligibilite", table_name="services", postgresql_using="gin")
    op.drop_index("ix_services_thematiques", table_name="services", postgresql_using="gin")
    op.drop_index("ix_services_structure_uid", table_name="services")
    op.drop_index("ix_services_publics", table_name="services", postgresql_using="gin")
    op.drop_index("ix_services_location", table_name="services", postgresql_using="gist")
    op.drop_index("ix_services_freins", table_name="services", postgresql_using="gin")
    op.drop_table("services")
    op.drop_index("ix_communes_nom_normalise", table_name="communes")
    op.drop_index("ix_communes_departement_code", table_name="communes")
    op.drop_index("ix_communes_contour", table_name="communes", postgresql_using="gist")
    op.drop_index("ix_communes_codes_postaux", table_name="communes", postgresql_using="gin")
    op.drop_table("communes")
    op.drop_index("ix_structures_siret", table_name="structures")
    op.drop_index("ix_structures_location", table_name="structures", postgresql_using="gist")
    op.drop_table("structures")
    op.drop_table("departements")
    op.drop_table("regions")
    op.drop_table("reference_datasets")
    op.drop_index("ix_outbox_service_uid", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("import_runs")
    op.drop_table("epcis")
