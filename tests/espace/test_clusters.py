"""Moderators review the linked structures of their départements: they confirm a
cluster or split one, and imports keep their word."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import text

from importers.pipeline import run_import
from importers.registry import get_importer
from tests.accounts.helpers import UID_A, World, account, post, shown, write_dump

TWIN = {
    "source": "soliguide",
    "id": "soliguide--garage",
    "nom": "GARAGE SOLIDAIRE DU RHONE",
    "date_maj": "2025-02-01",
    "commune": "Tarascon",
    "code_postal": "13150",
    "code_insee": "13108",
    "adresse": "1, rue du Port",
}


def _import_twin(world: World, folder: Path, **changes: str) -> None:
    twin = {**TWIN, **changes}
    run_import(world.engine, get_importer("data-inclusion"), write_dump(folder, [twin], []))


def _cluster_ids(world: World) -> dict[str, object]:
    with world.engine.connect() as conn:
        return dict(conn.execute(text("SELECT id, cluster_id FROM structures")).all())


def test_a_moderator_splits_a_cluster_and_imports_keep_it_split(
    client: TestClient, world: World, login, tmp_path: Path
) -> None:
    _import_twin(world, tmp_path / "a")
    assert _cluster_ids(world)["soliguide--garage"] == UID_A
    account(world, "modo13@example.org", departements=("13",))
    account(world, "modo30@example.org", departements=("30",))

    elsewhere = login("modo30@example.org")
    assert "GARAGE SOLIDAIRE DU RHONE" not in shown(elsewhere.get("/admin/moderation"))
    refused = post(
        elsewhere, f"/admin/moderation/grappes/{UID_A}/confirmer", page="/admin/moderation"
    )
    assert refused.status_code == 403

    moderator = login("modo13@example.org")
    page = shown(moderator.get("/admin/moderation"))
    assert "GARAGE SOLIDAIRE DU RHONE" in page and "représente la grappe" in page
    with world.engine.connect() as conn:
        twin = conn.execute(text("SELECT uid FROM structures WHERE source = 'soliguide'")).scalar()
    split = post(
        moderator, f"/admin/moderation/grappes/{UID_A}/separer/{twin}", page="/admin/moderation"
    )
    assert split.status_code == 303
    assert set(_cluster_ids(world).values()) == {None}

    _import_twin(world, tmp_path / "b")  # the same file again: still apart
    # Even when its name now matches exactly.
    _import_twin(world, tmp_path / "c", nom="Garage solidaire du Rhône")
    assert set(_cluster_ids(world).values()) == {None}


def test_a_confirmed_cluster_is_shown_as_such(
    client: TestClient, world: World, login, tmp_path: Path
) -> None:
    _import_twin(world, tmp_path / "a")
    account(world, "modo13@example.org", departements=("13",))
    moderator = login("modo13@example.org")
    confirmed = post(
        moderator, f"/admin/moderation/grappes/{UID_A}/confirmer", page="/admin/moderation"
    )
    assert confirmed.status_code == 303
    assert "Confirmée" in shown(moderator.get("/admin/moderation"))
    with world.engine.connect() as conn:
        decisions = conn.execute(text("SELECT same FROM link_decisions")).scalars().all()
    assert decisions == [True]
