"""Search fields on services (French full text), a lexicon for typos, outbox triggers.

The outbox is written by triggers so that *every* change of what search sees — from an
import, a structure's own edit or a hand-made fix — queues its service in the same
transaction, whatever code made it. Statement-level triggers with transition tables
keep bulk imports fast. By convention ``updated_at`` moves only when content changes
(a re-import of an unchanged record only touches ``last_seen_at``).

The search fields' definitions that are still current come from
``catalogue.search_fields``; those later migrations replaced are kept here as they were.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from catalogue import search_fields

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS fuzzystrmatch",
    # French stemming that ignores accents: « creche » finds « crèche ».
    "CREATE TEXT SEARCH CONFIGURATION public.fr (COPY = pg_catalog.french)",
    "ALTER TEXT SEARCH CONFIGURATION public.fr "
    "ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, french_stem",
    search_fields.FOLD.create,
    # Great-circle distance on the sphere Meilisearch uses (R = 6,371 km), so that both
    # search backends agree on every distance and radius, to the metre.
    """
    CREATE FUNCTION public.maillage_distance_m(location geography, lat float8, lon float8)
    RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
        SELECT 2 * 6371000 * asin(sqrt(
            sin(radians(ST_Y(location::geometry) - lat) / 2) ^ 2
            + cos(radians(lat)) * cos(radians(ST_Y(location::geometry)))
              * sin(radians(ST_X(location::geometry) - lon) / 2) ^ 2))
    $$
    """,
    # Historical: replaced by migrations 0007 and 0009.
    """
    CREATE FUNCTION public.maillage_services_search_fields() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
        structure_nom text;
    BEGIN
        SELECT nom INTO structure_nom FROM structures WHERE uid = NEW.structure_uid;
        NEW.search_vector :=
            setweight(to_tsvector('public.fr', coalesce(NEW.nom, '')), 'A') ||
            setweight(to_tsvector('public.fr',
                concat_ws(' ', structure_nom, NEW.libelles)), 'B') ||
            setweight(to_tsvector('public.fr', coalesce(NEW.description, '')), 'C');
        NEW.nom_tri := public.maillage_fold(NEW.nom);
        RETURN NEW;
    END $$
    """,
    # Typo tolerance: query words are matched, by edit distance, against the words of
    # the catalogue (a small table with a trigram index), then searched exactly in the
    # full-text index. Far cheaper than a trigram index over every description.
    "CREATE TABLE lexique (mot text PRIMARY KEY)",
    "CREATE INDEX ix_lexique_mot_trgm ON lexique USING gin (mot gin_trgm_ops)",
    # Historical: replaced by migration 0007.
    """
    CREATE FUNCTION public.maillage_lexicon_add() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO lexique (mot)
        SELECT DISTINCT w FROM new_rows n,
               regexp_split_to_table(public.maillage_fold(
                   concat_ws(' ', n.nom, n.libelles, n.description)), '[^a-z0-9]+') w
         WHERE length(w) >= 5
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$
    """,
    search_fields.LEXICON_INSERTED.create,
    search_fields.LEXICON_UPDATED.create,
    # Historical: replaced by migration 0007's two.
    """
    CREATE TRIGGER services_search_fields
    BEFORE INSERT OR UPDATE OF nom, libelles, description, structure_uid ON services
    FOR EACH ROW EXECUTE FUNCTION public.maillage_services_search_fields()
    """,
    # A structure renamed: its services' search text changes too. Historical: replaced
    # by migration 0009.
    """
    CREATE FUNCTION public.maillage_structures_renamed() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE services s SET libelles = s.libelles
          FROM new_rows n JOIN old_rows o ON o.uid = n.uid
         WHERE s.structure_uid = n.uid AND n.nom IS DISTINCT FROM o.nom;
        INSERT INTO outbox (service_uid)
        SELECT s.uid FROM services s
          JOIN new_rows n ON s.structure_uid = n.uid
          JOIN old_rows o ON o.uid = n.uid
         WHERE n.updated_at IS DISTINCT FROM o.updated_at;
        RETURN NULL;
    END $$
    """,
    search_fields.STRUCTURES_CHANGED.create,
    """
    CREATE FUNCTION public.maillage_services_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO outbox (service_uid) SELECT uid FROM new_rows;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER services_inserted AFTER INSERT ON services
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.maillage_services_inserted()
    """,
    """
    CREATE FUNCTION public.maillage_services_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO outbox (service_uid)
        SELECT n.uid FROM new_rows n JOIN old_rows o ON o.uid = n.uid
         WHERE n.updated_at IS DISTINCT FROM o.updated_at
            OR n.archived IS DISTINCT FROM o.archived
            OR n.publication_status IS DISTINCT FROM o.publication_status;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER services_updated AFTER UPDATE ON services
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.maillage_services_updated()
    """,
    """
    CREATE FUNCTION public.maillage_services_deleted() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO outbox (service_uid) SELECT uid FROM old_rows;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER services_deleted AFTER DELETE ON services
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.maillage_services_deleted()
    """,
]

DOWNGRADE = [
    search_fields.LEXICON_UPDATED.drop,
    search_fields.LEXICON_INSERTED.drop,
    search_fields.LEXICON_ADD.drop,
    "DROP TABLE lexique",
    "DROP TRIGGER services_deleted ON services",
    "DROP TRIGGER services_updated ON services",
    "DROP TRIGGER services_inserted ON services",
    search_fields.STRUCTURES_CHANGED.drop,
    "DROP TRIGGER services_search_fields ON services",
    "DROP FUNCTION public.maillage_services_deleted()",
    "DROP FUNCTION public.maillage_services_updated()",
    "DROP FUNCTION public.maillage_services_inserted()",
    search_fields.STRUCTURES_RENAMED.drop,
    search_fields.SERVICES_SEARCH_FIELDS.drop,
    search_fields.FOLD.drop,
    "DROP FUNCTION public.maillage_distance_m(geography, float8, float8)",
    "DROP TEXT SEARCH CONFIGURATION public.fr",
]


def upgrade() -> None:
    op.add_column("services", sa.Column("libelles", sa.Text(), nullable=True))
    op.add_column("services", sa.Column("nom_tri", sa.Text(), nullable=True))
    op.add_column("services", sa.Column("search_vector", postgresql.TSVECTOR(), nullable=True))
    for statement in UPGRADE:
        op.execute(statement)
    op.create_index(
        "ix_services_search_vector", "services", ["search_vector"], postgresql_using="gin"
    )
    # Recompute search fields of existing rows.
    op.execute("UPDATE services SET libelles = libelles")


def downgrade() -> None:
    op.drop_index("ix_services_search_vector", table_name="services")
    for statement in DOWNGRADE:
        op.execute(statement)
    for column in ("search_vector", "nom_tri", "libelles"):
        op.drop_column("services", column)
