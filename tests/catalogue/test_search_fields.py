"""The search fields' definitions: a freshly migrated database holds exactly the
module's, the migrations go down and up again to them, and only the module names the
switches by which a transaction supplies the fields itself."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from catalogue import search_fields
from catalogue.db import make_engine
from catalogue.migrate import alembic_config, upgrade
from catalogue.search_fields import FUNCTIONS, TRIGGERS, Definition
from catalogue.settings import PROJECT_ROOT
from catalogue.stack import Stack
from tests.conftest import settings_for

DATABASE = "maillage_search_fields"


@pytest.fixture(scope="module")
def migrated(stack: Stack) -> Iterator[Engine]:
    """A fresh database, brought to the latest revision."""
    stack.postgres.drop_database(DATABASE)
    stack.postgres.ensure_database(DATABASE)
    engine = make_engine(settings_for(stack, DATABASE))
    upgrade(engine)
    yield engine
    engine.dispose()
    stack.postgres.drop_database(DATABASE)


def renderings(conn: Connection, definitions: Sequence[Definition]) -> dict[str, str]:
    """PostgreSQL's own text of these functions and triggers, as installed."""
    found = {}
    for d in definitions:
        if d.kind == "FUNCTION":
            query = "SELECT pg_get_functiondef(CAST(:name AS regprocedure))"
            names = {"name": d.name}
        else:
            query = (
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE tgname = :name AND tgrelid = CAST(:table AS regclass)"
            )
            names = dict(zip(("name", "table"), d.name.split(" ON "), strict=True))
        found[d.name] = conn.execute(text(query), names).scalar_one()
    return found


def unlike_the_database(
    engine: Engine, definitions: Sequence[Definition] = (*FUNCTIONS, *TRIGGERS)
) -> set[str]:
    """The definitions PostgreSQL renders otherwise once created again from these (in a
    transaction rolled back)."""
    with engine.connect() as conn:
        installed = renderings(conn, definitions)
        for d in definitions:
            if d.kind == "TRIGGER":
                conn.exec_driver_sql(d.drop)
            conn.exec_driver_sql(d.create)
        again = renderings(conn, definitions)
        conn.rollback()
    return {name for name in installed if installed[name] != again[name]}


def test_the_migrated_database_holds_the_modules_definitions(migrated: Engine) -> None:
    assert unlike_the_database(migrated) == set()


def test_a_definition_the_module_changes_is_told_apart(migrated: Engine) -> None:
    vector = search_fields.SEARCH_VECTOR
    reweighted = dataclasses.replace(vector, create=vector.create.replace("'C'", "'D'"))
    updated = search_fields.SEARCH_FIELDS_UPDATED
    narrower = dataclasses.replace(updated, create=updated.create.replace("nom, ", ""))
    assert unlike_the_database(migrated, [reweighted, narrower]) == {vector.name, updated.name}


def test_every_function_and_trigger_deriving_search_fields_is_in_the_module(
    migrated: Engine,
) -> None:
    with migrated.connect() as conn:
        ours = {
            conn.execute(
                text("SELECT CAST(CAST(:f AS regprocedure) AS oid)"), {"f": f.name}
            ).scalar_one()
            for f in FUNCTIONS
        }
        # Outside extensions, what writes or reads the derived fields, or a switch.
        deriving = set(
            conn.execute(
                text(
                    "SELECT p.oid FROM pg_proc p WHERE p.prosrc ~ :derived "
                    "AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = "
                    "'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')"
                ),
                {"derived": "search_vector|nom_tri|lexique|maillage\\.[a-z_]+_par_lots"},
            ).scalars()
        )
        triggers = set(
            conn.execute(
                text(
                    "SELECT tgname FROM pg_trigger "
                    "WHERE NOT tgisinternal AND tgfoid = ANY(CAST(:ours AS oid[]))"
                ),
                {"ours": sorted(ours)},
            ).scalars()
        )
    assert deriving <= ours
    assert triggers == {t.name.split(" ON ")[0] for t in TRIGGERS}


def test_the_migrations_go_down_to_nothing_and_up_again_to_the_modules_definitions(
    migrated: Engine,
) -> None:
    config = alembic_config(migrated.url.render_as_string(hide_password=False))
    with migrated.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        present = connection.execute(
            text("SELECT count(*) FROM pg_proc WHERE proname = 'maillage_services_search_fields'")
        ).scalar_one()
    assert present == 0
    upgrade(migrated)
    assert unlike_the_database(migrated) == set()


def test_only_the_module_names_the_switches() -> None:
    switches = (search_fields.LEXICON_SUPPLIED, search_fields.FIELDS_SUPPLIED)
    naming = {
        str(path.relative_to(PROJECT_ROOT))
        for folder in ("api", "bench", "catalogue", "importers", "map", "tests")
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        if any(switch in path.read_text(encoding="utf-8") for switch in switches)
    }
    assert naming == {"catalogue/search_fields.py"}


def test_the_latest_migration_installing_definitions_recorded_the_modules() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("postgresql://"))
    recorded = next(
        r.module.SEARCH_FIELDS_DIGEST
        for r in scripts.walk_revisions()
        if hasattr(r.module, "SEARCH_FIELDS_DIGEST")
    )
    assert search_fields.digest() == recorded, "a migration must install the changed definitions"
