"""Platform admins designate the coordinators of territories in the UI; the coordinator
then sees that territory's observatory, and no one else can designate."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.accounts.helpers import World, account, post, shown


def test_an_admin_designates_a_coordinator_who_then_sees_the_territory(world: World, login) -> None:  # type: ignore[no-untyped-def]
    account(world, "admin@example.org", admin=True)
    account(world, "coordination@example.org")
    coordinator = login("coordination@example.org")
    assert coordinator.get("/territoire/13").status_code == 403

    admin = login("admin@example.org")
    granted = post(
        admin,
        "/admin/coordinateurs",
        {"courriel": "Coordination@example.org", "territoire": "13"},
        page="/admin/coordinateurs",
    )
    assert granted.status_code == 303
    page = shown(admin.get("/admin/coordinateurs"))
    assert "coordination@example.org" in page and "Bouches-du-Rhône (13)" in page
    assert coordinator.get("/territoire/13").status_code == 200

    unknown = post(
        admin,
        "/admin/coordinateurs",
        {"courriel": "personne@example.org", "territoire": "13"},
        page="/admin/coordinateurs",
    )
    assert unknown.status_code == 422 and "Aucun compte" in unknown.text

    (action,) = re.findall(r'action="(/admin/coordinateurs/[^"]+/retirer)"', page)
    assert post(admin, action, page="/admin/coordinateurs").status_code == 303
    assert coordinator.get("/territoire/13").status_code == 403


def test_no_one_but_a_platform_admin_designates(world: World, login) -> None:  # type: ignore[no-untyped-def]
    account(world, "modo@example.org", departements=("13",))
    moderator: TestClient = login("modo@example.org")
    assert moderator.get("/admin/coordinateurs").status_code == 403
    refused = post(
        moderator,
        "/admin/coordinateurs",
        {"courriel": "modo@example.org", "territoire": "13"},
        page="/compte/connexion",
    )
    assert refused.status_code == 403
