"""``/recherche``: the referent's search page, server-side and in a real browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from api.app import create_app
from catalogue.settings import Settings
from tests.map.conftest import OfflinePage


@pytest.fixture(scope="module")
def client(sample_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(sample_settings), raise_server_exceptions=False) as client:
        yield client


def test_the_form_offers_every_frein_as_a_checkbox(client: TestClient) -> None:
    html = client.get("/recherche").text
    assert '<html lang="fr"' in html
    assert len(re.findall(r'type="checkbox"[^>]*name="freins"', html)) == 10
    assert "Garde d'enfants" in unescape(html)


def test_a_search_lists_results_and_draws_them_on_a_map(client: TestClient) -> None:
    response = client.get("/recherche", params={"lieu": "13150 Tarascon", "rayon_km": 50})
    assert response.status_code == 200
    assert "3 services autour de Tarascon" in response.text
    assert response.text.count('class="fr-card fr-card--sm fr-mb-2w maillage-resultat"') == 3
    assert response.text.count("L.marker(") == 3


def test_every_asset_of_the_page_is_served_locally(client: TestClient) -> None:
    html = client.get("/recherche", params={"lieu": "13150 Tarascon"}).text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets and all(a.startswith("/static/") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "cdn" not in html and "https://" not in html.split("<footer")[0].split("<main")[1]


def test_an_unknown_place_says_so_in_french_without_failing(client: TestClient) -> None:
    response = client.get("/recherche", params={"lieu": "Atlantide"})
    assert response.status_code == 404
    assert "introuvable" in response.text


def test_a_hostile_service_name_cannot_inject_script(client: TestClient) -> None:
    from map.maps import js_safe

    assert js_safe("`); alert(1); (`${x}</div><script>") == (
        "&#96;); alert(1); (&#96;&#36;{x}&lt;/div&gt;&lt;script&gt;"
    )


@pytest.mark.browser
def test_a_referent_searches_by_commune_with_two_freins(
    live_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(f"{live_server}/recherche")
    page.get_by_label("Commune ou adresse de la personne").fill("13150 Tarascon")
    page.get_by_label("Distance maximale").select_option("50")
    page.locator("label[for=frein-sante]").click()
    page.locator("label[for=frein-francais]").click()
    page.get_by_role("button", name="Rechercher").click()

    expect(page.get_by_role("heading", level=2)).to_contain_text("2 services autour de Tarascon")
    results = page.locator("#resultats > li")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("Consultations médico-psychologiques")
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    assert "freins=sante" in page.url and "freins=francais" in page.url
    offline_page.screenshot("recherche-tarascon")

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trouver une offre d'insertion")
