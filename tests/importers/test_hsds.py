"""The HSDS 3.0 importer, on Open Referral's (US) examples and on a small French fixture."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.search.params import SearchParams
from api.search.postgis import PostgisBackend
from api.search.service import run_search
from catalogue.errors import FichierIllisible
from catalogue.settings import Settings
from importers.contract import ReadOptions
from importers.hsds import HsdsImporter
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from tests.conftest import REAL_DATA

EXAMPLES = REAL_DATA / "hsds" / "examples"
TARASCON = Path(__file__).parent / "fixtures" / "hsds-tarascon.json"
ORGANIZATION = "hsds--org-tarascon-1"
SERVICE = "hsds--svc-epicerie"
US_PLACES = {"organization_full.json", "service_full.json", "service_at_location_full.json"}


def import_(engine: Engine, path: Path, **options: Any) -> ImportReport:
    return run_import(engine, get_importer("hsds"), path, **options)


def adds_up(report: ImportReport) -> bool:
    return all(
        c.lus == c.crees + c.mis_a_jour + c.inchanges + c.rejetes
        for c in (report.structures, report.services)
    )


def row(engine: Engine, table: str, record_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        found = conn.execute(
            text(f"SELECT * FROM {table} WHERE id = :id"), {"id": record_id}
        ).mappings()
        return dict(found.one())


def write(tmp_path: Path, content: Any, name: str = "hsds.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.name)
def test_each_shared_example_is_read_and_reported(engine: Engine, path: Path) -> None:
    report = import_(engine, path)
    assert adds_up(report)
    assert report.structures.lus + report.services.lus >= 1
    assert all(r.reason and r.reason.strip() for r in report.rejections)
    if path.name in US_PLACES:
        # Their places are in the US: not in France, so not imported, and told why.
        assert report.structures.crees == report.services.crees == 0
        assert any(r.reason.startswith("non localisé") for r in report.rejections), [
            r.reason for r in report.rejections
        ]
    if path.name == "taxonomy.json":
        assert [r.reason for r in report.rejections] == [
            "objet HSDS non reconnu (ni organisation, ni service, ni service_at_location) : ignoré"
        ]


def test_the_examples_directory_is_read_as_a_whole(engine: Engine) -> None:
    report = import_(engine, EXAMPLES)
    assert adds_up(report)
    # The organization embedded in every file is one structure.
    assert report.structures.lus == 2  # the organization, and taxonomy.json (not HSDS data)
    reasons = {r.ref: r.reason for r in report.rejections}
    assert "objet HSDS non reconnu" in reasons["taxonomy.json"]


def test_the_organization_example_maps_its_fields() -> None:
    result = HsdsImporter().read(EXAMPLES / "organization_full.json", ReadOptions())
    records = {r.kind: r for r in result.records()}
    structure = records["structure"].data
    assert (structure["nom"], structure["code_postal"], structure["commune"]) == (
        "Example Organization Inc.",
        None,  # not a French postcode: left out, the commune and point still tell
        "MyCity",
    )
    assert structure["telephone"] == "+44 1234 234567"
    service = records["service"].data
    assert service["structure_id"] == structure["id"]
    assert service["date_maj"] == "2023-03-15"
    assert service["frais"] == "payant"
    assert service["conditions_acces"].startswith("Justificatifs demandés : ")
    assert "Âge : de 12 à 100 ans." in service["publics_precisions"]
    assert service["horaires_accueil"] is None  # a yearly rule with week numbers: not simple
    assert any("horaires HSDS" in w for w in records["service"].warnings)


def test_the_french_fixture_imports_and_is_found_by_search(
    engine: Engine, settings: Settings
) -> None:
    report = import_(engine, TARASCON)
    assert adds_up(report)
    assert report.rejections == []
    assert (report.structures.crees, report.services.crees) == (1, 1)
    structure = row(engine, "structures", ORGANIZATION)
    assert structure["code_commune_resolu"] == "13108"
    assert structure["site_web"].startswith("https://rhone-solidarites.example.fr")
    assert structure["date_maj"].isoformat() == "2025-06-02"
    service = row(engine, "services", SERVICE)
    assert service["horaires_accueil"] == (
        "Mo 09:00-12:00,14:00-17:00; Tu 09:00-12:00; Th 09:00-12:00"
    )
    assert service["thematiques"] == ["equipement-et-alimentation--alimentation"]
    assert service["modes_accueil"] == ["en-presentiel"]
    assert service["frais"] == "payant"
    assert service["lien_source"] == "https://rhone-solidarites.example.fr/epicerie"

    answer = run_search(
        engine, PostgisBackend(engine), SearchParams(code_commune="13108"), settings.search
    )
    found = {(r["structure"]["nom"], r["nom"]) for r in answer["resultats"]}
    assert ("Association Rhône Solidarités", "Épicerie solidaire") in found


def test_reimporting_the_french_fixture_changes_nothing(engine: Engine) -> None:
    import_(engine, TARASCON)
    again = import_(engine, TARASCON)
    assert adds_up(again)
    assert (again.structures.crees, again.structures.mis_a_jour, again.structures.inchanges) == (
        0,
        0,
        1,
    )
    assert (again.services.crees, again.services.mis_a_jour, again.services.inchanges) == (
        0,
        0,
        1,
    )


def test_bad_records_are_rejected_in_french_and_the_rest_imported(
    engine: Engine, tmp_path: Path
) -> None:
    org = json.loads(TARASCON.read_text(encoding="utf-8"))
    retired = dict(org["services"][0], id="svc-ferme", status="inactive")
    nameless = {"name": "Sans identifiant", "organization": {"name": "x"}}
    org["services"].append(retired)
    content = [org, nameless, "pas un objet", {"id": "t", "name": "taxonomie", "version": "1"}]
    report = import_(engine, write(tmp_path, content))
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees) == (1, 1)
    reasons = {r.ref: r.reason for r in report.rejections}
    assert "statut « inactive »" in reasons["hsds--svc-ferme"]
    assert "organisation du service absente" in reasons["hsds.json, élément 2"]
    assert reasons["hsds.json, élément 3"] == "n'est pas un objet JSON"
    assert "objet HSDS non reconnu" in reasons["hsds.json, élément 4"]


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b"", b"42"],
    ids=["broken-json", "binary", "empty", "number"],
)
def test_an_unreadable_file_gives_one_clear_error(
    engine: Engine, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "hsds.json"
    path.write_bytes(content)
    with pytest.raises(FichierIllisible) as error:
        import_(engine, path)
    assert error.value.message.startswith("hsds.json ")
    assert "\n" not in error.value.message
