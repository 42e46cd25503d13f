"""Service, structure, fiche and map pages, server-side."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from html import unescape

import pytest
import segno
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.settings import Settings
from maillage.app import create_app
from map.formulaire import TAILLE

UNKNOWN = str(uuid.UUID(int=0))


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        yield client


def a_service(engine: Engine, where: str = "TRUE") -> str:
    with engine.connect() as conn:
        uid = conn.execute(
            text(
                "SELECT uid FROM services WHERE publication_status = 'published' "
                f"AND NOT archived AND {where} ORDER BY uid LIMIT 1"
            )
        ).scalar_one()
    return str(uid)


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_service_page_has_what_a_person_needs_to_go_there(
    client: TestClient, demo_engine: Engine
) -> None:
    uid = a_service(
        demo_engine,
        "horaires_accueil LIKE 'Mo-Fr%' AND telephone IS NOT NULL AND adresse IS NOT NULL",
    )
    response = client.get(f"/services/{uid}")
    assert response.status_code == 200
    html = unescape(response.text)
    with demo_engine.connect() as conn:
        row = conn.execute(
            text("SELECT nom, adresse, source FROM services WHERE uid = :u"), {"u": uid}
        ).one()
    assert f'<h1 class="fr-h2">{row.nom}</h1>' in html
    assert row.adresse in html
    assert re.search(r'href="tel:\+33\d{9}"', html)
    assert "Du lundi au vendredi" in html  # hours said in French
    assert ("Ouvert" in html) or ("Fermé" in html)
    assert f"Source : {row.source}" in html and "mise à jour le" in html
    assert "L.marker(" in response.text  # the small map
    assert 'id="signaler"' in html and 'name="jeton"' in html


def test_hours_outside_the_subset_are_shown_as_written(client: TestClient) -> None:
    # A real record: « 9.00 à 12.00 - 14.00 à 17.00 » cannot be evaluated.
    html = unescape(client.get("/recherche", params={"lieu": "13150 Tarascon"}).text)
    assert "9.00 à 12.00 - 14.00 à 17.00" in html


def test_a_structure_page_lists_its_services(client: TestClient, demo_engine: Engine) -> None:
    with demo_engine.connect() as conn:
        structure, count = conn.execute(
            text(
                "SELECT structure_uid, count(*) FROM services WHERE NOT archived "
                "AND publication_status = 'published' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
            )
        ).one()
    response = client.get(f"/structures/{structure}")
    assert response.status_code == 200
    assert f"Services proposés ({count})" in response.text
    assert response.text.count('<li><a href="/services/') == count


@pytest.mark.parametrize("path", ["/services/", "/structures/"])
@pytest.mark.parametrize("uid", [UNKNOWN, "pas-un-identifiant", "%3Cscript%3E"])
def test_unknown_sheets_are_french_pages_not_json(client: TestClient, path: str, uid: str) -> None:
    response = client.get(path + uid)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "<script>" not in main_of(response.text)
    assert "Page introuvable" in response.text


def test_a_fiche_lists_the_chosen_services_and_skips_withdrawn_ones(
    client: TestClient, demo_engine: Engine
) -> None:
    first = a_service(demo_engine, "horaires_accueil IS NOT NULL")
    second = a_service(demo_engine, f"uid <> '{first}' AND telephone IS NOT NULL")
    response = client.get("/fiche", params={"services": f"{first},{second},{UNKNOWN},junk"})
    assert response.status_code == 200
    html = unescape(response.text)
    assert html.count('class="maillage-fiche__service"') == 2
    assert "1 service de la sélection n'est plus proposé" in html
    assert "n'est enregistrée nulle part" in html
    assert 'media="print"' in response.text and "dsfr.print.min.css" in response.text
    assert response.text.count("L.marker(") == 2
    # The same fiche with the services repeated as separate parameters.
    again = client.get("/fiche", params=[("services", first), ("services", second)])
    assert unescape(again.text).count('class="maillage-fiche__service"') == 2


def test_the_fiche_says_when_a_place_is_only_approximate(
    client: TestClient, demo_engine: Engine
) -> None:
    approximate = a_service(demo_engine, "geocoding_precision = 'commune' AND adresse IS NOT NULL")
    html = unescape(client.get("/fiche", params={"services": approximate}).text)
    assert "Emplacement approximatif (centre de la commune)." in html
    page = unescape(client.get(f"/services/{approximate}").text)
    assert "Emplacement approximatif (centre de la commune)." in page


def test_each_service_of_the_fiche_has_a_qr_code_of_its_page(
    client: TestClient, demo_engine: Engine, demo_settings: Settings
) -> None:
    uid = a_service(demo_engine)
    html = client.get("/fiche", params={"services": uid}).text
    page = f"{demo_settings.accounts.public_url.rstrip('/')}/services/{uid}"
    assert html.count('class="maillage-qr"') == 1
    # The very matrix segno makes of that address (a QR code of another one differs).
    expected = segno.make(page, error="m").svg_inline(scale=2)
    path = re.search(r' d="([^"]+)"', expected)
    assert path is not None and f'd="{path.group(1)}"' in html


def test_in_person_and_remote_results_come_in_two_sections_with_their_counts(
    client: TestClient,
) -> None:
    answer = client.get("/api/v1/search", params={"code_commune": "83137", "taille": 50}).json()
    remote, total = answer["total_a_distance"], answer["total"]
    in_person = sum(not r["a_distance"] for r in answer["resultats"])
    assert 0 < remote < total and in_person == min(50, total - remote) < 40
    where_both_meet = (total - remote) // TAILLE + 1
    params = {"code_commune": "83137", "lieu": "x", "rayon_km": 50, "page": where_both_meet}
    html = unescape(client.get("/recherche", params=params).text)
    assert html.index(">Sur place <") < html.index(">À distance <")
    assert f"({total - remote} dans un rayon de 50 km)" in html
    assert f"({remote} : par téléphone, en ligne" in html
    # A remote card says where the service is open, by name.
    zones = {z for r in answer["resultats"] if r["a_distance"] for z in r["zone"]}
    assert zones and zones <= {"Var", "France entière"}, zones
    remote_part = html[html.index(">À distance <") :]
    assert 'À distance<br><span class="maillage-discret">' in remote_part


def test_an_empty_fiche_explains_how_to_build_one(client: TestClient) -> None:
    response = client.get("/fiche")
    assert response.status_code == 200
    assert "Aucun service choisi" in response.text


def test_the_public_map_page_is_light_and_configured(client: TestClient) -> None:
    response = client.get("/carte", params={"freins": "mobilite"})
    assert response.status_code == 200
    html = response.text
    assert len(html.encode()) < 40_000
    assert "L.map(" in html and "L.marker(" not in html  # points come from the API
    assert '"freins": ["mobilite"]' in html
    assert re.search(r'id="carte-frein-mobilite" name="freins" value="mobilite" checked', html)
    assert "jquery" not in html  # Leaflet alone on this page
    assert 'id="liste-titre"' in html and 'aria-live="polite"' in html


def test_the_map_centres_on_a_commune(client: TestClient) -> None:
    html = client.get("/carte", params={"lieu": "13150 Tarascon"}).text
    assert re.search(r"center: \[43\.8\d*, 4\.6\d*\]", html)
    missing = client.get("/carte", params={"lieu": "Atlantide", "freins": ["sante", "zzz"]})
    assert missing.status_code == 404
    assert "introuvable" in missing.text and 'value="sante" checked' in missing.text


def test_the_map_asks_which_commune_a_shared_name_means(client: TestClient) -> None:
    response = client.get("/carte", params={"lieu": "Saint-Denis", "freins": "sante"})
    assert response.status_code == 422
    assert "/carte?lieu=Saint-Denis&amp;code_commune=97411&amp;freins=sante" in response.text


def test_the_dsfr_bundle_is_small_gzipped_and_self_contained(client: TestClient) -> None:
    raw = client.get("/static/bundle/dsfr.css", headers={"accept-encoding": "identity"})
    zipped = client.get("/static/bundle/dsfr.css", headers={"accept-encoding": "gzip"})
    assert raw.status_code == zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < 80_000 < len(raw.content) < 600_000
    assert zipped.text == raw.text  # (decompressed by the client)
    urls = set(re.findall(r"url\((/static/[^)]+)\)", raw.text))
    assert urls and all(client.get(u).status_code == 200 for u in sorted(urls)[:20])
    for icon in ("fr-icon-printer-line", "fr-icon-map-pin-2-line", "fr-icon-account-line"):
        assert f".{icon}:before" in raw.text
    again = client.get("/static/bundle/dsfr.css", headers={"if-none-match": raw.headers["etag"]})
    assert again.status_code == 304


def test_vendored_assets_are_gzipped(client: TestClient) -> None:
    response = client.get("/static/vendor/leaflet/leaflet.js", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"


def test_with_a_tile_server_maps_use_it_and_skip_the_offline_outlines(
    demo_settings: Settings,
) -> None:
    from catalogue.settings import WebSettings

    tiles = "https://tuiles.example.fr/{z}/{x}/{y}.png"
    settings = demo_settings.model_copy(update={"web": WebSettings(tile_url=tiles)})
    with TestClient(create_app(settings)) as client:
        html = client.get("/carte").text
    assert "L.tileLayer(" in html and "tuiles.example.fr" in html
    assert "fond.js" not in html


def test_without_tiles_maps_draw_the_departements(client: TestClient) -> None:
    html = client.get("/carte").text
    assert "L.tileLayer(" not in html and 'data-fond="/api/v1/carte/fond"' in html
    response = client.get("/api/v1/carte/fond")
    assert response.status_code == 200
    outlines = response.json()
    assert len(outlines["features"]) == 101
    names = {f["properties"]["nom"] for f in outlines["features"]}
    assert {"Bouches-du-Rhône", "Territoire de Belfort", "La Réunion"} <= names


def test_a_dead_link_shows_a_french_page_to_people_and_json_to_programs(
    client: TestClient,
) -> None:
    page = client.get("/nulle-part", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "Page introuvable" in page.text and "<html" in page.text
    api = client.get("/api/v1/nulle-part", headers={"accept": "text/html"})
    assert api.status_code == 404 and api.json()["erreur"]
