"""``/territoire/{code}``: a coordinator opens the observatory of their territory (and of
a commune inside it), downloads its figures, and sees nothing of another territory;
anonymous visitors see nothing unless the instance makes it public."""

from __future__ import annotations

import csv
import io
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from playwright.sync_api import expect

from api.accounts.users import create_user
from catalogue.db import make_engine
from catalogue.settings import Settings
from catalogue.vocabulary import freins
from maillage.app import create_app
from tests.accounts.helpers import PASSWORD, sign_in
from tests.conftest import cli_env
from tests.map.conftest import OfflinePage, serve

COORDINATOR = "coordination13@example.org"


@pytest.fixture(scope="module")
def coordinator(demo_settings: Settings) -> Iterator[TestClient]:
    engine = make_engine(demo_settings)
    create_user(engine, COORDINATOR, PASSWORD, territoires=("13",))
    engine.dispose()
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        sign_in(client, COORDINATOR)
        yield client


def test_a_coordinator_sees_the_offer_and_its_gaps_frein_by_frein(coordinator: TestClient) -> None:
    page = coordinator.get("/territoire/13")
    assert page.status_code == 200
    assert "Observatoire de l'offre d'insertion — Bouches-du-Rhône" in page.text
    for frein in freins().values():
        assert f'<th scope="row">{escape(frein.libelle)}</th>' in page.text
    assert "Méthode" in page.text
    assert "Fraîcheur de l'offre" in page.text and "<td>maillage-demo</td>" in page.text
    # A commune of their département too.
    assert coordinator.get("/territoire/13108").status_code == 200


def test_a_coordinator_of_13_cannot_see_30(coordinator: TestClient) -> None:
    page = coordinator.get("/territoire/30")
    assert page.status_code == 403
    assert "réservée aux coordinateurs de Gard" in page.text
    assert coordinator.get("/territoire/30/indicateurs.csv").status_code == 403


def test_anonymous_visitors_see_nothing_unless_the_instance_makes_it_public(
    demo_settings: Settings,
) -> None:
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as anonymous:
        assert anonymous.get("/territoire/13").status_code == 401
    public = demo_settings.model_copy(
        update={"web": demo_settings.web.model_copy(update={"observatoire_public": True})}
    )
    with TestClient(create_app(public), raise_server_exceptions=False) as anonymous:
        assert anonymous.get("/territoire/13").status_code == 200


def test_the_figures_download_as_csv_and_as_a_geopackage_that_reopens(
    coordinator: TestClient, tmp_path: Path
) -> None:
    table = coordinator.get("/territoire/13/indicateurs.csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    places = {r["code_commune"] for r in rows}
    assert len(rows) == len(places) * len(freins()) and "13201" in places
    answer = coordinator.get("/territoire/13/indicateurs.gpkg")
    assert answer.status_code == 200
    (tmp_path / "13.gpkg").write_bytes(answer.content)
    frame = gpd.read_file(tmp_path / "13.gpkg", layer="communes")
    assert set(frame["code_commune"]) == places
    assert frame.crs.to_epsg() == 4326 and frame.geometry.notna().all()


def test_the_command_line_prints_the_same_figures(demo_settings: Settings, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            ".venv/bin/maillage",
            "observatoire",
            "--territoire",
            "13",
            "--csv",
            str(tmp_path / "o.csv"),
        ],
        env={**os.environ, **cli_env(demo_settings)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Bouches-du-Rhône : ")
    assert "Mobilité :" in result.stdout
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").startswith("code_commune,")


@pytest.fixture(scope="module")
def public_server(demo_settings: Settings) -> Iterator[str]:
    public = demo_settings.model_copy(
        update={"web": demo_settings.web.model_copy(update={"observatoire_public": True})}
    )
    yield from serve(public)


def test_a_coordinator_switches_frein_and_distance_on_the_map(
    public_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(f"{public_server}/territoire/13")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bouches-du-Rhône")
    communes = page.locator(".maillage-carte path.maillage-commune")
    expect(communes.first).to_be_visible()
    page.get_by_label("Frein").select_option(label="Santé")
    page.get_by_label("Distance").select_option("20")
    page.get_by_role("button", name="Afficher").click()
    expect(page.locator(".maillage-legende")).to_contain_text("au-delà de 20 km")
    expect(page.get_by_role("region", name="Carte : Santé")).to_be_visible()
    # (the map draws its communes after the page loads: wait for them)
    expect(communes).to_have_count(page.locator("details tbody tr").count())
    page.get_by_role("button", name="Mobilité").click()
    assert offline_page.accessibility_problems() == []
    offline_page.screenshot("observatoire-13")
