"""Address geocoding: the precision ``rue``, what the geocoder matched (score, BAN id,
label) on structures and services, and its answers cached by normalised address.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PRECISIONS = "geocoding_precision IN ('source', 'adresse', '{}commune')"


def upgrade() -> None:
    for table in ("structures", "services"):
        op.add_column(table, sa.Column("geocoding_score", sa.Float(), nullable=True))
        op.add_column(table, sa.Column("geocoding_ban_id", sa.String(), nullable=True))
        op.add_column(table, sa.Column("geocoding_label", sa.String(), nullable=True))
    op.drop_constraint(op.f("ck_services_geocoding_precision"), "services", type_="check")
    op.create_check_constraint(
        op.f("ck_services_geocoding_precision"), "services", _PRECISIONS.format("rue', '")
    )
    op.create_table(
        "geocoding_cache",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("type", sa.String(), nullable=True),
        sa.Column("ban_id", sa.String(), nullable=True),
        sa.Column("label", sa.String(), nullable=True),
        sa.Column("citycode", sa.String(), nullable=True),
        sa.Column(
            "geocoded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_geocoding_cache")),
    )


def downgrade() -> None:
    op.drop_table("geocoding_cache")
    op.execute(
        "UPDATE services SET geocoding_precision = 'commune' WHERE geocoding_precision = 'rue'"
    )
    op.drop_constraint(op.f("ck_services_geocoding_precision"), "services", type_="check")
    op.create_check_constraint(
        op.f("ck_services_geocoding_precision"), "services", _PRECISIONS.format("")
    )
    for table in ("structures", "services"):
        for column in ("geocoding_label", "geocoding_ban_id", "geocoding_score"):
            op.drop_column(table, column)
