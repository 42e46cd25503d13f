"""In Chromium, offline: a structure signs up, claims its structure, is validated by a
moderator, publishes a service that search finds at once, edits it, archives it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from api.accounts.users import create_user
from catalogue.db import make_engine
from catalogue.settings import AccountSettings, MailSettings, Settings
from catalogue.stack import Stack
from importers.pipeline import run_import
from importers.registry import get_importer
from maillage.app import create_app
from tests.accounts.helpers import PASSWORD, SERVICES, SIRET_A, STRUCTURES, Outbox, write_dump
from tests.conftest import clone_database, index_now
from tests.map.conftest import OfflinePage, _free_port

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Live:
    url: str
    outbox: Outbox
    settings: Settings


@pytest.fixture(scope="module")
def live(
    stack: Stack, template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Outbox]]:
    """The app on a database of its own. The outbox is drained by ``index_now`` right
    after each change (no background worker, so no race with it): search is checked on
    the very next page load."""
    folder = tmp_path_factory.mktemp("espace-live")
    base = clone_database(stack, template, "maillage_espace_browser")
    port = _free_port()
    settings = base.model_copy(
        update={
            "search": base.search.model_copy(update={"index": "services_espace_browser"}),
            "mail": MailSettings(outbox_dir=folder / "mail"),
            "accounts": AccountSettings(public_url=f"http://127.0.0.1:{port}"),
        }
    )
    engine = make_engine(settings)
    run_import(
        engine, get_importer("data-inclusion"), write_dump(folder / "dump", STRUCTURES, SERVICES)
    )
    create_user(engine, "modo13@example.org", PASSWORD, departements=("13",))
    engine.dispose()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the live server did not start"
        time.sleep(0.05)
    yield Live(f"http://127.0.0.1:{port}", Outbox(folder / "mail"), settings)
    server.should_exit = True
    thread.join(timeout=10)


def _person(browser: Browser) -> OfflinePage:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    return OfflinePage(context.new_page())


def _sign_in(page: Page, url: str, address: str) -> None:
    page.goto(f"{url}/compte/connexion")
    page.get_by_label("Adresse électronique").fill(address)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes structures")


def _listed(page: Page, live: Live, name: str) -> bool:
    """Is the service on /recherche right after the outbox is drained?"""
    index_now(live.settings)
    page.goto(f"{live.url}/recherche?lieu=13150+Tarascon&rayon_km=30")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return name in page.content()


def test_a_structure_publishes_edits_and_archives_a_service(live: Live, browser: Browser) -> None:
    url, outbox = live.url, live.outbox
    alice = _person(browser)
    page = alice.page

    page.goto(f"{url}/compte/inscription")
    page.get_by_label("Prénom et nom").fill("Alice Martin")
    page.get_by_label("Adresse électronique").fill("alice@example.org")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.locator("#message")).to_contain_text("Compte créé")
    page.goto(outbox.last_link("alice@example.org", "/compte/confirmer"))
    expect(page.locator("#message")).to_contain_text("Adresse confirmée")
    _sign_in(page, url, "alice@example.org")

    page.goto(f"{url}/espace-structure/rejoindre")
    page.get_by_label("Numéro SIRET").fill(SIRET_A)
    page.get_by_role("button", name="Chercher par SIRET").click()
    expect(page.locator("#resultats")).to_contain_text("Garage solidaire du Rhône")
    page.get_by_role("button", name="Revendiquer cette structure").click()
    expect(page.locator("#message")).to_contain_text("modération de votre département")
    expect(page.locator("#structures")).to_contain_text("En attente de validation")

    moderator = _person(browser)
    _sign_in(moderator.page, url, "modo13@example.org")
    moderator.page.goto(f"{url}/admin/moderation")
    expect(moderator.page.locator("#adhesions")).to_contain_text("alice@example.org")
    moderator.screenshot("espace-moderation")
    moderator.page.locator("#adhesions").get_by_role("button", name="Valider").click()
    expect(moderator.page.locator("#message")).to_contain_text("Demande acceptée")

    page.goto(f"{url}/espace-structure")
    page.get_by_role("link", name="Garage solidaire du Rhône").click()
    page.get_by_role("link", name="Nouveau service").click()
    page.get_by_label("Nom du service").fill("Atelier code de la route")
    page.get_by_label("Description").fill("Réviser le code de la route avec un formateur.")
    page.locator("#thematiques summary", has_text="Mobilité").click()
    page.locator("label[for='them-mobilite-mobilite--preparer-un-permis']").click()
    page.locator("label[for='public-tous-publics']").click()
    page.locator("#h_tu_1_debut").fill("09:00")
    page.locator("#h_tu_1_fin").fill("12:00")
    page.get_by_role("button", name="Enregistrer et publier").click()
    expect(page.locator("#message")).to_contain_text("Service publié")
    expect(page.locator("#horaires_accueil")).to_have_value("")
    expect(page.locator("#h_tu_1_debut")).to_have_value("09:00")
    alice.screenshot("espace-service")

    referent = _person(browser)
    assert _listed(referent.page, live, "Atelier code de la route")
    referent.screenshot("espace-recherche")

    page.get_by_label("Nom du service").fill("Atelier code de la route du mardi")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator("#message")).to_contain_text("Service enregistré")
    expect(page.locator("#historique")).to_contain_text("modification par alice@example.org : nom")
    assert _listed(referent.page, live, "Atelier code de la route du mardi")

    page.get_by_role("button", name="Archiver").click()
    expect(page.locator("#message")).to_contain_text("Service archivé")
    assert not _listed(referent.page, live, "Atelier code de la route")
    for person in (alice, moderator, referent):
        assert person.foreign == [], person.foreign
        person.page.context.close()
