"""The « République française » bloc-marque is the State's (DSFR's terms): off unless the
instance says it is a State site."""

from __future__ import annotations

from fastapi.testclient import TestClient

from catalogue.settings import Settings
from maillage.app import create_app

BLOC_MARQUE = "République<br>Française"


def page(settings: Settings) -> str:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        return client.get("/recherche").text


def test_no_page_carries_the_states_bloc_marque_by_default(sample_settings: Settings) -> None:
    assert BLOC_MARQUE not in page(sample_settings)
    assert "Maillage" in page(sample_settings)


def test_a_state_site_turns_it_on(sample_settings: Settings) -> None:
    web = sample_settings.web.model_copy(update={"marque_etat": True})
    assert page(sample_settings.model_copy(update={"web": web})).count(BLOC_MARQUE) == 2
