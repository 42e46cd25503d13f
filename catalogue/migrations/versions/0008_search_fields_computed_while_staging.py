"""Bulk imports compute the services' search fields while staging them.

Turning 150,000 descriptions into a French search vector is a dozen seconds of one
PostgreSQL backend: done by the import's own transaction, it held every other step of a
national import behind it. The connections that stage batches (several, side by side)
now compute it as the rows arrive, with the name of the service's structure carried in
the staging table (``importers.bulk``); the import's transaction copies the result. Same
function as the catalogue's own trigger, so the same vector.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAGED_SEARCH_FIELDS = """
CREATE FUNCTION public.maillage_staged_search_fields() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := public.maillage_service_search_vector(
        NEW.nom, NEW.structure_nom, NEW.libelles, NEW.description);
    NEW.nom_tri := public.maillage_fold(NEW.nom);
    RETURN NEW;
END $$
"""


def upgrade() -> None:
    op.execute(STAGED_SEARCH_FIELDS)


def downgrade() -> None:
    op.execute("DROP FUNCTION public.maillage_staged_search_fields()")
