"""The write API: a structure's system publishes its services with an API token."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.accounts.helpers import (
    UID_A,
    UID_B,
    World,
    account,
    issue_api_token,
    member,
    post,
    search_ids,
)

SERVICE = {
    "nom": "Atelier de réparation de vélos",
    "description": "Apprendre à réparer son vélo avec des bénévoles, le samedi matin.",
    "thematiques": ["mobilite--entretenir-reparer-son-vehicule"],
    "publics": ["tous-publics"],
    "frais": "gratuit",
    "modes_accueil": ["en-presentiel"],
    "zone_eligibilite": ["13"],
    "horaires_accueil": "Sa 09:00-12:00",
    "telephone": "04 90 00 00 00",
}


@pytest.fixture
def tokens(client: TestClient, world: World, login) -> dict[str, str]:
    admin_a = account(world, "admin-a@example.org")
    admin_b = account(world, "admin-b@example.org")
    member(world, admin_a, UID_A, "admin")
    member(world, admin_b, UID_B, "admin")
    return {
        "A": issue_api_token(login("admin-a@example.org"), UID_A, "Logiciel A"),
        "B": issue_api_token(login("admin-b@example.org"), UID_B, "Logiciel B"),
    }


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def services_url(structure: uuid.UUID) -> str:
    return f"/api/v1/structures/{structure}/services"


def test_a_structure_publishes_a_service_found_by_search(
    client: TestClient, world: World, tokens: dict[str, str]
) -> None:
    created = client.post(services_url(UID_A), json=SERVICE, headers=bearer(tokens["A"]))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["statut"] == "publie" and body["a_verifier"] is False
    assert body["source"] == "maillage" and body["id"] == f"maillage--{body['uid']}"
    assert body["structure_id"] == "dora--garage"
    assert body["telephone"] == "+33490000000"  # normalised like imports
    found = search_ids(client, world.settings, code_commune="13108")
    assert body["uid"] in found
    result = next(
        r
        for r in client.get("/api/v1/search", params={"code_commune": "13108"}).json()["resultats"]
        if r["id"] == body["uid"]
    )
    assert result["a_verifier"] is False and result["freins"] == ["mobilite"]


def test_invalid_services_are_refused_in_french(client: TestClient, tokens: dict[str, str]) -> None:
    cases = [
        ({**SERVICE, "thematiques": ["velo"]}, "thematiques"),
        ({**SERVICE, "nom": "A"}, "trop court"),
        ({**SERVICE, "champ_inconnu": 1}, "champ inconnu"),
        ({**SERVICE, "zone_eligibilite": ["99999"]}, "Zone d'éligibilité"),
        ({**SERVICE, "code_insee": "00000"}, "Lieu introuvable"),
        ({**SERVICE, "publics": ["tous-publics", "femmes"]}, "tous-publics"),
    ]
    for body, expected in cases:
        response = client.post(services_url(UID_A), json=body, headers=bearer(tokens["A"]))
        assert response.status_code == 422, body
        assert expected in response.json()["erreur"], response.json()


def test_put_patch_and_delete_edit_then_archive(
    client: TestClient, world: World, tokens: dict[str, str]
) -> None:
    headers = bearer(tokens["A"])
    uid = client.post(
        services_url(UID_A), json={**SERVICE, "publie": False}, headers=headers
    ).json()["uid"]
    url = f"{services_url(UID_A)}/{uid}"
    assert uid not in search_ids(client, world.settings, code_commune="13108")  # a draft

    replaced = client.put(url, json={**SERVICE, "nom": "Atelier vélo solidaire"}, headers=headers)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["champs_modifies"] == ["nom"]
    assert replaced.json()["statut"] == "publie"

    patched = client.patch(url, json={"frais": "payant", "frequence_maj_mois": 3}, headers=headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["frais"] == "payant" and patched.json()["nom"] == "Atelier vélo solidaire"
    assert patched.json()["frequence_maj_mois"] == 3
    assert uid in search_ids(client, world.settings, code_commune="13108")

    assert client.delete(url, headers=headers).status_code == 204
    assert uid not in search_ids(client, world.settings, code_commune="13108")
    assert client.get(url, headers=headers).json()["statut"] == "archive"
    with world.engine.connect() as conn:
        history = conn.execute(
            text(
                "SELECT h.action, k.name FROM service_history h JOIN api_tokens k "
                "ON k.id = h.api_token_id WHERE h.service_uid = :uid ORDER BY h.id"
            ),
            {"uid": uid},
        ).all()
    assert [a for a, _ in history] == [
        "creation",
        "modification",
        "publication",
        "modification",
        "archivage",
    ]
    assert {name for _, name in history} == {"Logiciel A"}


def test_tokens_act_for_their_own_structure_only(
    client: TestClient, world: World, tokens: dict[str, str]
) -> None:
    uid = client.post(services_url(UID_A), json=SERVICE, headers=bearer(tokens["A"])).json()["uid"]
    other = bearer(tokens["B"])
    assert client.post(services_url(UID_A), json=SERVICE, headers=other).status_code == 403
    assert client.get(services_url(UID_A), headers=other).status_code == 403
    # B's token on B's URL cannot reach A's service either.
    for method in ("get", "put", "patch", "delete"):
        kwargs = {"json": SERVICE} if method in ("put", "patch") else {}
        response = getattr(client, method)(f"{services_url(UID_B)}/{uid}", headers=other, **kwargs)
        assert response.status_code == 404, method
    assert (
        client.get(f"{services_url(UID_A)}/{uid}", headers=bearer(tokens["A"])).json()["nom"]
        == SERVICE["nom"]
    )


def test_missing_unknown_and_revoked_tokens_are_refused(
    client: TestClient, world: World, tokens: dict[str, str], login
) -> None:
    assert client.post(services_url(UID_A), json=SERVICE).status_code == 401
    assert (
        client.post(services_url(UID_A), json=SERVICE, headers=bearer("mlg_invente")).status_code
        == 401
    )
    admin = login("admin-a@example.org")
    with world.engine.connect() as conn:
        token_id = conn.execute(
            text("SELECT id FROM api_tokens WHERE structure_uid = :s"), {"s": UID_A}
        ).scalar_one()
    page = f"/espace-structure/structures/{UID_A}"
    assert post(admin, f"{page}/jetons/{token_id}/revoquer", page=page).status_code == 303
    refused = client.post(services_url(UID_A), json=SERVICE, headers=bearer(tokens["A"]))
    assert refused.status_code == 401
    assert "révoqué" in refused.json()["erreur"]


def test_tokens_are_stored_hashed(world: World, tokens: dict[str, str]) -> None:
    with world.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash, prefix FROM api_tokens")).all()
    for token in tokens.values():
        assert all(token not in row for row in stored)
    assert {p for _, p in stored} == {t[:8] for t in tokens.values()}


def test_the_write_api_is_documented_in_french(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    operations = spec["paths"]["/api/v1/structures/{uid}/services/{service_uid}"]
    assert set(operations) >= {"get", "put", "patch", "delete"}
    assert "post" in spec["paths"]["/api/v1/structures/{uid}/services"]
    assert "JetonStructure" in spec["components"]["securitySchemes"]
    assert (
        "data·inclusion" in operations["put"]["description"]
        or "champs" in operations["put"]["description"]
    )


def test_an_expired_token_is_refused_and_the_list_shows_expiry_and_last_use(
    client: TestClient, world: World, tokens: dict[str, str], login
) -> None:
    used = client.post(services_url(UID_A), json=SERVICE, headers=bearer(tokens["A"]))
    assert used.status_code == 201
    admin = login("admin-a@example.org")
    page = admin.get(f"/espace-structure/structures/{UID_A}").text
    assert "utilisé pour la dernière fois le" in page and "valable jusqu'au" in page
    with world.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE api_tokens SET expires_at = now() - interval '1 day'"
                " WHERE structure_uid = :s"
            ),
            {"s": UID_A},
        )
    refused = client.post(services_url(UID_A), json=SERVICE, headers=bearer(tokens["A"]))
    assert refused.status_code == 401
    assert "expiré le" in refused.json()["erreur"]
    assert "expiré le" in admin.get(f"/espace-structure/structures/{UID_A}").text


def test_a_token_lasts_the_validity_chosen_or_until_revoked(
    client: TestClient, world: World, tokens: dict[str, str], login
) -> None:
    admin = login("admin-a@example.org")
    page = f"/espace-structure/structures/{UID_A}"
    for choice in ("30", "sans-limite"):
        created = post(admin, f"{page}/jetons", {"nom": f"SI {choice}", "validite": choice}, page)
        assert created.status_code == 200
    refused = post(admin, f"{page}/jetons", {"nom": "SI", "validite": "7"}, page)
    assert refused.status_code == 422
    with world.engine.connect() as conn:
        days = dict(
            conn.execute(
                text(
                    "SELECT name, round(extract(epoch FROM expires_at - created_at) / 86400)"
                    " FROM api_tokens WHERE name LIKE 'SI %'"
                )
            ).all()
        )
    assert days == {"SI 30": 30, "SI sans-limite": None}
