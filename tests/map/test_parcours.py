"""Journeys in Debian's Chromium, offline: a referent's search and fiche, the public map,
a report. Screenshots land in var/test-artefacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from catalogue.db import make_engine
from catalogue.stack import Stack
from tests.conftest import clone_database, index_now
from tests.importers.pipeline.test_links import load_two_sources
from tests.map.conftest import OfflinePage, serve

pytestmark = pytest.mark.browser


def carte_query(response: Response) -> dict[str, list[str]]:
    return parse_qs(urlsplit(response.url).query)


def is_carte(response: Response) -> bool:
    return "/api/v1/carte?" in response.url


def test_a_referent_searches_by_commune_with_two_freins_and_builds_a_fiche(
    live_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(f"{live_server}/recherche")
    lieu = page.get_by_role("combobox", name="Commune ou adresse de la personne")
    lieu.press_sequentially("tarasc", delay=30)
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("Tarascon")
    lieu.press("ArrowDown")
    lieu.press("Enter")
    expect(lieu).to_have_value(re.compile(r"^Tarascon \(13150"))
    expect(page.locator("#code_commune")).to_have_value("13108")
    page.get_by_label("Distance", exact=True).select_option("50")
    page.locator("label[for=frein-sante]").click()
    page.locator("label[for=frein-francais]").click()
    page.get_by_role("button", name="Rechercher").click()

    heading = page.get_by_role("heading", level=2, name=re.compile("autour de Tarascon"))
    expect(heading).to_contain_text("2 services autour de Tarascon")
    results = page.locator("#resultats li.maillage-resultat")
    expect(results).to_have_count(2)
    expect(results.first).to_contain_text("Consultations médico-psychologiques")
    expect(page.locator(".maillage-carte .maillage-marqueur")).to_have_count(2)
    query = parse_qs(urlsplit(page.url).query)
    assert query["code_commune"] == ["13108"] and query["freins"] == ["sante", "francais"]
    offline_page.screenshot("recherche-tarascon")

    # Choose both for the fiche; the choice survives a round trip through a result.
    for box in page.locator("#resultats .maillage-choix label").all():
        box.click()
    expect(page.locator("#fiche-etat")).to_have_text("2 services choisis pour la fiche.")
    first_name = results.first.locator("h4").inner_text()
    results.first.locator("h4 a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_name)
    offline_page.screenshot("service-depuis-recherche")
    page.go_back()
    expect(page.locator("#fiche-etat")).to_have_text("2 services choisis pour la fiche.")

    page.get_by_role("button", name="Préparer la fiche").click()
    expect(page).to_have_url(re.compile(r"/fiche\?services="))
    expect(page.locator(".maillage-fiche__service")).to_have_count(2)
    expect(page.locator(".maillage-carte .maillage-marqueur")).to_have_count(2)
    expect(page.get_by_role("button", name="Imprimer la fiche")).to_be_visible()
    page.get_by_label("Note pour la personne").fill("Rendez-vous mardi à 10 h avec Mme Martin.")
    offline_page.screenshot("fiche")
    page.emulate_media(media="print")
    expect(page.locator(".fr-header")).to_be_hidden()
    expect(page.locator("#note-imprimee")).to_have_text("Rendez-vous mardi à 10 h avec Mme Martin.")
    offline_page.screenshot("fiche-impression")
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Revenir à la recherche").click()
    expect(page.locator("#frein-sante")).to_be_checked()
    expect(page.locator("#frein-francais")).to_be_checked()


def test_the_back_button_restores_the_previous_search(
    live_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(f"{live_server}/recherche?lieu=13150+Tarascon&rayon_km=50")
    expect(page.locator("#resultats li.maillage-resultat")).to_have_count(3)
    page.locator("label[for=frein-sante]").click()
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#resultats li.maillage-resultat")).to_have_count(1)
    page.go_back()
    expect(page.locator("#resultats li.maillage-resultat")).to_have_count(3)
    expect(page.locator("#frein-sante")).not_to_be_checked()
    page.go_forward()
    expect(page.locator("#frein-sante")).to_be_checked()


def test_the_search_works_without_javascript(live_server: str, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{live_server}/recherche")
        page.get_by_label("Commune ou adresse de la personne").fill("13150 Tarascon")
        page.get_by_role("button", name="Rechercher").click()
        expect(page.locator("#resultats li.maillage-resultat")).to_have_count(3)
        page.locator("#resultats .maillage-choix label").first.click()
        page.get_by_role("button", name="Préparer la fiche").click()
        expect(page.locator(".maillage-fiche__service")).to_have_count(1)
    finally:
        context.close()


def test_the_public_map_fetches_groups_from_the_server_as_it_moves(
    demo_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    with page.expect_response(is_carte) as first:
        page.goto(f"{demo_server}/carte")
    national = first.value.json()
    assert national["regroupe"] and carte_query(first.value)["zoom"][0] in ("5", "6")
    expect(page.locator("#carte-etat")).to_contain_text("services dans la zone affichée")
    expect(page.locator(".folium-map")).to_have_attribute("data-total", str(national["total"]))
    groups = page.locator(".maillage-groupe")
    expect(groups).to_have_count(len(national["groupes"]))
    expect(page.locator("#carte-liste > li")).to_have_count(20)
    offline_page.screenshot("carte-france")

    # Zoom on Marseille: a new request at the new zoom, fewer services in view.
    with page.expect_response(lambda r: is_carte(r) and "zoom=12" in r.url) as zoomed:
        page.evaluate(
            f"window[{page.locator('#carte-script').get_attribute('data-map')!r}]"
            ".setView([43.296, 5.37], 12)"
        )
    local = zoomed.value.json()
    assert 0 < local["total"] < national["total"]
    expect(page.locator(".folium-map")).to_have_attribute("data-total", str(local["total"]))
    assert "zoom=12" in page.url and "lat=43.29" in page.url

    # Panning with the mouse asks again; clicking a group zooms into it.
    box = page.locator(".folium-map").bounding_box()
    assert box is not None
    with page.expect_response(is_carte):
        page.mouse.move(box["x"] + 300, box["y"] + 300)
        page.mouse.down()
        page.mouse.move(box["x"] + 150, box["y"] + 250, steps=5)
        page.mouse.up()
    if page.locator(".maillage-groupe").count():
        with page.expect_response(is_carte) as deeper:
            page.locator(".maillage-groupe").first.click()
        assert int(carte_query(deeper.value)["zoom"][0]) > 12
    offline_page.screenshot("carte-marseille")

    # A service's pin opens a popup linking to its page.
    with page.expect_response(lambda r: is_carte(r) and "zoom=16" in r.url) as street:
        page.evaluate(
            f"window[{page.locator('#carte-script').get_attribute('data-map')!r}]"
            f".setView([{local['proches'][0]['latitude']}, {local['proches'][0]['longitude']}], 16)"
        )
    assert not street.value.json()["regroupe"]
    page.locator(".maillage-point").first.click()
    link = page.locator(".leaflet-popup-content a").first
    expect(link).to_have_attribute("href", re.compile(r"^/services/"))
    link.click()
    expect(page).to_have_url(re.compile(r"/services/"))


def test_the_public_map_filters_by_frein_and_back_undoes_it(
    demo_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    with page.expect_response(is_carte) as first:
        page.goto(f"{demo_server}/carte")
    everything = first.value.json()["total"]
    # Wait for the filtered request itself (the map may refresh for other reasons too).
    with page.expect_response(lambda r: is_carte(r) and "freins=mobilite" in r.url) as filtered:
        page.locator("label[for=carte-frein-mobilite]").click()
    assert carte_query(filtered.value)["freins"] == ["mobilite"]
    mobility = filtered.value.json()["total"]
    assert 0 < mobility < everything
    assert "freins=mobilite" in page.url
    expect(page.locator(".folium-map")).to_have_attribute("data-total", str(mobility))
    with page.expect_response(lambda r: is_carte(r) and "freins" not in r.url) as back:
        page.go_back()
    assert "freins" not in carte_query(back.value)
    expect(page.locator(".folium-map")).to_have_attribute("data-total", str(everything))
    expect(page.locator("#carte-frein-mobilite")).not_to_be_checked()


def test_the_public_map_first_view_is_light(demo_server: str, browser: Browser) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sizes: list[int] = []
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    try:
        with page.expect_response(is_carte):
            page.goto(f"{demo_server}/carte")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert 10 < len(sizes) < 40
    assert sum(sizes) < 1_000_000, sum(sizes)


def a_service_page_from_the_map(offline_page: OfflinePage, server: str) -> Page:
    """The page of the first service the map lists around Marseille's Vieux-Port."""
    page = offline_page.page
    page.goto(f"{server}/carte?lat=43.296&lon=5.37&zoom=12")
    page.locator("#carte-liste a").first.click()
    expect(page).to_have_url(re.compile(r"/services/"))
    return page


def test_a_citizen_reports_an_error_from_a_service_page(
    demo_server: str, offline_page: OfflinePage
) -> None:
    page = a_service_page_from_the_map(offline_page, demo_server)
    page.get_by_label("Qu'est-ce qui est inexact ?").fill("Le service a déménagé rue de Rome.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.get_by_role("status")).to_contain_text("Merci, votre signalement a bien été envoyé")
    expect(page).to_have_url(re.compile(r"\?signalement=merci#signaler$"))


def test_a_citizen_finds_the_map_around_them_or_a_commune(
    demo_server: str, browser: Browser
) -> None:
    context = browser.new_context(
        locale="fr-FR",
        viewport={"width": 1280, "height": 900},
        geolocation={"latitude": 43.2965, "longitude": 5.3698},
        permissions=["geolocation"],
    )
    page = context.new_page()
    try:
        with page.expect_response(is_carte):
            page.goto(f"{demo_server}/carte")
        with page.expect_response(lambda r: is_carte(r) and "zoom=13" in r.url) as located:
            page.get_by_role("button", name="Me localiser").click()
        west, south, east, north = map(float, carte_query(located.value)["bbox"][0].split(","))
        assert west < 5.3698 < east and south < 43.2965 < north
        expect(page.locator("#carte-liste > li").first).to_be_visible()

        lieu = page.get_by_role("combobox", name="Aller à une commune")
        lieu.press_sequentially("belfo", delay=30)
        expect(page.get_by_role("option").first).to_contain_text("Belfort")
        with page.expect_response(lambda r: is_carte(r) and "zoom=12" in r.url) as moved:
            page.get_by_role("option").first.click()
        west, south, east, north = map(float, carte_query(moved.value)["bbox"][0].split(","))
        assert west < 6.86 < east and south < 47.64 < north
    finally:
        context.close()


@pytest.fixture(scope="module")
def duplicates_server(
    stack: Stack, template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Two sources listing the same places in Belfort (two services are duplicates)."""
    settings = clone_database(stack, template, "maillage_doublons")
    engine = make_engine(settings)
    try:
        load_two_sources(engine, tmp_path_factory.mktemp("doublons"))
    finally:
        engine.dispose()
    index_now(settings)
    yield from serve(settings)


def test_a_referent_hides_the_duplicates_of_a_search(
    duplicates_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(f"{duplicates_server}/recherche?lieu=Belfort&code_commune=90010")
    results = page.locator("#resultats li.maillage-resultat")
    expect(results).to_have_count(6)
    page.get_by_text("Plus de critères").click()
    page.locator("label[for=masquer_doublons]").click()
    page.get_by_role("button", name="Mettre à jour les résultats").click()
    expect(results).to_have_count(4)
    assert parse_qs(urlsplit(page.url).query)["masquer_doublons"] == ["1"]
    expect(page.get_by_label("Masquer les doublons")).to_be_checked()
    offline_page.screenshot("recherche-sans-doublons")


def test_the_api_documentation_works_with_the_network_cut(
    live_server: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(f"{live_server}/api/docs")
    expect(page.get_by_text("/api/v1/search", exact=True).first).to_be_visible()
    offline_page.screenshot("api-docs")


def test_a_form_that_writes_is_sent_once_however_often_it_is_clicked(
    demo_server: str, offline_page: OfflinePage
) -> None:
    page = a_service_page_from_the_map(offline_page, demo_server)
    page.wait_for_load_state("load")  # its deferred scripts have run
    # Two submissions of the report form, as a double click sends them (synthetic events:
    # the page stays, and each says whether it was let through).
    let_through = page.evaluate(
        """() => {
            const form = document.querySelector("#signaler form");
            const send = () => form.dispatchEvent(
                new SubmitEvent("submit", {bubbles: true, cancelable: true}));
            return [send(), send()];
        }"""
    )
    assert let_through == [True, False]
    button = page.get_by_role("button", name="Envoyer le signalement")
    expect(button).to_have_attribute("aria-disabled", "true")
