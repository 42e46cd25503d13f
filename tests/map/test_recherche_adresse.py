"""The referent types a street address in /recherche, picks the suggestion, and gets
results ranked from that address (the test stack's addok, loaded with real addresses)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from catalogue.settings import Settings
from catalogue.stack import Stack
from tests.geocoding_data import Agency, metres, with_geocoder
from tests.map.conftest import OfflinePage, serve

BELFORT = (6.8489, 47.6452)  # where most services of the real sample are


@pytest.fixture(scope="module")
def geocoding_server(
    sample_settings: Settings, stack: Stack, ban_agencies: list[Agency]
) -> Iterator[str]:
    yield from serve(with_geocoder(sample_settings, stack))


def test_an_address_picked_among_the_suggestions_centres_the_search_on_it(
    geocoding_server: str, offline_page: OfflinePage, ban_agencies: list[Agency]
) -> None:
    agency = min(ban_agencies, key=lambda a: metres(a.longitude, a.latitude, *BELFORT))
    page = offline_page.page
    page.goto(f"{geocoding_server}/recherche")
    typed = f"{agency.adresse} {agency.nom_commune}"[:-2]  # not quite finished
    page.locator("#lieu").press_sequentially(typed, delay=5)
    suggestion = page.get_by_role("option").filter(has_text="Adresse").first
    expect(suggestion).to_be_visible()
    label = suggestion.locator("span").first.inner_text()
    suggestion.dispatch_event("mousedown")
    expect(page.locator("#lieu")).to_have_value(label)
    page.get_by_role("button", name="Rechercher").click()
    expect(page.locator("#resultats-titre")).to_contain_text(f"autour de {label}")
    expect(page.locator("#resultats li.maillage-resultat").first).to_be_visible()
    offline_page.screenshot("recherche-adresse")
