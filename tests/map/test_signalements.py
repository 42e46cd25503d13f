"""« Signaler une erreur »: stored when sound, refused (in French) when not, never forged."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.settings import Settings
from maillage.app import create_app
from map.signalements import RATE_LIMIT, TOKEN_TTL, Cible, Jetons, Limiteur, meme_origine

ORIGIN = {"origin": "http://testserver"}


@pytest.fixture
def client(demo_settings: Settings, demo_engine: Engine) -> Iterator[TestClient]:
    """A fresh application (its own rate limiter) and no report stored yet."""
    with demo_engine.begin() as conn:
        conn.execute(text("DELETE FROM signalements"))
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def service_uid(demo_engine: Engine) -> str:
    with demo_engine.connect() as conn:
        return str(conn.execute(text("SELECT min(uid::text) FROM services")).scalar_one())


def form_of(client: TestClient, path: str) -> dict[str, str]:
    html = client.get(path).text
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    return {k: fields[k] for k in ("cible", "uid", "jeton")}


def reports(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT * FROM signalements ORDER BY id")))


def test_a_report_on_a_service_is_stored_and_confirmed(
    client: TestClient, demo_engine: Engine, service_uid: str
) -> None:
    fields = form_of(client, f"/services/{service_uid}")
    response = client.post(
        "/signalements",
        data={**fields, "message": "Le numéro de téléphone a changé.", "courriel": "a@b.fr"},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/services/{service_uid}?signalement=merci#signaler"
    (stored,) = reports(demo_engine)
    assert str(stored.service_uid) == service_uid and stored.structure_uid is None
    assert stored.message == "Le numéro de téléphone a changé."
    assert stored.courriel == "a@b.fr" and stored.statut == "nouveau"
    thanks = client.get(response.headers["location"])
    assert "Merci, votre signalement a bien été envoyé" in thanks.text


def test_a_report_on_a_structure_is_stored(client: TestClient, demo_engine: Engine) -> None:
    with demo_engine.connect() as conn:
        structure = str(conn.execute(text("SELECT min(uid::text) FROM structures")).scalar_one())
    fields = form_of(client, f"/structures/{structure}")
    response = client.post(
        "/signalements",
        data={**fields, "message": "Cette structure a déménagé.\nNouvelle adresse : ..."},
        headers={"referer": f"http://testserver/structures/{structure}"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    (stored,) = reports(demo_engine)
    assert str(stored.structure_uid) == structure and stored.courriel is None
    assert "\n" in stored.message


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 403),
        ({"origin": "https://evil.example"}, 403),
        ({"origin": "null"}, 403),
        ({"referer": "https://evil.example/services/x"}, 403),
    ],
)
def test_a_report_from_another_site_is_refused(
    client: TestClient, demo_engine: Engine, service_uid: str, headers: dict[str, str], status: int
) -> None:
    fields = form_of(client, f"/services/{service_uid}")
    response = client.post(
        "/signalements", data={**fields, "message": "Message forgé ailleurs."}, headers=headers
    )
    assert response.status_code == status
    assert "depuis une page de Maillage" in response.text
    assert reports(demo_engine) == []


@pytest.mark.parametrize(
    ("change", "status", "words", "kept"),
    [
        ({"message": "court"}, 422, "au moins 10 caractères", False),
        ({"message": "x" * 2001}, 422, "trop long", False),
        ({"courriel": "pas une adresse"}, 422, "Adresse électronique invalide", True),
        ({"jeton": "123.abc"}, 400, "Le formulaire a expiré", True),
        ({"jeton": ""}, 400, "Le formulaire a expiré", True),
        ({"uid": "00000000-0000-0000-0000-000000000000"}, 404, "n'existe pas", False),
        ({"uid": "../../etc/passwd"}, 400, "sans objet", False),
        ({"cible": "utilisateur"}, 400, "sans objet", False),
    ],
)
def test_unsound_reports_are_refused_in_french_keeping_the_text(
    client: TestClient,
    demo_engine: Engine,
    service_uid: str,
    change: dict[str, str],
    status: int,
    words: str,
    kept: bool,
) -> None:
    fields = form_of(client, f"/services/{service_uid}")
    data = {**fields, "message": "Les horaires ont changé <b>!</b>", **change}
    response = client.post("/signalements", data=data, headers=ORIGIN)
    assert response.status_code == status, response.text
    assert words in response.text.replace("&#39;", "'")
    assert reports(demo_engine) == []
    if kept:  # the person's text comes back, escaped
        assert "Les horaires ont changé &lt;b&gt;!&lt;/b&gt;" in response.text


def test_a_token_is_bound_to_its_target_and_expires() -> None:
    tokens = Jetons(b"k" * 32)
    one, other = Cible("service", "a" * 8), Cible("service", "b" * 8)
    token = tokens.emettre(one, now=1_000_000)
    assert tokens.valide(token, one, now=1_000_060)
    assert not tokens.valide(token, other, now=1_000_060)
    assert not tokens.valide(token, one, now=1_000_000 + TOKEN_TTL + 1)
    assert not tokens.valide(token, one, now=999_000)  # issued in the future
    assert not Jetons(b"z" * 32).valide(token, one, now=1_000_060)


def test_same_origin_check() -> None:
    assert meme_origine("http://maillage.fr", None, "maillage.fr")
    assert meme_origine(None, "http://maillage.fr/services/x", "maillage.fr")
    assert not meme_origine("http://maillage.fr.evil.com", None, "maillage.fr")
    assert not meme_origine(None, None, "maillage.fr")


def test_reports_are_rate_limited(
    client: TestClient, demo_engine: Engine, service_uid: str
) -> None:
    fields = form_of(client, f"/services/{service_uid}")
    data = {**fields, "message": "Adresse erronée sur la fiche."}
    for _ in range(RATE_LIMIT):
        ok = client.post("/signalements", data=data, headers=ORIGIN, follow_redirects=False)
        assert ok.status_code == 303
    refused = client.post("/signalements", data=data, headers=ORIGIN)
    assert refused.status_code == 429
    assert "Trop de signalements" in refused.text
    assert len(reports(demo_engine)) == RATE_LIMIT
    limiter = Limiteur(limit=2, window=60)
    assert limiter.autorise("x", now=0) and limiter.autorise("x", now=1)
    assert not limiter.autorise("x", now=2) and limiter.autorise("x", now=61)


def test_oversized_reports_and_robots_are_not_stored(
    client: TestClient, demo_engine: Engine, service_uid: str
) -> None:
    fields = form_of(client, f"/services/{service_uid}")
    huge = client.post("/signalements", data={**fields, "message": "x" * 20_000}, headers=ORIGIN)
    assert huge.status_code == 413
    robot = client.post(
        "/signalements",
        data={**fields, "message": "Achetez nos montres pas chères", "site": "http://spam"},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert robot.status_code == 303  # it believes it worked
    nul = client.post(
        "/signalements",
        data={**fields, "message": "Horaires faux\x00 le samedi."},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert nul.status_code == 303
    (stored,) = reports(demo_engine)
    assert stored.message == "Horaires faux le samedi."
