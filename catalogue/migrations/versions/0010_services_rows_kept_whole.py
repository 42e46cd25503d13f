"""Services' rows are kept whole, up to 4 kB: no compression attempt, no TOAST.

A service row with its search vector is about 2 kB, and a third of them pass
PostgreSQL's 2 kB default threshold: each insert then tried to compress the vector (in
vain: binary lexemes and positions do not shrink by the quarter pglz requires) and moved
it out of line, into the TOAST table. That cost inserts (twice per import: staging, then
the catalogue) and every later read of those vectors (ranking, indexing, exports) a
second lookup. Rows past 4 kB (long descriptions) are still compressed.

Rows already stored stay as they are until rewritten.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE services SET (toast_tuple_target = 4080)")


def downgrade() -> None:
    op.execute("ALTER TABLE services RESET (toast_tuple_target)")
