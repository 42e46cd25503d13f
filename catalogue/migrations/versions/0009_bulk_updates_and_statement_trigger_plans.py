"""Bulk imports compute the search fields of the services they update, too; the
statement triggers plan their joins of transition tables for the rows at hand.

Migration 0008 moved the search vectors of *new* services to the connections that stage
them; updated services still got theirs from the catalogue's per-row trigger, on the
import's own backend (a re-import after a ``DERIVATION_VERSION`` bump: a dozen seconds
there, at national scale). Now:

- the per-row trigger leaves the search fields alone in a transaction that says it
  writes them itself (``catalogue.search_fields.supply_fields``), as the lexicon's
  trigger already does;
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

from catalogue import search_fields
from catalogue.search_fields import planned_each_time, trigger_function

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The search fields' definitions this revision leaves installed, as of
# ``catalogue.search_fields.digest()``: changing one needs a migration that installs it
# and records the new digest.
SEARCH_FIELDS_DIGEST = "27994025eb02446f"

_OUTBOX_OF_UPDATED_SERVICES = """
    INSERT INTO outbox (service_uid)
    SELECT n.uid FROM new_rows n JOIN old_rows o ON o.uid = n.uid
     WHERE n.updated_at IS DISTINCT FROM o.updated_at
        OR n.archived IS DISTINCT FROM o.archived
        OR n.publication_status IS DISTINCT FROM o.publication_status"""
_SERVICES_UPDATED = "maillage_services_updated"

UPGRADE = [
    search_fields.SERVICES_SEARCH_FIELDS.create,
    search_fields.STRUCTURES_RENAMED.create,
    trigger_function(
        _SERVICES_UPDATED, planned_each_time(_OUTBOX_OF_UPDATED_SERVICES) + "RETURN NULL;"
    ),
]

# Historical, as migrations 0007 and 0002 left them: the search fields' trigger without
# its switch, the structures' renamed through the per-row trigger (which a bulk import
# now turns off), the outbox's joins planned once.
_TRIGGERED_BY_RENAMED = (
    f"UPDATE services s SET libelles = s.libelles {search_fields.RENAMED_STRUCTURES}"
)
DOWNGRADE = [
    trigger_function(
        "maillage_services_search_fields", search_fields.FIELDS_OF_NEW_CATALOGUE_SERVICE
    ),
    trigger_function(
        "maillage_structures_renamed",
        f"{_TRIGGERED_BY_RENAMED}; {search_fields.OUTBOX_OF_UPDATED_STRUCTURES}; RETURN NULL;",
    ),
    trigger_function(_SERVICES_UPDATED, f"{_OUTBOX_OF_UPDATED_SERVICES}; RETURN NULL;"),
]


def upgrade() -> None:
    for function in UPGRADE:
        op.execute(function)


def downgrade() -> None:
    for function in DOWNGRADE:
        op.execute(function)
