"""Automated accessibility check (axe-core, from npm) on every kind of page, in Chromium:
no serious or critical violation. (Automated checks find a part of RGAA's criteria only;
they are a floor, not a certificate.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.map.conftest import OfflinePage

pytestmark = pytest.mark.browser


def check(offline_page: OfflinePage, name: str) -> None:
    offline_page.screenshot(f"axe-{name}")
    problems = offline_page.accessibility_problems()
    assert problems == [], problems


def test_search_page_with_results(live_server: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(
        f"{live_server}/recherche?lieu=13150+Tarascon&rayon_km=50&freins=sante&freins=francais"
    )
    expect(page.locator("#resultats li.maillage-resultat")).to_have_count(2)
    page.locator("details.maillage-details > summary").click()
    check(offline_page, "recherche")


def test_search_page_with_suggestions_open(live_server: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(f"{live_server}/recherche")
    page.locator("#lieu").press_sequentially("bel", delay=30)
    expect(page.get_by_role("option").first).to_be_visible()
    page.locator("#lieu").press("ArrowDown")
    check(offline_page, "recherche-suggestions")


def test_public_map(demo_server: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(f"{demo_server}/carte")
    expect(page.locator(".maillage-groupe").first).to_be_visible()
    expect(page.locator("#carte-liste > li").first).to_be_visible()
    check(offline_page, "carte")


def test_service_page(demo_server: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(f"{demo_server}/carte?lat=43.296&lon=5.37&zoom=12")
    page.locator("#carte-liste a").first.click()
    expect(page).to_have_url(re.compile(r"/services/"))
    check(offline_page, "service")
    page.locator("p.fr-text--lead a").click()
    expect(page).to_have_url(re.compile(r"/structures/"))
    check(offline_page, "structure")


def test_fiche(live_server: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(f"{live_server}/recherche?lieu=13150+Tarascon&rayon_km=50")
    for box in page.locator("#resultats .maillage-choix label").all()[:2]:
        box.click()
    page.get_by_role("button", name="Préparer la fiche").click()
    expect(page.locator(".maillage-fiche__service")).to_have_count(2)
    check(offline_page, "fiche")


def test_a_refused_report(demo_server: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(f"{demo_server}/carte?lat=43.296&lon=5.37&zoom=12")
    page.locator("#carte-liste a").first.click()
    page.get_by_label("Votre adresse électronique").fill("pas une adresse")
    page.get_by_label("Qu'est-ce qui est inexact ?").fill("Horaires faux le samedi matin.")
    page.locator("#signalement-courriel").evaluate(
        "e => e.type = 'text'"
    )  # past the browser's check
    page.get_by_role("button", name="Envoyer le signalement").click()
    expect(page.locator("#signalement-courriel-erreur")).to_be_visible()
    check(offline_page, "signalement-refuse")
