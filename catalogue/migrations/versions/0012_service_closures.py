"""Services' closures: from ``fermeture_debut`` to ``fermeture_fin`` included (no end: for
good), as the sources date them.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("services", sa.Column("fermeture_debut", sa.Date(), nullable=True))
    op.add_column("services", sa.Column("fermeture_fin", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("services", "fermeture_fin")
    op.drop_column("services", "fermeture_debut")
