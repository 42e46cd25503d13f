"""Cross-source links: structures clustered across sources, services marked as duplicates.

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
    op.drop_index("ix_communes_nom_normalise_prefix", table_name="communes")
    op.drop_column("services", "doublon_de")
    op.drop_index("ix_structures_cluster_id", table_name="structures")
    op.drop_column("structures", "cluster_id")
