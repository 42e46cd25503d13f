"""Bulk imports compute the services' search fields while staging them.

Turning 150,000 descriptions into a French search vector is a dozen seconds of one
PostgreSQL backend: done by the import's own transaction, it held every other step of a
national import behind it. The connections that stage batches (several, side by side)
now compute it as the rows arrive, with the name of the service's structure carried in
the staging table (``importers.pipeline.staging``); the import's transaction copies the result. Same
function as the catalogue's own trigger, so the same vector
(``catalogue.search_fields.STAGED_SEARCH_FIELDS``).

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

from alembic import op

from catalogue import search_fields

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(search_fields.STAGED_SEARCH_FIELDS.create)


def downgrade() -> None:
    op.execute(search_fields.STAGED_SEARCH_FIELDS.drop)
