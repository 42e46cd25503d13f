"""Freshness: services past their update frequency are « à vérifier » in search and in
the structure space, their structure gets a digest, and one click confirms them."""

from __future__ import annotations

import uuid
from datetime import date

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text

from maillage.cli import main
from tests.accounts.helpers import (
    COLIS,
    UID_A,
    VELOS,
    World,
    account,
    member,
    post,
    search_ids,
)
from tests.conftest import cli_env

SERVICE = {
    "nom": "Permanence mobilité",
    "description": "Un conseiller aide à trouver une solution pour se déplacer.",
    "thematiques": ["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
}


def managed_service(client: TestClient, world: World, months_ago: int) -> str:
    page = f"/espace-structure/structures/{UID_A}/services/nouveau"
    response = post(
        client,
        f"/espace-structure/structures/{UID_A}/services",
        {
            **{k: v for k, v in SERVICE.items() if k != "thematiques"},
            "thematiques": SERVICE["thematiques"],
            "action": "publier",
        },
        page,
    )
    assert response.status_code == 303, response.text
    uid = response.headers["location"].split("/")[-1].split("?")[0]
    with world.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE managed_services SET verified_at = now() - make_interval(0, :m) "
                "WHERE service_uid = :u"
            ),
            {"m": months_ago, "u": uid},
        )
    return uid


def flags(client: TestClient, world: World) -> dict[str, bool]:
    search_ids(client, world.settings, code_commune="13108")
    answer = client.get("/api/v1/search", params={"code_commune": "13108"}).json()
    return {r["id"]: r["a_verifier"] for r in answer["resultats"]}


def test_search_flags_services_past_their_frequency(
    client: TestClient, world: World, login
) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    editor = login("a@example.org")
    fresh = managed_service(editor, world, 2)
    stale = managed_service(editor, world, 7)
    found = flags(client, world)
    assert (found[fresh], found[stale]) == (False, True)
    # A shorter frequency makes the fresh one due too.
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE managed_services SET update_frequency_months = 1"))
    assert flags(client, world)[fresh] is True


def test_imported_services_count_from_their_date_maj(client: TestClient, world: World) -> None:
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE services SET date_maj = current_date - 400"))
    assert set(flags(client, world).values()) == {True}
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE services SET date_maj = current_date - 10"))
    assert set(flags(client, world).values()) == {False}


def test_the_digest_emails_the_team_once_a_week_and_one_click_confirms(
    client: TestClient, world: World, login
) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    member(world, account(world, "b@example.org"), UID_A, "admin")
    editor = login("a@example.org")
    stale = managed_service(editor, world, 7)
    dashboard = editor.get("/espace-structure").text
    assert "1 à vérifier" in dashboard and stale in dashboard

    env = {**cli_env(world.settings), "MAILLAGE_MAIL_OUTBOX_DIR": str(world.outbox.directory)}
    sent = CliRunner().invoke(main, ["admin", "digest", "--json"], env=env)
    assert sent.exit_code == 0, sent.output
    assert '"courriels": 2' in sent.output
    for address in ("a@example.org", "b@example.org"):
        [letter] = world.outbox.to(address)
        assert "à vérifier" in letter["Subject"]
        assert f"/espace-structure/services/{stale}" in letter.get_content()
    again = CliRunner().invoke(main, ["admin", "digest", "--json"], env=env)
    assert '"courriels": 0' in again.output

    page = f"/espace-structure/services/{stale}"
    assert post(editor, f"{page}/a-jour", page=page).status_code == 303
    assert flags(client, world)[stale] is False
    with world.engine.connect() as conn:
        assert (
            conn.execute(
                text("SELECT date_maj FROM services WHERE uid = :u"), {"u": stale}
            ).scalar()
            == date.today()
        )


def test_a_referent_cannot_confirm_a_service(client: TestClient, world: World, login) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    stale = managed_service(login("a@example.org"), world, 7)
    account(world, "referent@example.org")
    referent = login("referent@example.org")
    response = post(
        referent, f"/espace-structure/services/{stale}/a-jour", page="/espace-structure"
    )
    assert response.status_code == 403
    assert flags(client, world)[stale] is True
    assert uuid.UUID(stale) != COLIS


def test_an_unmanaged_service_s_contact_is_reminded_once_and_confirms_without_an_account(
    client: TestClient, world: World
) -> None:
    contact = "contact@velos.example.org"
    with world.engine.begin() as conn:
        conn.execute(
            text("UPDATE services SET courriel = :c, date_maj = current_date - 400 WHERE uid = :u"),
            {"c": contact, "u": VELOS},
        )
    env = {**cli_env(world.settings), "MAILLAGE_MAIL_OUTBOX_DIR": str(world.outbox.directory)}
    sent = CliRunner().invoke(main, ["admin", "digest", "--json"], env=env)
    assert sent.exit_code == 0, sent.output
    assert '"courriels": 1' in sent.output
    [letter] = world.outbox.to(contact)
    body = letter.get_content()
    assert "Location de vélos à petit prix (Garage solidaire du Rhône)" in body
    assert "/espace-structure/rejoindre?q=Garage+solidaire+du+R" in body
    again = CliRunner().invoke(main, ["admin", "digest", "--json"], env=env)
    assert '"courriels": 0' in again.output  # not before the period is over

    link = world.outbox.last_link(contact, f"/services/{VELOS}/a-jour")
    page = client.get(link.removeprefix("http://testserver"))
    assert page.status_code == 200 and "toujours à jour" in page.text
    assert flags(client, world)[str(VELOS)] is True  # opening the link changes nothing
    token = link.split("jeton=", 1)[1]
    origin = {"origin": "http://testserver"}
    forged = client.post(f"/services/{VELOS}/a-jour", data={"jeton": "x" * 32}, headers=origin)
    assert forged.status_code == 400 and "pas (ou plus) valable" in forged.text
    done = client.post(f"/services/{VELOS}/a-jour", data={"jeton": token}, headers=origin)
    assert done.status_code == 200 and "Merci" in done.text
    assert flags(client, world)[str(VELOS)] is False
