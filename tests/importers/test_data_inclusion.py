"""The data·inclusion v1 importer, on the real records of ../shared and on bad ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.errors import FichierIllisible
from catalogue.settings import Settings
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from tests.conftest import REAL_DATA, cli_env

SAMPLE = REAL_DATA / "data-inclusion"


def import_(engine: Engine, path: Path, **options: Any) -> ImportReport:
    return run_import(engine, get_importer("data-inclusion"), path, **options)


def adds_up(report: ImportReport) -> bool:
    return all(
        c.lus == c.crees + c.mis_a_jour + c.inchanges + c.rejetes
        for c in (report.structures, report.services)
    )


def write_dump(folder: Path, structures: list[Any], services: list[Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "structures.json").write_text(json.dumps(structures, ensure_ascii=False))
    (folder / "services.json").write_text(json.dumps(services, ensure_ascii=False))
    return folder


def sample_records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return (
        json.loads((SAMPLE / "structures.json").read_text()),
        json.loads((SAMPLE / "services.json").read_text()),
    )


def test_the_real_sample_imports_whole_and_its_counts_add_up(engine: Engine) -> None:
    report = import_(engine, SAMPLE)
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees) == (10, 14)
    assert report.rejections == []


def test_reimporting_the_same_file_creates_and_updates_nothing(engine: Engine) -> None:
    import_(engine, SAMPLE)
    again = import_(engine, SAMPLE)
    assert adds_up(again)
    assert (again.structures.crees, again.structures.mis_a_jour) == (0, 0)
    assert (again.services.crees, again.services.mis_a_jour) == (0, 0)
    assert again.services.inchanges == 14


def test_a_service_without_coordinates_is_placed_at_its_commune(engine: Engine) -> None:
    import_(engine, SAMPLE)
    with engine.connect() as conn:
        precision, commune, lat, lon = conn.execute(
            text(
                "SELECT geocoding_precision, code_commune_resolu, "
                "ST_Y(location::geometry), ST_X(location::geometry) "
                "FROM services WHERE id = 'finess--130806755--cmp'"
            )
        ).one()
    assert (precision, commune) == ("commune", "13108")
    assert abs(lat - 43.806) < 0.01 and abs(lon - 4.658) < 0.01


def test_a_postcode_given_as_eligibility_zone_is_repaired_and_reported(engine: Engine) -> None:
    report = import_(engine, SAMPLE)
    with engine.connect() as conn:
        zone = conn.execute(
            text("SELECT zone_eligibilite FROM services WHERE id LIKE 'dora--bf5f59c5%'")
        ).scalar_one()
    assert zone == ["13004"]
    assert any("13200" in w["message"] for w in report.warnings)


def test_freins_are_derived_from_thematiques(engine: Engine) -> None:
    import_(engine, SAMPLE)
    with engine.connect() as conn:
        freins = conn.execute(
            text("SELECT freins FROM services WHERE id = 'finess--130806755--cmp'")
        ).scalar_one()
    assert freins == ["sante", "famille"]


def test_bad_records_are_reported_one_by_one_and_the_rest_imported(
    engine: Engine, tmp_path: Path
) -> None:
    structures, services = sample_records()
    structures.append({"source": "x", "id": "x--no-name"})  # nom, date_maj missing
    services[0] = {**services[0], "nom": "ab"}  # too short
    services[1] = {**services[1], "thematiques": ["cuisine-du-monde"]}
    services[2] = {**services[2], "structure_id": "dora--nowhere"}
    services[3] = {**services[3], "code_postal": "00000", "code_insee": None, "latitude": None,
                   "longitude": None, "commune": "Nulle-Part"}  # fmt: skip
    services.append("not an object")
    report = import_(engine, write_dump(tmp_path / "dump", structures, services))
    assert adds_up(report)
    assert report.structures.crees == 10 and report.structures.rejetes == 1
    assert report.services.crees == 10 and report.services.rejetes == 5
    reasons = {r.ref: r.reason for r in report.rejections}
    assert "champ obligatoire absent" in reasons["x--no-name"]
    assert "trop court" in reasons[services[0]["id"]]
    assert "référentiel data·inclusion" in reasons[services[1]["id"]]
    assert "structure « dora--nowhere » inconnue" in reasons[services[2]["id"]]
    assert "non localisé" in reasons[services[3]["id"]]
    assert "n'est pas un objet JSON" in reasons["élément 15"]


def test_a_changed_record_is_updated_and_queued_for_the_index(
    engine: Engine, tmp_path: Path
) -> None:
    import_(engine, SAMPLE)
    structures, services = sample_records()
    services[0]["nom"] = "Un nouveau nom de service"
    with engine.connect() as conn:
        queued_before = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    report = import_(engine, write_dump(tmp_path / "v2", structures, services))
    assert (report.services.mis_a_jour, report.services.inchanges) == (1, 13)
    with engine.connect() as conn:
        name = conn.execute(
            text("SELECT nom FROM services WHERE id = :id"), {"id": services[0]["id"]}
        ).scalar_one()
        queued = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    assert name == "Un nouveau nom de service"
    assert queued == queued_before + 1


def test_a_full_import_archives_what_the_source_no_longer_lists(
    engine: Engine, tmp_path: Path
) -> None:
    import_(engine, SAMPLE)
    structures, services = sample_records()
    dropped = next(s for s in services if s["source"] == "dora")
    kept = [s for s in services if s is not dropped]
    partial = import_(engine, write_dump(tmp_path / "partial", structures, kept))
    assert partial.services.archives == 0  # not --full: absence means nothing
    full = import_(engine, write_dump(tmp_path / "full", structures, kept), full=True)
    assert full.services.archives == 1
    with engine.connect() as conn:
        archived = conn.execute(
            text("SELECT archived FROM services WHERE id = :id"), {"id": dropped["id"]}
        ).scalar_one()
    assert archived is True
    back = import_(engine, SAMPLE)
    assert back.services.mis_a_jour == 1  # listed again: un-archived


def test_every_run_is_recorded_with_its_counts(engine: Engine) -> None:
    import_(engine, SAMPLE, started_by="test")
    with engine.connect() as conn:
        who, counts, finished = conn.execute(
            text("SELECT started_by, counts, finished_at FROM import_runs")
        ).one()
    assert who == "test"
    assert counts["services"]["crees"] == 14
    assert finished is not None


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"an": "object"}', b"\xff\xfe\x00garbage"],
)
def test_an_unreadable_file_gives_one_clear_error(
    engine: Engine, tmp_path: Path, content: bytes
) -> None:
    (tmp_path / "services.json").write_bytes(content)
    with pytest.raises(FichierIllisible):
        import_(engine, tmp_path)


def test_the_cli_prints_one_error_line_for_a_missing_path(
    settings: Settings, tmp_path: Path
) -> None:
    from maillage.cli import main

    result = CliRunner().invoke(
        main, ["import", "data-inclusion", str(tmp_path / "nope")],
        env=cli_env(settings),
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().startswith("Erreur :")
    assert len(result.output.strip().splitlines()) == 1


def test_the_cli_report_as_json_adds_up(settings: Settings, tmp_path: Path) -> None:
    from maillage.cli import main

    shutil.copytree(SAMPLE, tmp_path / "sample")
    result = CliRunner().invoke(
        main, ["import", "data-inclusion", str(tmp_path / "sample"), "--json"],
        env=cli_env(settings),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["services"]["lus"] == 14 == report["services"]["crees"]


def test_a_nan_written_by_python_rejects_its_record_not_the_file(
    engine: Engine, tmp_path: Path
) -> None:
    structures, services = sample_records()
    services[0]["lien_source"] = float("nan")  # json.dumps writes NaN, strict JSON does not
    report = import_(engine, write_dump(tmp_path, structures, services))
    assert adds_up(report)
    assert [r.ref for r in report.rejections if r.kind == "service"] == [services[0]["id"]]
    assert report.services.crees == len(services) - 1


def test_an_integer_past_64_bits_rejects_its_record_not_the_import(
    engine: Engine, tmp_path: Path
) -> None:
    structures, services = sample_records()
    services[0]["code_insee"] = 2**70  # JSON integers have no limit; orjson's stop at 64 bits
    report = import_(engine, write_dump(tmp_path, structures, services))
    assert adds_up(report)
    assert [r.ref for r in report.rejections if r.kind == "service"] == [services[0]["id"]]
    assert report.services.crees == len(services) - 1
