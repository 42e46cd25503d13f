"""Taking over an imported service: the local version supersedes it in search, and
later imports leave the imported one alone (importers/pipeline)."""

from __future__ import annotations

import copy

from fastapi.testclient import TestClient
from sqlalchemy import text

from importers.pipeline import run_import
from importers.registry import get_importer
from tests.accounts.helpers import (
    SERVICES,
    STRUCTURES,
    UID_A,
    VELOS,
    World,
    account,
    member,
    post,
    search_ids,
    write_dump,
)


def take_over(client: TestClient) -> str:
    page = f"/espace-structure/structures/{UID_A}"
    response = post(client, f"{page}/reprendre/{VELOS}", page=page)
    assert response.status_code == 303, response.text
    return response.headers["location"].split("/")[-1].split("?")[0]


def test_the_local_version_replaces_the_imported_one_in_search(
    client: TestClient, world: World, login
) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    assert str(VELOS) in search_ids(client, world.settings, code_commune="13108")
    local = take_over(login("a@example.org"))
    found = search_ids(client, world.settings, code_commune="13108")
    assert local in found and str(VELOS) not in found
    sheet = client.get(f"/api/v1/services/{local}").json()
    assert sheet["source"] == "maillage" and sheet["nom"] == "Location de vélos à petit prix"


def test_later_imports_neither_update_nor_archive_a_taken_over_service(
    client: TestClient, world: World, login, tmp_path
) -> None:
    member(world, account(world, "a@example.org"), UID_A)
    take_over(login("a@example.org"))
    changed = copy.deepcopy(SERVICES)
    changed[0]["nom"] = "Nom changé par la source"
    changed[1]["nom"] = "Colis alimentaires du mardi"
    # (The structures change too: the pipeline then writes their services with fresh
    # locations — see importers.pipeline.staging.)
    structures = copy.deepcopy(STRUCTURES)
    for structure in structures:
        structure["description"] = "Description revue par la source."
    report = run_import(
        world.engine,
        get_importer("data-inclusion"),
        write_dump(tmp_path / "v2", structures, changed),
    )
    assert (report.services.mis_a_jour, report.services.inchanges) == (1, 1), report.as_dict()
    # A full import that no longer lists it does not archive it either.
    report = run_import(
        world.engine,
        get_importer("data-inclusion"),
        write_dump(tmp_path / "v3", structures, changed[1:]),
        full=True,
    )
    assert report.services.lus == 1, report.as_dict()
    with world.engine.connect() as conn:
        row = conn.execute(
            text("SELECT nom, publication_status, archived FROM services WHERE uid = :u"),
            {"u": VELOS},
        ).one()
    assert tuple(row) == ("Location de vélos à petit prix", "suspended", False)


def test_only_members_take_over_and_only_once(client: TestClient, world: World, login) -> None:
    account(world, "referent@example.org")
    referent = login("referent@example.org")
    page = f"/espace-structure/structures/{UID_A}"
    assert post(referent, f"{page}/reprendre/{VELOS}", page="/espace-structure").status_code == 403
    member(world, account(world, "a@example.org"), UID_A)
    admin = login("a@example.org")
    take_over(admin)
    again = post(admin, f"{page}/reprendre/{VELOS}", page=page)
    assert again.status_code == 409
