"""The Soliguide importer, on the real places of ../shared and on broken copies of them."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.search.params import SearchParams
from api.search.postgis import PostgisBackend
from api.search.service import run_search
from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.settings import Settings
from catalogue.vocabulary import freins_of
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from importers.soliguide import categories
from tests.conftest import REAL_DATA

SAMPLE = REAL_DATA / "soliguide" / "lieux.json"
# Where the sample's places are (GeoJSON gives [lon, lat]).
PARIS_3 = (48.8634914, 2.3525585)
PARIS_13 = (48.8418381, 2.3631959)
BORDEAUX = (44.8308118, -0.5721463)


def import_(engine: Engine, path: Path, **options: Any) -> ImportReport:
    return run_import(engine, get_importer("soliguide"), path, **options)


def adds_up(report: ImportReport) -> bool:
    return all(
        c.lus == c.crees + c.mis_a_jour + c.inchanges + c.rejetes
        for c in (report.structures, report.services)
    )


@cache
def _sample() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return data


def places() -> list[dict[str, Any]]:
    """A fresh, editable copy of the real sample."""
    return copy.deepcopy(_sample())


def place(items: list[dict[str, Any]], lieu_id: int) -> dict[str, Any]:
    return next(p for p in items if p.get("lieu_id") == lieu_id)


def write(tmp_path: Path, content: Any, name: str = "lieux.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def row(engine: Engine, table: str, record_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        found = conn.execute(
            text(f"SELECT * FROM {table} WHERE id = :id"),
            {"id": record_id},
        ).mappings()
        return dict(found.one())


def service_of(engine: Engine, lieu_id: int) -> dict[str, Any]:
    """The one service of a place."""
    with engine.connect() as conn:
        return dict(
            conn.execute(
                text("SELECT * FROM services WHERE structure_id = :id"),
                {"id": f"soliguide--{lieu_id}"},
            )
            .mappings()
            .one()
        )


def search(
    engine: Engine, settings: Settings, where: tuple[float, float], frein: str
) -> list[dict[str, Any]]:
    params = SearchParams(lat=where[0], lon=where[1], freins=(frein,), taille=100)
    answer = run_search(engine, PostgisBackend(engine), params, settings.search)
    results: list[dict[str, Any]] = answer["resultats"]
    return results


def test_the_real_sample_imports_online_places_and_reports_the_others(engine: Engine) -> None:
    report = import_(engine, SAMPLE)
    assert adds_up(report)
    # 21 places are ONLINE (24 services, one closed since 2022 with no reopening date:
    # imported with its closure); 79 drafts and 2 offline places (4 services) are not.
    assert (report.structures.crees, report.structures.rejetes) == (21, 81)
    assert (report.services.crees, report.services.rejetes) == (24, 4)
    assert report.sources == ["soliguide"]
    assert {r.reason.split(" :")[0] for r in report.rejections} == {
        "fiche en brouillon sur Soliguide (jamais publiée)",
        "fiche hors ligne sur Soliguide",
    }


def test_reimporting_the_same_file_creates_and_updates_nothing(engine: Engine) -> None:
    import_(engine, SAMPLE)
    again = import_(engine, SAMPLE)
    assert adds_up(again)
    assert (again.structures.crees, again.structures.mis_a_jour, again.structures.inchanges) == (
        0,
        0,
        21,
    )
    assert (again.services.crees, again.services.mis_a_jour, again.services.inchanges) == (0, 0, 24)


def test_emergency_accommodation_maps_under_the_logement_frein() -> None:
    themes = categories()["emergency_accommodation"].thematiques
    assert all(t.startswith("logement-hebergement--") for t in themes)
    assert freins_of(themes) == ["logement"]


def test_emergency_accommodation_is_found_under_logement(
    engine: Engine, settings: Settings
) -> None:
    import_(engine, SAMPLE)
    found = search(engine, settings, PARIS_3, "logement")
    names = {(r["structure"]["nom"], r["nom"]) for r in found}
    assert ("LIEU_MULTILANG", "Hébergement d'urgence") in names
    assert ("LIEU_PUBLIC_EXCLUSIF", "Hébergement d'urgence") in names
    assert all("logement" in r["freins"] for r in found)
    # The same place's meals and football are not accommodation.
    assert not {n for n in names if n[1] in ("Distribution de repas", "Football")}
    nearest = found[0]
    assert nearest["distance_km"] < 0.1
    assert nearest["source"] == "soliguide"


@pytest.mark.parametrize(
    ("where", "frein", "structure", "service"),
    [
        (PARIS_3, "equipement-alimentation", "LIEU_MULTI_SERVICE", "Distribution de repas"),
        (PARIS_3, "numerique", "LIEU_WIFI", "Wifi"),
        (PARIS_3, "sante", "LIEU_ADDICTION", "Prévention et matériel de réduction des risques"),
        (PARIS_13, "demarches", "Place n°2", "Accompagnement social"),
        (BORDEAUX, "equipement-alimentation", "PARCOURS_MOBILE_EN_LIGNE", "Distribution de repas"),
    ],
)
def test_each_place_is_found_at_its_location_under_its_frein(
    engine: Engine,
    settings: Settings,
    where: tuple[float, float],
    frein: str,
    structure: str,
    service: str,
) -> None:
    import_(engine, SAMPLE)
    found = search(engine, settings, where, frein)
    assert (structure, service) in {(r["structure"]["nom"], r["nom"]) for r in found}
    other_freins = [r for r in found if frein not in r["freins"]]
    assert other_freins == []


def test_closed_and_draft_places_are_reported_with_their_services(
    engine: Engine, tmp_path: Path
) -> None:
    items = places()
    place(items, 7)["status"] = "PERMANENTLY_CLOSED"
    report = import_(engine, write(tmp_path, items))
    assert adds_up(report)
    reasons = {r.ref: r.reason for r in report.rejections}
    assert "brouillon" in reasons["soliguide--1"]
    assert "brouillon" in reasons["soliguide--1--62221b765fe7a848e82a9169"]
    assert "hors ligne" in reasons["soliguide--4"]
    assert "fermé définitivement" in reasons["soliguide--7"]
    assert "fermé définitivement" in reasons["soliguide--7--622221315fe7a848e82a9509"]
    with engine.connect() as conn:
        imported = set(conn.execute(text("SELECT id FROM structures")).scalars())
    assert imported.isdisjoint({"soliguide--1", "soliguide--4", "soliguide--7"})


def test_a_service_closed_since_2022_without_a_reopening_date_is_kept_closed(
    engine: Engine, settings: Settings
) -> None:
    report = import_(engine, SAMPLE)
    assert not [r for r in report.rejections if "fermé" in r.reason]
    assert row(engine, "structures", "soliguide--8")  # the place itself is open
    with engine.connect() as conn:
        closed = (
            conn.execute(
                text(
                    "SELECT *, ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lon "
                    "FROM services WHERE fermeture_debut IS NOT NULL"
                )
            )
            .mappings()
            .one()
        )
    assert (closed["fermeture_debut"], closed["fermeture_fin"]) == (date(2022, 3, 3), None)
    assert "Service fermé temporairement à partir du 3 mars 2022." in closed["description"]
    nearby = SearchParams(lat=closed["lat"], lon=closed["lon"], rayon_km=1, taille=100)
    found = run_search(engine, PostgisBackend(engine), nearby, settings.search)["resultats"]
    assert found and str(closed["uid"]) not in {r["id"] for r in found}


def closure(start: str | None, end: str | None) -> dict[str, Any]:
    return {"actif": True, "dateDebut": start, "dateFin": end, "description": "Travaux"}


def test_a_place_closed_today_is_imported_with_its_closure_and_its_services_too(
    engine: Engine, tmp_path: Path
) -> None:
    today = date.today()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)
    items = places()
    place(items, 7)["tempInfos"]["closure"] = closure(f"{yesterday}T00:00:00.000Z", None)
    place(items, 9)["tempInfos"]["closure"] = closure(None, f"{tomorrow}T00:00:00.000Z")
    report = import_(engine, write(tmp_path, items))
    assert report.structures.crees == 21
    seven, nine = service_of(engine, 7), service_of(engine, 9)
    assert (seven["fermeture_debut"], seven["fermeture_fin"]) == (yesterday, None)
    assert (nine["fermeture_debut"], nine["fermeture_fin"]) == (date.min, tomorrow)
    # Reopened: the next import says so, and the closure is gone.
    place(items, 7)["tempInfos"]["closure"]["actif"] = False
    again = import_(engine, write(tmp_path, items))
    assert again.services.mis_a_jour >= 1
    assert service_of(engine, 7)["fermeture_debut"] is None


def test_a_temporary_closure_of_a_place_is_kept_in_text_and_opening_hours(
    engine: Engine, tmp_path: Path
) -> None:
    items = places()
    place(items, 7)["tempInfos"]["closure"] = {
        "actif": True,
        "dateDebut": "2099-07-01T00:00:00.000Z",
        "dateFin": "2099-08-31T00:00:00.000Z",
        "description": "<p>Travaux d&#39;&#233;t&#233;</p>",
    }
    place(items, 9)["tempInfos"]["closure"] = {  # over long ago: not worth telling
        "actif": True,
        "dateDebut": "2001-07-01T00:00:00.000Z",
        "dateFin": "2001-08-31T00:00:00.000Z",
        "description": "Travaux",
    }
    report = import_(engine, write(tmp_path, items))
    assert report.structures.crees == 21
    structure = row(engine, "structures", "soliguide--7")
    note = "Lieu fermé temporairement du 1er juillet 2099 au 31 août 2099 : Travaux d'été."
    assert note in structure["description"]
    assert structure["horaires_accueil"] == "Mo 08:00-17:00; 2099 Jul 01-2099 Aug 31 off"
    service = service_of(engine, 7)
    assert note in service["description"]
    assert service["horaires_accueil"].endswith("2099 Jul 01-2099 Aug 31 off")
    assert "fermé" not in (row(engine, "structures", "soliguide--9")["description"] or "")


def test_exclusive_and_preferential_publics(engine: Engine) -> None:
    import_(engine, SAMPLE)
    exclusive = service_of(engine, 10)
    assert exclusive["publics"] == ["femmes"]
    assert exclusive["publics_precisions"].startswith("Accueil exclusif : femmes ;")
    assert "de 24 à 64 ans" in exclusive["publics_precisions"]
    preferential = service_of(engine, 12)
    assert preferential["publics"] == ["tous-publics"]
    assert "en priorité : femmes" in preferential["publics_precisions"]
    assert service_of(engine, 22)["publics"] == ["tous-publics"]


def test_modalities_become_fees_conditions_and_who_may_ask(engine: Engine) -> None:
    import_(engine, SAMPLE)
    paying = service_of(engine, 17)  # the service's own modalities override the place's
    assert (paying["frais"], paying["frais_precisions"]) == (
        "payant",
        "Une petite somme est requise pour ce service",
    )
    assert (
        "Sur rendez-vous : Précisions sur le rendez-vous pour le service"
        in (paying["conditions_acces"])
    )
    assert "Animaux acceptés" in paying["conditions_acces"]
    oriented = service_of(engine, 14)
    assert oriented["mobilisable_par"] == ["professionnels"]
    assert (
        "Sur orientation par un professionnel : Précisions sur l'orientation"
        in (oriented["conditions_acces"])
    )
    free = service_of(engine, 22)
    assert (free["frais"], free["modes_mobilisation"]) == ("gratuit", ["se-presenter"])
    assert free["modes_accueil"] == ["en-presentiel"]


def test_places_keep_their_address_hours_contact_and_link(engine: Engine) -> None:
    import_(engine, SAMPLE)
    structure = row(engine, "structures", "soliguide--30")
    assert structure["adresse"] == "11 bis boulevard de l'Hôpital"
    # The source's point, kept: it lies just across the boulevard, in the 5th arrondissement.
    assert structure["geocoding_precision"] == "source"
    assert (structure["code_postal"], structure["code_commune_resolu"]) == ("75013", "75105")
    assert structure["horaires_accueil"] == "Mo 09:30-12:00; Th 09:30-12:00"
    assert structure["courriel"] == "antenne14@structure-en-ligne.org"
    assert structure["lien_source"] == "https://soliguide.fr/fr/fiche/antenne-marcel-paul-paris-33"
    assert structure["description"].startswith("Accueil écoute et accompagnement social")
    assert "<" not in structure["description"]


def test_a_place_without_dates_is_dated_by_its_services(engine: Engine) -> None:
    import_(engine, SAMPLE)
    mobile = row(engine, "structures", "soliguide--29")
    assert mobile["date_maj"].isoformat() == "2024-03-12"
    assert "Parcours mobile" in mobile["description"]


def test_an_unknown_category_rejects_only_that_service_with_a_reason(
    engine: Engine, tmp_path: Path
) -> None:
    items = places()
    multi = place(items, 23)
    multi["services_all"][2]["category"] = "teleportation"
    report = import_(engine, write(tmp_path, items))
    assert adds_up(report)
    assert (report.services.crees, report.services.rejetes) == (23, 5)
    reasons = {r.ref: r.reason for r in report.rejections}
    reason = reasons["soliguide--23--62223172648e268010fcf31b"]
    assert "« teleportation »" in reason
    assert "data/mappings/soliguide/thematiques.csv" in reason
    with engine.connect() as conn:
        kept = conn.execute(
            text("SELECT count(*) FROM services WHERE structure_id = 'soliguide--23'")
        ).scalar_one()
    assert kept == 3


def test_malformed_places_are_rejected_one_by_one_and_the_rest_imported(
    engine: Engine, tmp_path: Path
) -> None:
    items = places()
    place(items, 3)["position"]["location"]["coordinates"] = "quelque part"
    place(items, 10)["position"]["postalCode"] = "7500"
    place(items, 12)["name"] = "X"
    place(items, 17)["services_all"].append("not an object")
    del place(items, 14)["lieu_id"]
    items.append("not an object")  # type: ignore[arg-type]
    report = import_(engine, write(tmp_path, items))
    assert adds_up(report)
    assert report.structures.crees == 17
    reasons = {r.ref: r.reason for r in report.rejections}
    assert "coordinates" in reasons["soliguide--3"]
    assert "lieu « soliguide--3 » illisible" in reasons["soliguide--3--62221eb15fe7a848e82a9229"]
    assert "code_postal" in reasons["soliguide--10"]
    assert "trop court" in reasons["soliguide--12"]
    assert (
        "structure « soliguide--12 » inconnue" in reasons["soliguide--12--622229c95fe7a848e82aa0f4"]
    )
    position_14 = next(i for i, p in enumerate(places(), 1) if p["lieu_id"] == 14)
    assert reasons[f"élément {position_14}"] == "identifiant « lieu_id » absent"
    assert reasons["soliguide--17--2"] == "n'est pas un objet JSON"
    assert reasons[f"élément {len(items)}"] == "n'est pas un objet JSON"


def test_an_api_answer_with_a_places_list_is_read_too(engine: Engine, tmp_path: Path) -> None:
    report = import_(engine, write(tmp_path, {"places": places(), "nbResults": 102}))
    assert (report.structures.crees, report.services.crees) == (21, 24)


def test_the_source_name_can_be_overridden(engine: Engine) -> None:
    report = import_(engine, SAMPLE, source="soliguide-test")
    assert report.sources == ["soliguide-test"]
    assert row(engine, "structures", "soliguide-test--30")["source"] == "soliguide-test"


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"an": "object"}', b"\xff\xfe\x00garbage", b"", b"42"],
    ids=["broken-json", "object-without-places", "binary", "empty", "number"],
)
def test_an_unreadable_file_gives_one_clear_error(
    engine: Engine, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "lieux.json"
    path.write_bytes(content)
    with pytest.raises(FichierIllisible) as error:
        import_(engine, path)
    assert error.value.message.startswith("lieux.json ")
    assert "\n" not in error.value.message


def test_a_mapping_file_is_refused_with_a_clear_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ParametreInvalide, match="data/mappings/soliguide/"):
        import_(engine, SAMPLE, mapping=tmp_path / "colonnes.toml")


def test_an_unknown_status_is_reported_not_guessed(engine: Engine, tmp_path: Path) -> None:
    items = places()
    place(items, 21)["status"] = "ARCHIVED"
    report = import_(engine, write(tmp_path, items))
    reasons = {r.ref: r.reason for r in report.rejections}
    assert reasons["soliguide--21"] == "statut Soliguide « ARCHIVED » inconnu"
    assert report.structures.crees == 20


def test_the_ids_other_sources_give_a_place_are_kept_to_link_it(
    engine: Engine, tmp_path: Path
) -> None:
    items = places()
    place(items, 7)["sources"] = [
        {"name": "Dora", "ids": [{"id": "5f1c-garage", "url": "https://dora.inclusion.gouv.fr"}]},
        {"name": "", "ids": ["ignoré"]},
    ]
    import_(engine, write(tmp_path, items))
    assert row(engine, "structures", "soliguide--7")["identifiants"] == ["dora:5f1c-garage"]
