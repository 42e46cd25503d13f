"""Claiming or creating a structure: SIRET checks, moderators validate first admins
(of their départements only), admins accept later members."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from api.publish.siret import siret_valid
from tests.accounts.helpers import (
    SIRET_A,
    UID_A,
    UID_B,
    World,
    account,
    member,
    post,
    shown,
)


@pytest.mark.parametrize(
    ("siret", "valid"),
    [
        (SIRET_A, True),
        ("73282932000074", True),  # a real-world shaped Luhn-valid SIRET
        ("73282932000075", False),  # one digit off
        ("35600000000048", True),  # La Poste's head office: Luhn, like everyone
        ("35600000012346", True),  # La Poste: digits sum to a multiple of 5, not Luhn
        ("35600000012345", False),
        ("1234567890123", False),  # 13 digits
        ("7328293200007a", False),
    ],
)
def test_siret_check_digits_including_la_poste(siret: str, valid: bool) -> None:
    assert siret_valid(siret) is valid


def _requests(world: World) -> list[tuple[str, str, str]]:
    with world.engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT u.email, m.role, m.status FROM structure_members m "
                    "JOIN users u ON u.id = m.user_id ORDER BY m.id"
                )
            )
        ]


def test_the_first_admin_is_validated_by_a_moderator_of_the_departement(
    client: TestClient, world: World, login
) -> None:
    account(world, "alice@example.org")
    account(world, "modo30@example.org", departements=("30",))
    account(world, "modo13@example.org", departements=("13",))
    alice = login("alice@example.org")

    found = alice.get(
        "/espace-structure/rejoindre", params={"siret": SIRET_A[:9] + " " + SIRET_A[9:]}
    )
    assert "Garage solidaire du Rhône" in shown(found) and "Revendiquer" in found.text
    claimed = post(
        alice, f"/espace-structure/structures/{UID_A}/rejoindre", page="/espace-structure"
    )
    assert claimed.status_code == 303
    assert _requests(world) == [("alice@example.org", "admin", "pending")]
    # Not a member yet: the structure's pages stay closed.
    assert alice.get(f"/espace-structure/structures/{UID_A}").status_code == 403

    [request_id] = [
        r[0] for r in world.engine.connect().execute(text("SELECT id FROM structure_members"))
    ]
    other_departement = login("modo30@example.org")
    assert "Garage solidaire" not in shown(other_departement.get("/admin/moderation"))
    refused = post(
        other_departement,
        f"/espace-structure/membres/{request_id}/accepter",
        page="/admin/moderation",
    )
    assert refused.status_code == 403

    moderator = login("modo13@example.org")
    assert "Garage solidaire du Rhône" in shown(moderator.get("/admin/moderation"))
    accepted = post(
        moderator, f"/espace-structure/membres/{request_id}/accepter", page="/admin/moderation"
    )
    assert accepted.status_code == 303
    assert _requests(world) == [("alice@example.org", "admin", "active")]
    assert "acceptée" in world.outbox.to("alice@example.org")[-1].get_content()
    assert alice.get(f"/espace-structure/structures/{UID_A}").status_code == 200


def test_later_members_are_accepted_by_the_structures_admins(
    client: TestClient, world: World, login
) -> None:
    member(world, account(world, "admin@example.org"), UID_A, "admin")
    account(world, "bob@example.org")
    account(world, "modo13@example.org", departements=("13",))
    bob = login("bob@example.org")
    found = bob.get("/espace-structure/rejoindre", params={"siret": SIRET_A})
    assert "Demander à rejoindre" in shown(found)
    post(bob, f"/espace-structure/structures/{UID_A}/rejoindre", page="/espace-structure")
    assert _requests(world)[-1] == ("bob@example.org", "member", "pending")
    request_id = (
        world.engine.connect().execute(text("SELECT max(id) FROM structure_members")).scalar()
    )
    # Not the moderators' business any more: the structure has an admin.
    moderator = login("modo13@example.org")
    assert "bob@example.org" not in moderator.get("/admin/moderation").text
    assert (
        post(
            moderator, f"/espace-structure/membres/{request_id}/accepter", page="/admin/moderation"
        ).status_code
        == 403
    )
    admin = login("admin@example.org")
    page = f"/espace-structure/structures/{UID_A}"
    assert "bob@example.org" in admin.get(page).text
    assert (
        post(
            admin, f"/espace-structure/membres/{request_id}/accepter", {"retour": page}, page
        ).status_code
        == 303
    )
    assert _requests(world)[-1] == ("bob@example.org", "member", "active")
    again = post(bob, f"/espace-structure/structures/{UID_A}/rejoindre", page="/espace-structure")
    assert again.status_code == 409


def test_search_by_name_and_commune(client: TestClient, world: World, login) -> None:
    account(world, "alice@example.org")
    alice = login("alice@example.org")
    found = alice.get(
        "/espace-structure/rejoindre", params={"nom": "epicerie costieres", "code_commune": "30189"}
    )
    assert "Épicerie sociale des Costières" in shown(found)
    assert f"/espace-structure/structures/{UID_B}/rejoindre" in found.text
    nothing = alice.get(
        "/espace-structure/rejoindre", params={"nom": "epicerie", "code_commune": "13108"}
    )
    assert "0 structure(s) trouvée(s)" in shown(nothing)
    bad = alice.get("/espace-structure/rejoindre", params={"siret": "12345678901234"})
    assert "SIRET invalide" in shown(bad)


def test_creating_a_structure_validates_it_with_the_schema(
    client: TestClient, world: World, login
) -> None:
    account(world, "alice@example.org")
    alice = login("alice@example.org")
    taken = post(
        alice,
        "/espace-structure/structures",
        {"nom": "Doublon", "siret": SIRET_A, "commune": "Tarascon", "code_postal": "13150"},
        "/espace-structure/rejoindre",
    )
    assert taken.status_code == 422 and "porte déjà ce SIRET" in shown(taken)
    nowhere = post(
        alice, "/espace-structure/structures", {"nom": "Sans lieu"}, "/espace-structure/rejoindre"
    )
    assert nowhere.status_code == 422 and "commune" in shown(nowhere)
    created = post(
        alice,
        "/espace-structure/structures",
        {
            "nom": "Association Roue Libre",
            "siret": "35600000012346",
            "commune": "Tarascon",
            "code_postal": "13150",
            "courriel": "contact@rouelibre.example",
        },
        "/espace-structure/rejoindre",
    )
    assert created.status_code == 303, shown(created)
    with world.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT uid, id, source, code_commune_resolu FROM structures "
                "WHERE nom = 'Association Roue Libre'"
            )
        ).one()
    assert row.source == "maillage" and row.id == f"maillage--{row.uid}"
    assert row.code_commune_resolu == "13108"
    assert _requests(world) == [("alice@example.org", "admin", "pending")]
