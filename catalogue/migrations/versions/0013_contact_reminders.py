"""Freshness reminders to the contact address of imported services no account manages,
and the contact's confirmation.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_reminders",
        sa.Column("service_uid", sa.Uuid(), nullable=False),
        sa.Column("courriel", sa.String(), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["service_uid"],
            ["services.uid"],
            name=op.f("fk_contact_reminders_service_uid_services"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("service_uid", name=op.f("pk_contact_reminders")),
    )


def downgrade() -> None:
    op.drop_table("contact_reminders")
