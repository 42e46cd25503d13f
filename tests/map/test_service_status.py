"""What a referent must know before sending someone, on the card, the service page and
the fiche: a dated closure, and information « À vérifier »."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from html import unescape

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.opening_hours import french_date
from catalogue.settings import Settings
from maillage.app import create_app
from tests.conftest import index_now


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        yield client


@dataclass
class Marked:
    uid: str
    nom: str
    code_commune: str
    latitude: float
    longitude: float


@pytest.fixture
def marked(demo_engine: Engine, demo_settings: Settings) -> Iterator[Marked]:
    """A service received in person, its information two years old; put back after."""
    with demo_engine.begin() as conn:
        row = conn.execute(
            text(
                "SELECT uid::text, nom, code_commune_resolu, date_maj, "
                "ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lon "
                "FROM services WHERE publication_status = 'published' AND NOT archived "
                "AND location IS NOT NULL AND modes_accueil = '{en-presentiel}' "
                "AND doublon_de IS NULL ORDER BY uid LIMIT 1"
            )
        ).one()
        conn.execute(
            text("UPDATE services SET date_maj = :d, updated_at = now() WHERE uid = :u"),
            {"d": date.today() - timedelta(days=800), "u": row.uid},
        )
    index_now(demo_settings)
    yield Marked(row.uid, row.nom, row.code_commune_resolu, row.lat, row.lon)
    with demo_engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE services SET date_maj = :d, fermeture_debut = NULL, "
                "fermeture_fin = NULL, updated_at = now() WHERE uid = :u"
            ),
            {"d": row.date_maj, "u": row.uid},
        )
    index_now(demo_settings)


def close(engine: Engine, settings: Settings, uid: str, start: date, end: date) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE services SET fermeture_debut = :s, fermeture_fin = :e, "
                "updated_at = now() WHERE uid = :u"
            ),
            {"s": start, "e": end, "u": uid},
        )
    index_now(settings)


def card(html: str, uid: str) -> str:
    start = html.index(f'data-id="{uid}"')
    return html[start : html.index("</li>", start)]


def nearby(client: TestClient, service: Marked) -> list[dict[str, object]]:
    params = {"lat": service.latitude, "lon": service.longitude, "rayon_km": 1, "taille": 100}
    results: list[dict[str, object]] = client.get("/api/v1/search", params=params).json()[
        "resultats"
    ]
    return results


def test_a_closure_to_come_and_old_information_show_on_the_card_and_the_page(
    client: TestClient, demo_engine: Engine, demo_settings: Settings, marked: Marked
) -> None:
    start, end = date.today() + timedelta(days=10), date.today() + timedelta(days=12)
    close(demo_engine, demo_settings, marked.uid, start, end)
    (found,) = [r for r in nearby(client, marked) if r["id"] == marked.uid]
    assert found["a_verifier"] is True
    announced = f"Fermeture du {french_date(start)} au {french_date(end)} inclus"
    assert found["fermeture"] == {
        "debut": start.isoformat(),
        "fin": end.isoformat(),
        "ferme_aujourd_hui": False,
        "avis": announced,
    }
    page = client.get(
        "/recherche", params={"code_commune": marked.code_commune, "lieu": "x", "q": marked.nom}
    )
    shown = unescape(card(page.text, marked.uid))
    assert announced in shown and "À vérifier" in shown
    sheet = unescape(client.get(f"/services/{marked.uid}").text)
    assert announced in sheet and "À vérifier" in sheet


def test_a_service_closed_today_leaves_search_and_the_fiche_but_says_why_on_its_page(
    client: TestClient, demo_engine: Engine, demo_settings: Settings, marked: Marked
) -> None:
    assert marked.uid in [r["id"] for r in nearby(client, marked)]
    end = date.today() + timedelta(days=3)
    close(demo_engine, demo_settings, marked.uid, date.today() - timedelta(days=1), end)
    assert marked.uid not in [r["id"] for r in nearby(client, marked)]
    fiche = unescape(client.get("/fiche", params={"services": marked.uid}).text)
    assert "Fermé aujourd'hui, donc retiré de la fiche" in fiche
    assert f"{marked.nom} — Fermé jusqu'au {french_date(end)} inclus" in fiche
    sheet = unescape(client.get(f"/services/{marked.uid}").text)
    assert f"Fermé jusqu'au {french_date(end)} inclus" in sheet
