"""Bulk imports compute the search fields of the services they update, too; the
statement triggers plan their joins of transition tables for the rows at hand.

Migration 0008 moved the search vectors of *new* services to the connections that stage
them; updated services still got theirs from the catalogue's per-row trigger, on the
import's own backend (a re-import after a ``DERIVATION_VERSION`` bump: a dozen seconds
there, at national scale). Now:

- the per-row trigger leaves the search fields alone in a transaction that says it
  writes them itself (``maillage.champs_par_lots``, set by ``importers.bulk``), as the
  lexicon's trigger already does;
- a renamed structure's services get their new vector from the structures' trigger
  itself, set-based, instead of through an ``UPDATE`` that relied on the per-row trigger
  (which a bulk import now turns off);
- the statement triggers that join ``new_rows`` to ``old_rows`` run that join through
  ``EXECUTE``, planned for the rows of each statement. PL/pgSQL kept the plan of its
  first call: when that call saw empty transition tables (an update of no service), the
  plan was a nested loop, and a later update of 20,000 services compared 400 million
  pairs — four minutes of a national re-import.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_FIELDS = """
CREATE OR REPLACE FUNCTION public.maillage_services_search_fields() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('maillage.champs_par_lots', true) = 'on' THEN
        RETURN NEW;
    END IF;
    NEW.search_vector := public.maillage_service_search_vector(
        NEW.nom,
        (SELECT nom FROM structures WHERE uid = NEW.structure_uid),
        NEW.libelles,
        NEW.description);
    NEW.nom_tri := public.maillage_fold(NEW.nom);
    RETURN NEW;
END $$
"""

STRUCTURES_RENAMED = """
CREATE OR REPLACE FUNCTION public.maillage_structures_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE $q$
        UPDATE services s
           SET search_vector = public.maillage_service_search_vector(
                   s.nom, n.nom, s.libelles, s.description)
          FROM new_rows n JOIN old_rows o ON o.uid = n.uid
         WHERE s.structure_uid = n.uid AND n.nom IS DISTINCT FROM o.nom
    $q$;
    EXECUTE $q$
        INSERT INTO outbox (service_uid)
        SELECT s.uid FROM services s
          JOIN new_rows n ON s.structure_uid = n.uid
          JOIN old_rows o ON o.uid = n.uid
         WHERE n.updated_at IS DISTINCT FROM o.updated_at
    $q$;
    RETURN NULL;
END $$
"""

SERVICES_UPDATED = """
CREATE OR REPLACE FUNCTION public.maillage_services_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE $q$
        INSERT INTO outbox (service_uid)
        SELECT n.uid FROM new_rows n JOIN old_rows o ON o.uid = n.uid
         WHERE n.updated_at IS DISTINCT FROM o.updated_at
            OR n.archived IS DISTINCT FROM o.archived
            OR n.publication_status IS DISTINCT FROM o.publication_status
    $q$;
    RETURN NULL;
END $$
"""

# As migrations 0007 and 0002 left them.
PREVIOUS_SERVICES_UPDATED = """
CREATE OR REPLACE FUNCTION public.maillage_services_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox (service_uid)
    SELECT n.uid FROM new_rows n JOIN old_rows o ON o.uid = n.uid
     WHERE n.updated_at IS DISTINCT FROM o.updated_at
        OR n.archived IS DISTINCT FROM o.archived
        OR n.publication_status IS DISTINCT FROM o.publication_status;
    RETURN NULL;
END $$
"""

PREVIOUS_SEARCH_FIELDS = """
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

PREVIOUS_STRUCTURES_RENAMED = """
CREATE OR REPLACE FUNCTION public.maillage_structures_renamed() RETURNS trigger
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
"""


def upgrade() -> None:
    for function in (SEARCH_FIELDS, STRUCTURES_RENAMED, SERVICES_UPDATED):
        op.execute(function)


def downgrade() -> None:
    for function in (
        PREVIOUS_SEARCH_FIELDS,
        PREVIOUS_STRUCTURES_RENAMED,
        PREVIOUS_SERVICES_UPDATED,
    ):
        op.execute(function)
