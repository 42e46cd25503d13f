"""``/recherche``: the referent's search page, server-side (the browser tests are in
``test_parcours.py``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from maillage.app import create_app
from map.formulaire import Recherche, pages_around


@pytest.fixture(scope="module")
def client(sample_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(sample_settings), raise_server_exceptions=False) as client:
        yield client


def results(html: str) -> list[str]:
    return re.findall(r'<li class="maillage-resultat" data-id="([^"]+)"', html)


def test_the_form_offers_every_frein_as_a_checkbox(client: TestClient) -> None:
    html = client.get("/recherche").text
    assert '<html lang="fr"' in html
    assert len(re.findall(r'type="checkbox" id="frein-[^"]+" name="freins"', html)) == 10
    assert "Garde d'enfants" in unescape(html)
    assert 'name="code_commune"' in html and 'data-communes="/api/v1/communes"' in html


def test_a_search_lists_results_and_draws_them_on_a_map(client: TestClient) -> None:
    response = client.get("/recherche", params={"lieu": "13150 Tarascon", "rayon_km": 50})
    assert response.status_code == 200
    html = unescape(response.text)
    assert "3 services autour de Tarascon" in html
    assert len(results(response.text)) == 3
    assert response.text.count("L.marker(") == 3
    assert "maillage-marqueur" in response.text  # numbered as in the list


def test_a_chosen_commune_wins_over_the_typed_text(client: TestClient) -> None:
    # The autocomplete fills code_commune; the text is then only what the person sees.
    response = client.get(
        "/recherche", params={"lieu": "n'importe quoi", "code_commune": "13108", "rayon_km": 50}
    )
    assert response.status_code == 200
    assert "3 services autour de Tarascon" in unescape(response.text)


def test_two_freins_narrow_the_results_and_their_counts_ignore_the_ticked_ones(
    client: TestClient,
) -> None:
    base = {"lieu": "13150 Tarascon", "rayon_km": 50}
    everything = client.get("/recherche", params=base).text
    narrowed = client.get("/recherche", params={**base, "freins": ["sante", "francais"]}).text
    assert len(results(narrowed)) == 2
    count = re.compile(
        r'for="frein-(\w[\w-]*)">[^<]*<span class="maillage-compte-facette">\((\d+)\)'
    )
    # What ticking another box would give does not depend on the boxes already ticked.
    assert dict(count.findall(narrowed)) == dict(count.findall(everything))
    assert dict(count.findall(narrowed))["sante"] == "1"
    assert re.search(r'id="frein-sante" name="freins" value="sante" checked', narrowed)


def test_paging_and_filters_stay_in_the_links(client: TestClient) -> None:
    form = Recherche(lieu="13150 Tarascon", rayon_km=50, freins=("sante",), frais=("gratuit",))
    url = form.url(page=2)
    assert url == ("/recherche?lieu=13150+Tarascon&rayon_km=50&freins=sante&frais=gratuit&page=2")
    assert pages_around(6, 20) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert pages_around(1, 3) == [1, 2, 3]


def test_bad_numbers_in_the_address_bar_fall_back_to_defaults(client: TestClient) -> None:
    response = client.get(
        "/recherche", params={"lieu": "13150 Tarascon", "rayon_km": "beaucoup", "page": "-3"}
    )
    assert response.status_code == 200
    assert 'value="30" selected' in response.text


def test_an_unknown_place_says_so_in_french_without_failing(client: TestClient) -> None:
    response = client.get("/recherche", params={"lieu": "Atlantide"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "introuvable" in response.text and 'aria-invalid="true"' in response.text


def test_an_unknown_frein_is_explained_not_crashed(client: TestClient) -> None:
    response = client.get("/recherche", params={"lieu": "Tarascon", "freins": "<script>"})
    assert response.status_code == 422
    assert "valeur inconnue" in unescape(response.text)
    assert "<script>" not in response.text.split("<main")[1].split("</main>")[0]


def test_every_asset_of_the_page_is_served_locally(client: TestClient) -> None:
    html = client.get("/recherche", params={"lieu": "13150 Tarascon"}).text
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css)(?:\?v=\w+)?)"', html)
    assert assets and all(a.startswith("/static/") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "cdn" not in html and "https://" not in html.split("<footer")[0].split("<main")[1]


def test_a_hostile_service_name_cannot_inject_script() -> None:
    from map.maps import js_safe, title_safe

    assert js_safe("`); alert(1); (`${x}</div><script>") == (
        "&#96;); alert(1); (&#96;&#36;{x}&lt;/div&gt;&lt;script&gt;"
    )
    assert title_safe("</script><script>alert(1)</script>") == (
        "‹/script›‹script›alert(1)‹/script›"
    )


def test_a_name_several_communes_share_offers_each_as_a_link(client: TestClient) -> None:
    response = client.get("/recherche", params={"lieu": "Saint-Denis", "freins": "mobilite"})
    assert response.status_code == 422
    assert "Plusieurs communes s&#39;appellent « Saint-Denis »" in response.text
    assert "code_commune=93066" in response.text and "freins=mobilite" in response.text
    chosen = client.get("/recherche", params={"lieu": "Saint-Denis", "code_commune": "93066"})
    assert chosen.status_code == 200
