"""The index follows the catalogue through the outbox; drift is found and repaired."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.index.client import make_client
from api.index.indexer import check, rebuild, sync
from catalogue.settings import Settings
from importers.pipeline import run_import
from importers.registry import get_importer
from tests.conftest import REAL_DATA, cli_env

SAMPLE = REAL_DATA / "data-inclusion"


def import_sample(engine: Engine) -> None:
    run_import(engine, get_importer("data-inclusion"), SAMPLE)


def outbox(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM outbox")).scalar_one())


def test_an_import_queues_every_new_service_in_the_same_transaction(
    engine: Engine, settings: Settings
) -> None:
    import_sample(engine)
    assert outbox(engine) == 14


def test_an_unchanged_reimport_queues_nothing(engine: Engine, settings: Settings) -> None:
    import_sample(engine)
    sync(engine, make_client(settings), settings.search.index)
    import_sample(engine)
    assert outbox(engine) == 0


def test_sync_drains_the_outbox_into_the_index(engine: Engine, settings: Settings) -> None:
    import_sample(engine)
    client = make_client(settings)
    report = sync(engine, client, settings.search.index, batch=5)
    assert (report.outbox, report.upserted, report.deleted) == (14, 14, 0)
    assert outbox(engine) == 0
    assert check(engine, client, settings.search.index).drift == 0


def test_archiving_a_service_removes_it_from_the_index(engine: Engine, settings: Settings) -> None:
    import_sample(engine)
    client = make_client(settings)
    sync(engine, client, settings.search.index)
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE services SET archived = true WHERE id = 'finess--130806755--cmp'")
        )
    report = sync(engine, client, settings.search.index)
    assert (report.upserted, report.deleted) == (0, 1)
    assert client.index(settings.search.index).get_stats().number_of_documents == 13


def test_renaming_a_structure_refreshes_its_services_documents(
    engine: Engine, settings: Settings
) -> None:
    import_sample(engine)
    client = make_client(settings)
    sync(engine, client, settings.search.index)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE structures SET nom = 'CMP de Tarascon', updated_at = now() "
                "WHERE id = 'finess--130806755'"
            )
        )
    assert outbox(engine) == 1
    sync(engine, client, settings.search.index)
    assert check(engine, client, settings.search.index).drift == 0


def test_check_finds_drift_and_repairs_it(engine: Engine, settings: Settings) -> None:
    import_sample(engine)
    client = make_client(settings)
    index = client.index(settings.search.index)
    sync(engine, client, settings.search.index)
    with engine.begin() as conn:
        uid = conn.execute(text("SELECT uid FROM services ORDER BY uid LIMIT 1")).scalar_one()
        # Changed behind the outbox's back (as a restore from backup would).
        conn.execute(text("DELETE FROM outbox"))
        conn.execute(
            text("UPDATE services SET nom = 'Nom changé en douce' WHERE uid = :u"), {"u": uid}
        )
        conn.execute(text("DELETE FROM outbox"))
    client.wait_for_task(index.add_documents([{"id": "fantome", "nom": "x"}]).task_uid)
    documents = index.get_documents({"limit": 20}).results
    lost = next(d.id for d in documents if d.id not in (str(uid), "fantome"))
    client.wait_for_task(index.delete_document(lost).task_uid)

    drift = check(engine, client, settings.search.index)
    assert (len(drift.missing), drift.extra, drift.stale) == (1, ["fantome"], [str(uid)])
    repaired = check(engine, client, settings.search.index, repair=True)
    assert repaired.repaired
    assert check(engine, client, settings.search.index).drift == 0


def test_rebuild_swaps_in_a_complete_index(engine: Engine, settings: Settings) -> None:
    import_sample(engine)
    client = make_client(settings)
    report = rebuild(engine, client, settings.search.index)
    assert report.documents == 14
    assert outbox(engine) == 0  # what the outbox held is in the rebuilt index
    names = [i.uid for i in client.get_indexes({"limit": 1000})["results"]]
    assert settings.search.index in names
    assert not [n for n in names if n.startswith(settings.search.index + "_")]
    assert check(engine, client, settings.search.index).drift == 0


def test_the_cli_syncs_and_checks(settings: Settings, engine: Engine, tmp_path: Path) -> None:
    from maillage.cli import main

    import_sample(engine)
    runner = CliRunner()
    synced = runner.invoke(main, ["index", "sync"], env=cli_env(settings))
    assert synced.exit_code == 0, synced.output
    assert "14 changement(s) appliqué(s)" in synced.output
    checked = runner.invoke(main, ["index", "check", "--json"], env=cli_env(settings))
    assert checked.exit_code == 0, checked.output
    assert json.loads(checked.stdout)["ecart"] == 0
