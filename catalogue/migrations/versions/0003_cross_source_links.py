"""Cross-source links (structures clustered across sources, services marked as
duplicates) and sightings (when each imported record was last listed by its source).

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One narrow row per imported record: re-importing an unchanged national dump then
    # rewrites these, not the wide, heavily indexed rows of structures and services.
    op.create_table(
        "sightings",
        sa.Column("uid", sa.Uuid(), nullable=False),
        sa.Column("import_run_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_sightings")),
        postgresql_with={"fillfactor": 50},
    )
    op.create_index("ix_sightings_import_run_id", "sightings", ["import_run_id"])
    op.add_column("structures", sa.Column("cluster_id", sa.Uuid(), nullable=True))
    op.create_index("ix_structures_cluster_id", "structures", ["cluster_id"])
    op.add_column("services", sa.Column("doublon_de", sa.Uuid(), nullable=True))
    # Autocomplete by the start of a name (LIKE 'prefix%') whatever the collation.
    op.create_index(
        "ix_communes_nom_normalise_prefix",
        "communes",
        ["nom_normalise"],
        postgresql_ops={"nom_normalise": "text_pattern_ops"},
    )


def downgrade() -> None:
    op.drop_table("sightings")
    op.drop_index("ix_communes_nom_normalise_prefix", table_name="communes")
    op.drop_column("services", "doublon_de")
    op.drop_index("ix_structures_cluster_id", table_name="structures")
    op.drop_column("structures", "cluster_id")
