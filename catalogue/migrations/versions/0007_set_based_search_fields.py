"""Faster bulk imports: search fields computed set-based, sightings updated in place.

- The services' search vector is one SQL function now, used by the per-row trigger and,
  set-based, by bulk inserts (``importers.bulk``): the trigger skips an inserted row that
  already carries its vector. Computed row by row in PL/pgSQL it cost twice as much.
- The lexicon's words are one SQL function too; bulk imports fill it themselves (see
  ``LEXICON_WORDS``).
- ``sightings`` loses its index on ``import_run_id``: no query needs it, and without it
  a re-import updates each sighting in place (HOT) instead of writing two index entries.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_VECTOR = """
CREATE FUNCTION public.maillage_service_search_vector(
    nom text, structure_nom text, libelles text, description text
) RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('public.fr', coalesce(nom, '')), 'A') ||
           setweight(to_tsvector('public.fr', concat_ws(' ', structure_nom, libelles)), 'B') ||
           setweight(to_tsvector('public.fr', coalesce(description, '')), 'C')
$$
"""

TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION public.maillage_services_search_fields() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := public.maillage_service_search_vector(
        NEW.nom,
        (SELECT nom FROM structures WHERE uid = NEW.structure_uid),
        NEW.libelles,
        NEW.description);
    NEW.nom_tri := public.maillage_fold(NEW.nom);
    RETURN NEW;
END $$
"""

# The lexicon's words of a service, in one place for the trigger and for bulk imports,
# which fill the lexicon from their staging tables on a second connection (work off
# the import's own, busy, backend) and turn the trigger off for their transaction.
LEXICON_WORDS = """
CREATE FUNCTION public.maillage_lexicon_words(nom text, libelles text, description text)
RETURNS SETOF text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT w FROM regexp_split_to_table(
        public.maillage_fold(concat_ws(' ', nom, libelles, description)), '[^a-z0-9]+') w
     WHERE length(w) >= 5
$$
"""

LEXICON_TRIGGER_FUNCTION = """
CREATE OR REPLACE FUNCTION public.maillage_lexicon_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('maillage.lexique_par_lots', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO lexique (mot)
    SELECT DISTINCT w FROM new_rows n,
           public.maillage_lexicon_words(n.nom, n.libelles, n.description) w
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$
"""

UPGRADE = [
    SEARCH_VECTOR,
    TRIGGER_FUNCTION,
    LEXICON_WORDS,
    LEXICON_TRIGGER_FUNCTION,
    "DROP TRIGGER services_search_fields ON services",
    """
    CREATE TRIGGER services_search_fields_inserted BEFORE INSERT ON services
    FOR EACH ROW WHEN (NEW.search_vector IS NULL)
    EXECUTE FUNCTION public.maillage_services_search_fields()
    """,
    """
    CREATE TRIGGER services_search_fields_updated
    BEFORE UPDATE OF nom, libelles, description, structure_uid ON services
    FOR EACH ROW EXECUTE FUNCTION public.maillage_services_search_fields()
    """,
]

DOWNGRADE = [
    "DROP TRIGGER services_search_fields_updated ON services",
    "DROP TRIGGER services_search_fields_inserted ON services",
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
