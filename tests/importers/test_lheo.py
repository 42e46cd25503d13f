"""The LHEO importer: the real ``lheo-index`` of ../shared, a full-format fixture written
after the public LHEO schema, and broken copies of both."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
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
from importers import lheo
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer
from tests.conftest import REAL_DATA

SAMPLE = REAL_DATA / "lheo" / "intercarif-paris-2017.xml"
FULL = Path(__file__).parent / "fixtures" / "lheo-offres-complet.xml"
BELFORT = (47.6379, 6.8628)
TARASCON = (43.8058, 4.6603)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real index with its sessions still running (they ended in 2018 and 2019: such
    offers are not imported), as on the day of its export."""
    path = tmp_path_factory.mktemp("lheo") / SAMPLE.name
    running = re.sub(r"<fin>20(1[89])", r"<fin>21\1", SAMPLE.read_text(encoding="utf-8"))
    path.write_text(running, encoding="utf-8")
    return path


def import_(engine: Engine, path: Path, **options: Any) -> ImportReport:
    return run_import(engine, get_importer("lheo"), path, **options)


def adds_up(report: ImportReport) -> bool:
    return all(
        c.lus == c.crees + c.mis_a_jour + c.inchanges + c.rejetes
        for c in (report.structures, report.services)
    )


def row(engine: Engine, table: str, record_id: str) -> dict[str, Any]:
    with engine.connect() as conn:
        found = conn.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": record_id})
        return dict(found.mappings().one())


def variant(tmp_path: Path, source: Path, *changes: tuple[str, str]) -> Path:
    """A copy of ``source`` with each (old, new) replaced once; old must be there."""
    content = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in content, old
        content = content.replace(old, new, 1)
    path = tmp_path / source.name
    path.write_text(content, encoding="utf-8")
    return path


def search(
    engine: Engine, settings: Settings, where: tuple[float, float], frein: str
) -> list[dict[str, Any]]:
    params = SearchParams(lat=where[0], lon=where[1], freins=(frein,), taille=100)
    results: list[dict[str, Any]] = run_search(
        engine, PostgisBackend(engine), params, settings.search
    )["resultats"]
    return results


# -- the real lheo-index ---------------------------------------------------------------


def test_the_real_index_imports_whole_and_its_counts_add_up(engine: Engine, sample: Path) -> None:
    report = import_(engine, sample)
    assert adds_up(report)
    # 10 offers from 3 training bodies (the Sorbonne's 8 offers share one SIRET).
    assert (report.structures.crees, report.services.crees) == (3, 10)
    assert report.rejections == []
    assert report.sources == ["lheo"]


def test_reimporting_the_index_creates_and_updates_nothing(engine: Engine, sample: Path) -> None:
    import_(engine, sample)
    again = import_(engine, sample)
    assert adds_up(again)
    assert (again.structures.crees, again.structures.mis_a_jour, again.structures.inchanges) == (
        0,
        0,
        3,
    )
    assert (again.services.crees, again.services.mis_a_jour, again.services.inchanges) == (0, 0, 10)


def test_index_offers_keep_their_sessions_place_and_training_body(
    engine: Engine, sample: Path
) -> None:
    import_(engine, sample)
    guide = row(engine, "services", "lheo--14_AF_0000011179_SE_0000093700")
    assert guide["nom"] == "Licence pro guide conférencier"
    assert "Session : début le 3 octobre 2017, fin le 28 septembre 2119." in guide["description"]
    assert "Formation certifiante (RNCP 25730)." in guide["description"]
    assert "Durée : 482 heures." in guide["description"]
    assert (guide["type"], guide["thematiques"]) == (
        "formation",
        ["se-former--trouver-sa-formation"],
    )
    assert guide["publics"] == ["tous-publics"]  # "tout public" wins over the other codes
    assert (guide["geocoding_precision"], guide["code_commune_resolu"]) == ("source", "75117")
    assert abs(guide["latitude"] - 48.897144) < 1e-6
    assert guide["structure_id"] == "lheo--19750707200027"
    tourism = row(engine, "services", "lheo--14_AF_0000028218_SE_0000118670")
    assert "début en septembre 2017, fin en mars 2118" in tourism["description"]
    assert tourism["publics"] == ["demandeurs-emploi"]
    body = row(engine, "structures", "lheo--19751720400396")
    assert (body["nom"], body["siret"]) == ("UNIVERSITE PARIS 4 SORBONNE", "19751720400396")
    with engine.connect() as conn:
        offers = conn.execute(
            text("SELECT count(*) FROM services WHERE structure_id = 'lheo--19751720400396'")
        ).scalar_one()
    assert offers == 8


def test_offers_without_datemaj_are_dated_by_the_export_date_the_file_states(
    engine: Engine, sample: Path
) -> None:
    import_(engine, sample)  # <extra info="date-export">20170809</extra>, at its end
    dates = {
        row(engine, "services", "lheo--14_AF_0000011179_SE_0000093700")["date_maj"].isoformat(),
        row(engine, "structures", "lheo--39297563700043")["date_maj"].isoformat(),
    }
    assert dates == {"2017-08-09"}


def test_a_file_that_states_no_export_date_is_dated_by_its_last_change(
    engine: Engine, tmp_path: Path, sample: Path
) -> None:
    copy = variant(tmp_path, sample, ('<extra info="date-export">20170809</extra>', ""))
    stamp = datetime(2024, 5, 6, 12, 0).timestamp()
    os.utime(copy, (stamp, stamp))
    import_(engine, copy)
    found = row(engine, "services", "lheo--14_AF_0000011179_SE_0000093700")["date_maj"]
    assert found.isoformat() == "2024-05-06"


def test_offers_whose_sessions_have_all_ended_are_not_imported(engine: Engine) -> None:
    report = import_(engine, SAMPLE)  # as it is: every session ended in 2018 or 2019
    assert adds_up(report)
    assert (report.structures.lus, report.services.crees, report.services.rejetes) == (0, 0, 10)
    reasons = {r.ref: r.reason for r in report.rejections}
    assert reasons["lheo--14_AF_0000011179_SE_0000093700"] == (
        "sessions terminées (la dernière le 28 septembre 2019) : offre non importée"
    )
    assert reasons["lheo--14_AF_0000028218_SE_0000118670"] == (
        "sessions terminées (la dernière le 31 mars 2018) : offre non importée"
    )
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM services")).scalar_one() == 0


def test_an_offer_with_one_session_to_come_is_imported(engine: Engine, tmp_path: Path) -> None:
    ended = ("<fin>20990400</fin>", "<fin>20200400</fin>")
    path = variant(tmp_path, FULL, ended, ("<fin>20991219</fin>", "<fin>20191219</fin>"))
    report = import_(engine, path)
    reasons = {r.ref: r.reason for r in report.rejections}
    assert reasons == {
        "lheo--ACT_FLE_BELFORT": (
            "sessions terminées (la dernière le 30 avril 2020) : offre non importée"
        )
    }
    path = variant(tmp_path, FULL, ended)  # one of its two sessions still to end
    assert import_(engine, path).rejections == []
    # It leaves search the day after its last session, without another import.
    belfort = row(engine, "services", "lheo--ACT_FLE_BELFORT")
    assert (belfort["fermeture_debut"], belfort["fermeture_fin"]) == (date(2099, 12, 20), None)


def test_a_bad_summary_is_rejected_with_its_reason_and_the_rest_imported(
    engine: Engine, tmp_path: Path, sample: Path
) -> None:
    path = variant(
        tmp_path,
        sample,
        ('<nom-organisme numero="14_OF_0000011022">', "<nom-organisme>"),
        ("<SIRET>39297563700043</SIRET>", ""),
        ('<extra info="latitude">48.899569</extra>', '<extra info="latitude">nord</extra>'),
        ("<codepostal>75005</codepostal>", "<codepostal>7505</codepostal>"),
    )
    report = import_(engine, path)
    assert adds_up(report)
    assert (report.services.crees, report.services.rejetes) == (7, 3)
    reasons = {r.ref: r.reason for r in report.rejections}
    assert reasons["lheo--14_AF_0000028218_SE_0000118670"] == (
        "organisme de formation sans SIRET ni numéro"
    )
    assert reasons["lheo--14_AF_0000036088_SE_0000116542"] == "latitude illisible « nord »"
    assert "code_postal" in reasons["lheo--14_AF_0000036101_SE_0000116567"]


# -- the full format -------------------------------------------------------------------


def test_the_full_format_imports_each_action_under_its_trainer(engine: Engine) -> None:
    report = import_(engine, FULL)
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees) == (3, 3)
    assert report.rejections == []
    belfort = row(engine, "services", "lheo--ACT_FLE_BELFORT")
    assert belfort["structure_id"] == "lheo--35600000000048"  # the action's organisme-formateur
    delle = row(engine, "services", "lheo--ACT_FLE_DELLE")
    assert delle["structure_id"] == "lheo--35600000000030"  # no trainer: the responsible body
    trainer = row(engine, "structures", "lheo--35600000000048")
    assert (trainer["nom"], trainer["adresse"]) == (
        "Lingua Nord, antenne de Belfort",
        "4 rue de l'Étuve",
    )
    # The trainer gives no address of its own; it is the responsible body (same SIRET).
    driving = row(engine, "structures", "lheo--41100000000013")
    assert (driving["adresse"], driving["code_commune_resolu"]) == ("2 boulevard Itam", "13108")


def test_full_offers_keep_contents_sessions_fees_publics_and_modes(engine: Engine) -> None:
    import_(engine, FULL)
    fle = row(engine, "services", "lheo--ACT_FLE_BELFORT")
    assert fle["description"].startswith("Communiquer en français")
    assert "Résultats attendus : Niveau A2" in fle["description"]
    assert (
        "Sessions : début le 15 septembre 2025, fin le 19 décembre 2099 ; "
        "début le 5 janvier 2026, fin en avril 2099."
    ) in fle["description"]
    assert fle["date_maj"].isoformat() == "2025-03-12"
    assert (fle["frais"], fle["frais_precisions"]) == (
        "gratuit",
        "Prise en charge des frais possible.",
    )
    assert fle["publics"] == ["demandeurs-emploi", "personnes-exilees"]
    assert "contrat d'intégration républicaine" in fle["publics_precisions"]
    assert fle["modes_accueil"] == ["en-presentiel"]
    assert fle["lien_source"] == "https://lingua-nord.example.org/fle/belfort"
    assert (fle["telephone"], fle["courriel"]) == ("+33384211111", "fle@lingua-nord.example.org")
    assert fle["conditions_acces"] == "Entretien et test de positionnement."
    delle = row(engine, "services", "lheo--ACT_FLE_DELLE")
    assert delle["modes_accueil"] == ["a-distance", "en-presentiel"]
    assert delle["lien_source"] == "https://lingua-nord.example.org/fle"  # the formation's
    assert (delle["geocoding_precision"], delle["code_commune_resolu"]) == ("commune", "90033")
    driving = row(engine, "services", "lheo--ACT_PERMIS_TARASCON")
    assert driving["frais"] == "payant"
    assert driving["frais_precisions"].startswith("Prix total : 1 200 € TTC. ")
    assert driving["publics"] == ["jeunes"]
    assert "Session : début en mars 2025." in driving["description"]


@pytest.mark.parametrize(
    ("service", "thematique", "frein"),
    [
        ("lheo--ACT_FLE_BELFORT", "lecture-ecriture-calcul--maitriser-le-francais", "francais"),
        ("lheo--ACT_PERMIS_TARASCON", "mobilite--preparer-un-permis", "mobilite"),
    ],
)
def test_formacode_adds_better_thematiques_than_se_former(
    engine: Engine, service: str, thematique: str, frein: str
) -> None:
    import_(engine, FULL)
    offer = row(engine, "services", service)
    assert offer["thematiques"] == sorted([thematique, "se-former--trouver-sa-formation"])
    assert frein in offer["freins"]


def test_french_lessons_are_found_under_francais_around_belfort(
    engine: Engine, settings: Settings
) -> None:
    import_(engine, FULL)
    found = search(engine, settings, BELFORT, "francais")
    assert [(r["nom"], r["commune"]) for r in found] == [
        ("Français langue étrangère à visée professionnelle", "Belfort"),
        ("Français langue étrangère à visée professionnelle", "Delle"),
    ]
    assert found[0]["distance_km"] < 0.1
    assert search(engine, settings, BELFORT, "mobilite") == []


def test_a_driving_licence_course_is_found_under_mobilite_in_tarascon(
    engine: Engine, settings: Settings
) -> None:
    import_(engine, FULL)
    found = search(engine, settings, TARASCON, "mobilite")
    assert [r["nom"] for r in found] == ["Permis B en parcours accompagné"]
    assert found[0]["type"] == "formation"


def test_a_bad_action_is_rejected_with_its_reason_and_the_rest_imported(
    engine: Engine, tmp_path: Path
) -> None:
    path = variant(
        tmp_path,
        FULL,
        ("<latitude>47.6379</latitude>", "<latitude>quarante-sept</latitude>"),
        ("<codepostal>13150</codepostal>", "<codepostal>1315</codepostal>"),
        (
            "  </offres>",
            '    <formation numero="FOR_VIDE"><intitule-formation>Vide</intitule-formation>'
            "</formation>\n  </offres>",
        ),
    )
    report = import_(engine, path)
    assert adds_up(report)
    assert (report.services.crees, report.services.rejetes) == (1, 3)
    reasons = {r.ref: r.reason for r in report.rejections}
    assert reasons["lheo--ACT_FLE_BELFORT"] == "latitude illisible « quarante-sept »"
    assert "code_postal" in reasons["lheo--ACT_PERMIS_TARASCON"]
    assert reasons["lheo--FOR_VIDE"] == "formation sans action"


# -- unreadable files and mapping tables -----------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        SAMPLE.read_bytes()[:3000],
        b"",
        b"\xff\xfe\x00garbage",
        b"<html><body>Pas une offre</body></html>",
        b'<lheo-index xmlns="http://www.lheo.org/2.2"><resumes-offres>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b"<lheo><offres>&e;</offres></lheo>",
    ],
    ids=["truncated", "empty", "binary", "not-lheo", "unclosed", "external-entity"],
)
def test_an_unreadable_file_gives_one_clear_error(
    engine: Engine, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "offres.xml"
    path.write_bytes(content)
    with pytest.raises(FichierIllisible) as error:
        import_(engine, path)
    assert error.value.message.startswith("offres.xml ")
    assert "\n" not in error.value.message


def test_a_missing_file_gives_one_clear_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(FichierIllisible, match="illisible"):
        import_(engine, tmp_path / "absent.xml")


def test_french_language_formacodes_lead_to_the_francais_frein() -> None:
    table = lheo.formacode_thematiques()
    for code in ("15235", "15040", "15043"):  # FLE, français mise à niveau, alphabétisation
        assert freins_of(table[code].values) == ["francais"]


def test_a_mapping_table_with_an_unknown_thematique_is_refused_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "formacode.csv").write_text(
        "code_formacode,libelle,thematiques,remarque\n"
        "15235,Français langue étrangère,lecture-ecriture-calcul--maitriser-le-francais,\n"
        "99999,Cuisine,cuisine-du-monde,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(lheo, "MAPPINGS", tmp_path)
    lheo.formacode_thematiques.cache_clear()
    try:
        with pytest.raises(ParametreInvalide, match=r"formacode\.csv, ligne 3"):
            lheo.formacode_thematiques()
    finally:
        lheo.formacode_thematiques.cache_clear()


def test_a_mapping_file_is_refused_with_a_clear_error(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(ParametreInvalide, match="data/mappings/lheo/"):
        import_(engine, SAMPLE, mapping=tmp_path / "colonnes.toml")
