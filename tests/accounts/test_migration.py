"""Migration 0005 creates exactly what the models declare."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from catalogue.db import Base
from tests.accounts.helpers import World

OURS = {
    "users",
    "user_sessions",
    "email_tokens",
    "login_attempts",
    "structure_members",
    "moderator_departements",
    "api_tokens",
    "managed_services",
    "service_history",
}


def _table_of(diff: tuple) -> str | None:  # type: ignore[type-arg]
    for item in diff if isinstance(diff, list) else [diff]:
        for part in item[1:]:
            name = getattr(part, "name", None) if not isinstance(part, str) else None
            table = getattr(part, "table", None)
            if table is not None and getattr(table, "name", None):
                return str(table.name)
            if name in OURS:
                return str(name)
    return None


def test_the_migrated_tables_match_the_models(world: World) -> None:
    with world.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    ours = [d for d in diffs if _table_of(d) in OURS]
    assert ours == []
    with world.engine.connect() as conn:
        present = set(conn.dialect.get_table_names(conn))
    assert present >= OURS
