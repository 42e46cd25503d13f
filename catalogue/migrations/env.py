"""Alembic environment: the URL comes from our settings (via config attributes), never a .ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

import catalogue.models  # noqa: F401  (registers every table on Base.metadata)
from catalogue.db import Base

config = context.config
url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # PostGIS's own tables (tiger, topology...) are not ours to migrate.
    return not (type_ == "table" and reflected and compare_to is None)


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
