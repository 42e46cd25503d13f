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


def _trigger_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION public.{name}() RETURNS trigger\n"
        f"LANGUAGE plpgsql AS $$\nBEGIN\n{body}\nEND $$"
    )


def _planned_each_time(statement: str) -> str:
    """``statement`` run through ``EXECUTE``: planned for the transition tables at hand."""
    return f"    EXECUTE $q${statement}\n    $q$;\n"


_SEARCH_FIELDS = """
    NEW.search_vector := public.maillage_service_search_vector(
        NEW.nom,
        (SELECT nom FROM structures WHERE uid = NEW.structure_uid),
        NEW.libelles,
        NEW.description);
    NEW.nom_tri := public.maillage_fold(NEW.nom);
    RETURN NEW;"""
_SKIPPED_IN_BULK = """
    IF current_setting('maillage.champs_par_lots', true) = 'on' THEN
        RETURN NEW;
    END IF;"""

_OUTBOX_OF_UPDATED_SERVICES = """
    INSERT INTO outbox (service_uid)
    SELECT n.uid FROM new_rows n JOIN old_rows o ON o.uid = n.uid
     WHERE n.updated_at IS DISTINCT FROM o.updated_at
        OR n.archived IS DISTINCT FROM o.archived
        OR n.publication_status IS DISTINCT FROM o.publication_status"""

_OUTBOX_OF_UPDATED_STRUCTURES = """
    INSERT INTO outbox (service_uid)
    SELECT s.uid FROM services s
      JOIN new_rows n ON s.structure_uid = n.uid
      JOIN old_rows o ON o.uid = n.uid
     WHERE n.updated_at IS DISTINCT FROM o.updated_at"""
_RENAMED = """
      FROM new_rows n JOIN old_rows o ON o.uid = n.uid
     WHERE s.structure_uid = n.uid AND n.nom IS DISTINCT FROM o.nom"""
_VECTORS_OF_RENAMED = f"""
    UPDATE services s
       SET search_vector = public.maillage_service_search_vector(
               s.nom, n.nom, s.libelles, s.description){_RENAMED}"""
# Before: through the per-row trigger, which a bulk import now turns off.
_TRIGGERED_BY_RENAMED = f"UPDATE services s SET libelles = s.libelles {_RENAMED}"

UPGRADE = [
    _trigger_function("maillage_services_search_fields", _SKIPPED_IN_BULK + _SEARCH_FIELDS),
    _trigger_function(
        "maillage_structures_renamed",
        _planned_each_time(_VECTORS_OF_RENAMED)
        + _planned_each_time(_OUTBOX_OF_UPDATED_STRUCTURES)
        + "RETURN NULL;",
    ),
    _trigger_function(
        "maillage_services_updated",
        _planned_each_time(_OUTBOX_OF_UPDATED_SERVICES) + "RETURN NULL;",
    ),
]

# As migrations 0007 and 0002 left them.
DOWNGRADE = [
    _trigger_function("maillage_services_search_fields", _SEARCH_FIELDS),
    _trigger_function(
        "maillage_structures_renamed",
        f"{_TRIGGERED_BY_RENAMED}; {_OUTBOX_OF_UPDATED_STRUCTURES}; RETURN NULL;",
    ),
    _trigger_function("maillage_services_updated", f"{_OUTBOX_OF_UPDATED_SERVICES}; RETURN NULL;"),
]


def upgrade() -> None:
    for function in UPGRADE:
        op.execute(function)


def downgrade() -> None:
    for function in DOWNGRADE:
        op.execute(function)
