"""Linking structures: their identifiers in other registers, what linking compares
(kept by a trigger), and moderators' decisions.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from catalogue.records import duplicates

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for function in duplicates.FUNCTIONS:
        op.execute(function.create)
    op.add_column("structures", sa.Column("identifiants", postgresql.ARRAY(sa.Text())))
    for name in duplicates.DERIVED_COLUMNS:
        op.add_column("structures", sa.Column(name, sa.String()))
    for trigger in duplicates.TRIGGERS:
        op.execute(trigger.create)
    op.execute("UPDATE structures SET nom = nom")  # the link fields of those already there
    op.create_table(
        "link_decisions",
        sa.Column("uid_a", sa.Uuid(), nullable=False),
        sa.Column("uid_b", sa.Uuid(), nullable=False),
        sa.Column("same", sa.Boolean(), nullable=False),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column(
            "decided_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.CheckConstraint("uid_a < uid_b", name=op.f("ck_link_decisions_ordered")),
        sa.ForeignKeyConstraint(
            ["uid_a"],
            ["structures.uid"],
            name=op.f("fk_link_decisions_uid_a_structures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uid_b"],
            ["structures.uid"],
            name=op.f("fk_link_decisions_uid_b_structures"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_link_decisions_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("uid_a", "uid_b", name=op.f("pk_link_decisions")),
    )


def downgrade() -> None:
    op.drop_table("link_decisions")
    for trigger in duplicates.TRIGGERS:
        op.execute(trigger.drop)
    for column in (*duplicates.DERIVED_COLUMNS, "identifiants"):
        op.drop_column("structures", column)
    for function in reversed(duplicates.FUNCTIONS):
        op.execute(function.drop)
