"""Faster bulk imports: search fields computed set-based, sightings updated in place.

- The services' search vector is one SQL function now, used by the per-row trigger and,
  set-based, by bulk inserts (``importers.pipeline.staging``): the trigger skips an
  inserted row that already carries its vector. Computed row by row in PL/pgSQL it cost
  twice as much.
- The lexicon's words are one SQL function too; bulk imports fill it themselves.
- ``sightings`` loses its index on ``import_run_id``: no query needs it, and without it
  a re-import updates each sighting in place (HOT) instead of writing two index entries.

The definitions are ``catalogue.search_fields``'s, current ones: a later migration that
changes one keeps what it replaces for its downgrade.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

from catalogue import search_fields

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Historical: the current assignments, before migration 0009 made them skippable
# (``search_fields.FIELDS_SUPPLIED``).
TRIGGER_FUNCTION = search_fields.trigger_function(
    "maillage_services_search_fields", search_fields.FIELDS_OF_NEW_CATALOGUE_SERVICE
)

UPGRADE = [
    search_fields.SEARCH_VECTOR.create,
    TRIGGER_FUNCTION,
    # The lexicon's words of a service, in one place for the trigger and for bulk
    # imports, which fill the lexicon from their staging connections (work off the
    # import's own, busy, backend) and turn the trigger off for their transaction.
    search_fields.LEXICON_WORDS.create,
    search_fields.LEXICON_ADD.create,
    "DROP TRIGGER services_search_fields ON services",
    search_fields.SEARCH_FIELDS_INSERTED.create,
    search_fields.SEARCH_FIELDS_UPDATED.create,
]

DOWNGRADE = [
    search_fields.SEARCH_FIELDS_UPDATED.drop,
    search_fields.SEARCH_FIELDS_INSERTED.drop,
    # As migration 0002 left it.
    """
    CREATE TRIGGER services_search_fields
    BEFORE INSERT OR UPDATE OF nom, libelles, description, structure_uid ON services
    FOR EACH ROW EXECUTE FUNCTION public.maillage_services_search_fields()
    """,
    # The trigger functions keep calling the shared functions: they all stay.
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)
    op.drop_index("ix_sightings_import_run_id", table_name="sightings")


def downgrade() -> None:
    op.create_index("ix_sightings_import_run_id", "sightings", ["import_run_id"])
    for statement in DOWNGRADE:
        op.execute(statement)
