"""The shared pipeline's machinery: batches written in the background, bulk loads."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Table, text
from sqlalchemy.engine import Engine

from catalogue.models import SERVICES
from catalogue.settings import PROJECT_ROOT, ImportSettings
from importers.contract import ReadOptions, ReadResult, RecordKind, SourceRecord
from importers.pipeline import bulk_load, record_uid, run_import, staging
from importers.pipeline.identity import UID_NAMESPACE
from importers.pipeline.stages import sources_in, split_evenly
from importers.registry import get_importer

DEMO = PROJECT_ROOT / "data" / "sample"

SNAPSHOT = """
SELECT (SELECT md5(string_agg(concat_ws('|', uid, content_hash, nom, structure_uid,
                                        location::text, geocoding_precision,
                                        code_commune_resolu, zone_eligibilite::text,
                                        freins::text, libelles, search_vector::text, nom_tri),
                              '§' ORDER BY uid)) FROM services),
       (SELECT md5(string_agg(concat_ws('|', uid, content_hash, nom, location::text,
                                        code_commune_resolu), '§' ORDER BY uid))
          FROM structures),
       (SELECT count(*) FROM outbox),
       (SELECT count(*) FROM lexique),
       (SELECT count(*) FROM pg_indexes WHERE tablename IN ('services', 'structures')),
       (SELECT string_agg(pg_get_constraintdef(oid), ',' ORDER BY conname) FROM pg_constraint
         WHERE conrelid IN ('services'::regclass, 'structures'::regclass))
"""


def snapshot(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as conn:
        return tuple(conn.execute(text(SNAPSHOT)).one())


def write_dump(
    path: Path, services: list[dict[str, Any]], structures: list[dict[str, Any]] | None = None
) -> None:
    """A data·inclusion dump of ``services`` (with the demo's structures by default)."""
    (path / "services.json").write_text(json.dumps(services))
    if structures is None:
        structures = json.loads((DEMO / "structures.json").read_text())
    (path / "structures.json").write_text(json.dumps(structures))


def demo_services(*, every: int, suffix: str) -> list[dict[str, Any]]:
    """The demo's services, one in ``every`` renamed with ``suffix``."""
    services: list[dict[str, Any]] = json.loads((DEMO / "services.json").read_text())
    for service in services[::every]:
        service["nom"] += suffix
    return services


def empty(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE outbox, lexique, sightings, services, structures CASCADE"))


@pytest.mark.parametrize("processes", [1, 2], ids=["in-process", "forked"])
def test_small_batches_and_a_bulk_load_write_what_one_batch_writes(
    engine: Engine, processes: int
) -> None:
    importer = get_importer("data-inclusion")
    whole = run_import(engine, importer, DEMO)
    expected = snapshot(engine)
    empty(engine)
    # Many batches, prepared here or by forked workers, each inserted while the next are
    # prepared, into tables whose secondary indexes are dropped and rebuilt around the
    # load.
    small = ImportSettings(
        batch=97, read_batch=250, processes=processes, fork_from_bytes=0, bulk_load_rows=100
    )
    batched = run_import(engine, importer, DEMO, settings=small)
    assert snapshot(engine) == expected
    assert batched.services.as_dict() == whole.services.as_dict()
    assert batched.structures.as_dict() == whole.structures.as_dict()
    assert batched.services.crees == 1500


def test_a_failing_worker_fails_the_import_and_leaves_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    stage = staging.Stager.stage

    def failing(self: staging.Stager, table: Table, rows: list[Any], **options: Any) -> Any:
        if table.name == "services":
            raise RuntimeError("panne du worker")
        return stage(self, table, rows, **options)

    monkeypatch.setattr(staging.Stager, "stage", failing)  # inherited by the forked workers
    forked = ImportSettings(batch=200, processes=2, fork_from_bytes=0)
    with pytest.raises(RuntimeError, match="panne du worker"):
        run_import(engine, get_importer("data-inclusion"), DEMO, settings=forked)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM structures")).scalar_one() == 0
        left = conn.execute(
            text("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'import_staging%'")
        ).scalar_one()
        finished, error = conn.execute(
            text("SELECT finished_at, error FROM import_runs ORDER BY id DESC LIMIT 1")
        ).one()
    assert left == 0
    # The history shows the run ended, and why.
    assert finished is not None and error == "échec imprévu de l'import (RuntimeError)"


def search_fields_unlike_the_triggers(engine: Engine) -> int:
    """How many services' search fields differ from what the catalogue's own per-row
    trigger computes (or are missing)."""
    with engine.begin() as conn:
        conn.execute(
            text("CREATE TEMP TABLE bulk AS SELECT uid, search_vector, nom_tri FROM services")
        )
        # The per-row trigger recomputes them.
        conn.execute(text("UPDATE services SET nom = nom"))
        differing: int = conn.execute(
            text(
                "SELECT count(*) FROM services s JOIN bulk b USING (uid) "
                "WHERE s.search_vector IS DISTINCT FROM b.search_vector "
                "OR s.nom_tri IS DISTINCT FROM b.nom_tri OR b.search_vector IS NULL"
            )
        ).scalar_one()
        conn.execute(text("DROP TABLE bulk"))
    return differing


def test_search_fields_computed_in_bulk_are_the_triggers_own(engine: Engine) -> None:
    run_import(engine, get_importer("data-inclusion"), DEMO)
    assert search_fields_unlike_the_triggers(engine) == 0


def test_search_fields_of_updated_services_and_renamed_structures_are_the_triggers_own(
    engine: Engine, tmp_path: Path
) -> None:
    importer = get_importer("data-inclusion")
    run_import(engine, importer, DEMO)
    structures = json.loads((DEMO / "structures.json").read_text())
    services = demo_services(every=2, suffix=" (nouveau)")
    for service in services[::2]:
        service["description"] += " Nouveauté : un atelier de réparation de vélos."
    # The structure of a service that does not change is renamed.
    renamed = next(s for s in structures if s["id"] == services[1]["structure_id"])
    renamed["nom"] = "Maison des solidarités du Rhône (anciennement Relais)"
    write_dump(tmp_path, services, structures)
    report = run_import(engine, importer, tmp_path)
    assert report.services.mis_a_jour == len(services[::2])
    with engine.connect() as conn:
        named = conn.execute(
            text(
                "SELECT count(*) FROM services "
                "WHERE search_vector @@ to_tsquery('public.fr', 'anciennement')"
            )
        ).scalar_one()
    assert named >= 1
    assert search_fields_unlike_the_triggers(engine) == 0


def test_the_lexicon_filled_in_bulk_is_the_triggers_own(engine: Engine) -> None:
    run_import(engine, get_importer("data-inclusion"), DEMO)
    with engine.begin() as conn:
        bulk_words = set(conn.execute(text("SELECT mot FROM lexique")).scalars())
        conn.execute(text("TRUNCATE lexique"))
        # The statement trigger finds the words of every updated row again.
        conn.execute(text("UPDATE services SET nom = nom"))
        trigger_words = set(conn.execute(text("SELECT mot FROM lexique")).scalars())
    assert len(bulk_words) > 1000
    assert bulk_words == trigger_words


def test_a_bulk_load_leaves_statistics_for_what_searches_filter_on(engine: Engine) -> None:
    small = ImportSettings(bulk_load_rows=100)
    run_import(engine, get_importer("data-inclusion"), DEMO, settings=small)
    with engine.connect() as conn:
        analysed = set(
            conn.execute(
                text("SELECT attname FROM pg_stats WHERE tablename = 'services'")
            ).scalars()
        )
    assert {"freins", "zone_eligibilite", "location", "search_vector", "archived"} <= analysed
    assert set(bulk_load.planner_columns(SERVICES)) <= analysed


def test_a_new_source_is_written_without_comparing_and_fingerprinted_alike(
    engine: Engine, tmp_path: Path
) -> None:
    importer = get_importer("data-inclusion")
    run_import(engine, importer, DEMO)
    # The same file, plus every record again under a source the catalogue has never seen.
    for name in ("structures.json", "services.json"):
        records = json.loads((DEMO / name).read_text())
        renamed = [{**r, "source": "autre-source"} for r in records]
        (tmp_path / name).write_text(json.dumps(records + renamed))
    mixed = run_import(engine, importer, tmp_path)
    assert (mixed.services.inchanges, mixed.services.crees) == (1500, 1500)
    # Fingerprints taken while preparing are the ones a comparison recomputes.
    again = run_import(engine, importer, tmp_path)
    assert (again.services.inchanges, again.services.crees) == (3000, 0)
    assert again.structures.inchanges == mixed.structures.lus - mixed.structures.rejetes


def test_services_rows_up_to_4_kb_are_stored_whole(engine: Engine, tmp_path: Path) -> None:
    # Rows of ~3 kB, past PostgreSQL's default 2 kB threshold: their text and vector
    # would be compressed, or moved to the TOAST table, when staged or inserted.
    services = json.loads((DEMO / "services.json").read_text())
    for n, service in enumerate(services):
        service["description"] = " ".join(
            f"Atelier {n}-{k} : accompagnement {k * n % 97} au numérique, au permis "
            f"et à la garde d'enfants ({k})."
            for k in range(12)
        )
    write_dump(tmp_path, services)
    run_import(engine, get_importer("data-inclusion"), tmp_path)
    with engine.connect() as conn:
        sizes = conn.execute(
            text(
                "SELECT min(pg_column_size(s.*)), max(pg_column_size(s.*)), count(*) FILTER (WHERE "
                "pg_column_compression(description) IS NOT NULL "
                "OR pg_column_compression(search_vector) IS NOT NULL), "
                "pg_relation_size((SELECT reltoastrelid FROM pg_class WHERE relname = 'services'))"
                " FROM services s"
            )
        ).one()
    # Past the default threshold (2 kB), within ours (4 kB).
    assert sizes[0] > 2100 and sizes[1] < 4000
    assert tuple(sizes[2:]) == (0, 0)


def test_written_and_sighted_records_carry_the_same_instant_of_their_run(
    engine: Engine, tmp_path: Path
) -> None:
    importer = get_importer("data-inclusion")
    run_import(engine, importer, DEMO)
    services = demo_services(every=3, suffix=" (modifié)")
    write_dump(tmp_path, services)
    again = run_import(engine, importer, tmp_path)
    with engine.connect() as conn:
        instants = conn.execute(
            text(
                "SELECT last_seen_at AS at FROM services WHERE import_run_id = :run "
                "UNION SELECT updated_at FROM services WHERE import_run_id = :run "
                "UNION SELECT seen_at FROM sightings WHERE import_run_id = :run"
            ),
            {"run": again.run_id},
        ).scalars()
        started = conn.execute(
            text("SELECT started_at FROM import_runs WHERE id = :run"), {"run": again.run_id}
        ).scalar_one()
    assert again.services.mis_a_jour == len(services[::3])
    assert again.services.inchanges == len(services) - len(services[::3])
    (instant,) = instants  # written as text, sighted as a datetime: one instant
    assert abs((instant - started).total_seconds()) < 60


def test_the_last_records_are_split_evenly_so_that_no_worker_idles() -> None:
    for count in (1, 2, 97, 18_887):
        for parts in (1, 2, 4):
            pieces = split_evenly(count, parts)
            assert [n for piece in pieces for n in piece] == list(range(count))
            assert len(pieces) == min(parts, count)
            assert max(map(len, pieces)) - min(map(len, pieces)) <= 1
    assert split_evenly(0, 2) == []


def test_only_the_sources_a_table_holds_are_known(engine: Engine) -> None:
    run_import(engine, get_importer("data-inclusion"), DEMO)
    assert sources_in(engine, SERVICES, {"maillage-demo", "autre-source"}) == {"maillage-demo"}


def test_an_unchanged_reimport_neither_writes_nor_relinks(engine: Engine) -> None:
    importer = get_importer("data-inclusion")
    first = run_import(engine, importer, DEMO)
    before = snapshot(engine)
    again = run_import(engine, importer, DEMO)
    assert again.services.inchanges == 1500
    assert again.links == first.links
    assert snapshot(engine) == before
    with engine.connect() as conn:
        sighted = conn.execute(
            text("SELECT count(*) FROM sightings WHERE import_run_id = :run"),
            {"run": again.run_id},
        ).scalar_one()
    assert sighted == 1500 + again.structures.inchanges


def test_staging_tables_of_a_killed_import_are_dropped_by_the_next(engine: Engine) -> None:
    running, killed = 900_001, 900_002
    with engine.connect() as other:  # an import still running holds its lock
        other.execute(text("SELECT pg_advisory_lock(x'4D41494C'::int, :run)"), {"run": running})
        other.commit()
        with engine.begin() as conn:
            for run in (running, killed):
                conn.execute(text(f"CREATE UNLOGGED TABLE import_staging_{run}_0 (n int)"))
        run_import(engine, get_importer("data-inclusion"), DEMO)
        with engine.connect() as conn:
            left = conn.execute(
                text("SELECT tablename FROM pg_tables WHERE tablename LIKE 'import_staging%'")
            ).scalars()
            assert sorted(left) == [f"import_staging_{running}_0"]
        other.execute(text("SELECT pg_advisory_unlock(x'4D41494C'::int, :run)"), {"run": running})
        other.commit()
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE import_staging_{running}_0"))


@given(st.sampled_from(["structure", "service"]), st.text(), st.text())
def test_record_uids_are_the_standard_name_based_uuids(
    kind: RecordKind, source: str, source_id: str
) -> None:
    name = f"{kind}:{source}:{source_id}"
    assert record_uid(kind, source, source_id) == uuid.uuid5(UID_NAMESPACE, name)


class _Tracked(dict[str, Any]):
    """A record's data that counts how many of its kind are alive."""

    alive = 0
    most = 0

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        _Tracked.alive += 1
        _Tracked.most = max(_Tracked.most, _Tracked.alive)

    def __del__(self) -> None:
        _Tracked.alive -= 1


class _StreamingImporter:
    kind = "flux-test"
    description = "the demo's records, as a stream"

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        def stream(name: str, kind: RecordKind) -> Iterator[SourceRecord]:
            for data in json.loads((path / name).read_text()):
                yield SourceRecord(kind, data["id"], _Tracked(data))

        return ReadResult(
            stream("structures.json", "structure"), stream("services.json", "service")
        )


def test_an_import_holds_a_few_batches_of_its_file_not_the_whole_file(engine: Engine) -> None:
    small = ImportSettings(batch=50, read_batch=100)
    report = run_import(engine, _StreamingImporter(), DEMO, settings=small)  # type: ignore[arg-type]
    assert report.services.crees == 1500
    # The next batch is read while one is compared or prepared: a few hundred at most.
    assert _Tracked.most <= 400


def test_a_dry_run_reports_what_an_import_would_do_and_writes_nothing(engine: Engine) -> None:
    importer = get_importer("data-inclusion")
    before = snapshot(engine)
    trial = run_import(engine, importer, DEMO, dry_run=True)
    assert snapshot(engine) == before  # the typo lexicon included
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM import_runs")).scalar_one() == 0
    real = run_import(engine, importer, DEMO)
    assert trial.services.as_dict() == real.services.as_dict()
    assert trial.structures.as_dict() == real.structures.as_dict()
