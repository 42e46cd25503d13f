"""The service form: every data·inclusion field, the opening-hours helper, the zone,
history; and moderation of first publications and reported errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, text

from catalogue.models.reports import Signalement
from map.espace.forms import grid_from_hours, hours_from_grid
from tests.accounts.helpers import COLIS, UID_A, World, account, member, post, search_ids, shown

FORM = {
    "nom": "Aide au permis",
    "description": "Préparer le code et la conduite avec une auto-école sociale.",
    "type": "accompagnement",
    "thematiques": ["mobilite--preparer-un-permis", "mobilite--financer-ma-mobilite"],
    "publics": ["jeunes"],
    "frais": "payant",
    "frais_precisions": "10 € l'heure",
    "modes_accueil": ["en-presentiel", "a-distance"],
    "commune": "Arles",
    "code_postal": "13200",
    "zone_eligibilite": ["13"],
    "zone_codes": "30189, france",
    "h_mo_1_debut": "09:00",
    "h_mo_1_fin": "12:00",
    "h_tu_1_debut": "09:00",
    "h_tu_1_fin": "12:00",
    "h_tu_2_debut": "14:00",
    "h_tu_2_fin": "17:30",
    "h_feries_fermes": "1",
    "modes_mobilisation": ["telephoner"],
    "mobilisable_par": ["professionnels"],
    "telephone": "04 90 11 22 33",
    "nombre_semaines": "10",
    "frequence_maj_mois": "3",
}


@pytest.mark.parametrize(
    ("grid", "osm"),
    [
        ({"h_mo_1_debut": "09:00", "h_mo_1_fin": "12:00"}, "Mo 09:00-12:00"),
        (
            {
                f"h_{d}_1_{k}": v
                for d in ("mo", "tu", "we", "th", "fr")
                for k, v in (("debut", "08:30"), ("fin", "12:30"))
            }
            | {"h_feries_fermes": "1"},
            "Mo-Fr 08:30-12:30; PH off",
        ),
        ({"h_sa_1_debut": "25:00", "h_sa_1_fin": "12:00"}, None),
        ({}, None),
    ],
)
def test_the_hours_helper_writes_osm_syntax(grid: dict[str, str], osm: str | None) -> None:
    assert hours_from_grid(grid) == osm
    if osm:
        assert hours_from_grid(grid_from_hours(osm) or {}) == osm


def test_hours_it_cannot_show_stay_as_text() -> None:
    assert grid_from_hours("Mo-Fr 09:00-12:00; 2026 Dec 25 off") is None


def _form(client: TestClient, path: str, data: dict, page: str):
    return post(client, path, data, page)


def test_a_member_creates_and_edits_a_service_with_every_field(
    client: TestClient, world: World, login
) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    editor = login("a@example.org")
    new = f"/espace-structure/structures/{UID_A}/services/nouveau"
    page = editor.get(new)
    assert "Garde d'enfants" in shown(page) and "Thématiques, par frein" in shown(page)
    created = _form(
        editor,
        f"/espace-structure/structures/{UID_A}/services",
        {**FORM, "action": "enregistrer"},
        new,
    )
    assert created.status_code == 303, shown(created)
    uid = created.headers["location"].split("/")[-1].split("?")[0]
    with world.engine.connect() as conn:
        row = (
            conn.execute(text("SELECT * FROM services WHERE uid = :u"), {"u": uid}).mappings().one()
        )
    assert row["publication_status"] == "draft"
    assert row["horaires_accueil"] == "Mo 09:00-12:00; Tu 09:00-12:00,14:00-17:30; PH off"
    assert row["zone_eligibilite"] == ["13", "30189", "france"]
    assert row["code_commune_resolu"] == "13004" and row["telephone"] == "+33490112233"
    assert row["freins"] == ["mobilite"] and row["nombre_semaines"] == 10
    edit = editor.get(f"/espace-structure/services/{uid}")
    assert 'value="14:00"' in edit.text and "Gard (département 30)" not in shown(edit)
    assert "Nîmes (30189)" in shown(edit) and "France entière" in shown(edit)

    invalid = _form(
        editor,
        f"/espace-structure/services/{uid}",
        {**FORM, "nom": "X"},
        f"/espace-structure/services/{uid}",
    )
    assert invalid.status_code == 422 and "trop court" in shown(invalid)
    assert 'value="X"' in invalid.text  # what was typed is kept

    changed = _form(
        editor,
        f"/espace-structure/services/{uid}",
        {**FORM, "nom": "Aide au permis B", "action": "publier"},
        f"/espace-structure/services/{uid}",
    )
    assert changed.status_code == 303
    history = shown(editor.get(f"/espace-structure/services/{uid}"))
    assert "modification par a@example.org : nom" in history and "publication" in history
    assert uid in search_ids(client, world.settings, code_commune="13108")


def test_a_hostile_service_name_is_escaped(client: TestClient, world: World, login) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    editor = login("a@example.org")
    new = f"/espace-structure/structures/{UID_A}/services/nouveau"
    name = "<script>alert(1)</script> atelier"
    created = _form(
        editor, f"/espace-structure/structures/{UID_A}/services", {**FORM, "nom": name}, new
    )
    page = editor.get(created.headers["location"])
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; atelier" in page.text


def test_first_publications_and_reports_reach_the_moderators_of_the_departement(
    client: TestClient, world: World, login
) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    account(world, "modo13@example.org", departements=("13",))
    account(world, "modo30@example.org", departements=("30",))
    editor = login("a@example.org")
    new = f"/espace-structure/structures/{UID_A}/services/nouveau"
    created = _form(
        editor, f"/espace-structure/structures/{UID_A}/services", {**FORM, "action": "publier"}, new
    )
    uid = created.headers["location"].split("/")[-1].split("?")[0]
    with world.engine.begin() as conn:
        conn.execute(
            insert(Signalement.__table__).values(service_uid=COLIS, message="Fermé le lundi.")
        )
    modo13, modo30 = login("modo13@example.org"), login("modo30@example.org")
    queue13, queue30 = (
        shown(modo13.get("/admin/moderation")),
        shown(modo30.get("/admin/moderation")),
    )
    assert "Aide au permis" in queue13 and "Aide au permis" not in queue30
    assert "Fermé le lundi." in queue30 and "Fermé le lundi." not in queue13
    assert login("a@example.org").get("/admin/moderation").status_code == 403

    suspended = post(
        modo13, f"/admin/moderation/publications/{uid}/suspendre", page="/admin/moderation"
    )
    assert suspended.status_code == 303
    assert uid not in search_ids(client, world.settings, code_commune="13108")
    # The structure cannot put it back by itself.
    again = post(
        editor,
        f"/espace-structure/services/{uid}/publier",
        page=f"/espace-structure/services/{uid}",
    )
    assert again.status_code == 403
    with world.engine.connect() as conn:
        report = conn.execute(text("SELECT id FROM signalements")).scalar_one()
    assert (
        post(
            modo13, f"/admin/moderation/signalements/{report}/traiter", page="/admin/moderation"
        ).status_code
        == 403
    )
    assert (
        post(
            modo30, f"/admin/moderation/signalements/{report}/traiter", page="/admin/moderation"
        ).status_code
        == 303
    )
    assert "Fermé le lundi." not in shown(modo30.get("/admin/moderation"))
