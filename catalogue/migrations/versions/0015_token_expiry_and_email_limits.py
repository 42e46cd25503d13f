"""API tokens may expire; confirmation and reset emails are counted, to limit them.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(timezone=True)))
    op.create_table(
        "account_emails",
        sa.Column("id", sa.Integer(), sa.Identity(always=False), nullable=False),
        sa.Column("address_digest", sa.String(length=64), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column(
            "sent_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_emails")),
    )
    op.create_index(
        "ix_account_emails_address_digest", "account_emails", ["address_digest", "sent_at"]
    )
    op.create_index("ix_account_emails_ip", "account_emails", ["ip", "sent_at"])


def downgrade() -> None:
    op.drop_table("account_emails")
    op.drop_column("api_tokens", "expires_at")
