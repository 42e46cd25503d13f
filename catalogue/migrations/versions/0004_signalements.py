"""Reports from the public about a service or a structure (« Signaler une erreur »).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "signalements",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("service_uid", sa.Uuid(), nullable=True),
        sa.Column("structure_uid", sa.Uuid(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("courriel", sa.String(length=254), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "statut", sa.String(length=20), server_default=sa.text("'nouveau'"), nullable=False
        ),
        sa.CheckConstraint(
            "service_uid IS NOT NULL OR structure_uid IS NOT NULL",
            name=op.f("ck_signalements_cible"),
        ),
        sa.ForeignKeyConstraint(
            ["service_uid"],
            ["services.uid"],
            name=op.f("fk_signalements_service_uid_services"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["structure_uid"],
            ["structures.uid"],
            name=op.f("fk_signalements_structure_uid_structures"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signalements")),
    )
    op.create_index("ix_signalements_statut_created_at", "signalements", ["statut", "created_at"])
    op.create_index("ix_signalements_service_uid", "signalements", ["service_uid"])
    op.create_index("ix_signalements_structure_uid", "signalements", ["structure_uid"])


def downgrade() -> None:
    op.drop_table("signalements")
