"""Territory coordinators and the territories they coordinate.

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coordinator_territories",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("territory_code", sa.String(length=9), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_coordinator_territories_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "user_id", "territory_code", name=op.f("pk_coordinator_territories")
        ),
    )


def downgrade() -> None:
    op.drop_table("coordinator_territories")
