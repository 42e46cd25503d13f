"""CSRF protection, session fixation, cookie flags, secrets at rest."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from api.accounts.tokens import digest
from catalogue.settings import AccountSettings
from maillage.app import create_app
from tests.accounts.helpers import PASSWORD, World, account, csrf_of, sign_in

SIGN_IN = {"courriel": "alice@example.org", "mot_de_passe": PASSWORD}


def test_a_form_without_the_csrf_token_is_refused(client: TestClient, world: World) -> None:
    account(world, "alice@example.org")
    for data in (SIGN_IN, {**SIGN_IN, "csrf": ""}, {**SIGN_IN, "csrf": "0" * 64}):
        response = client.post("/compte/connexion", data=data, follow_redirects=False)
        assert response.status_code == 403, data
        assert "Formulaire expiré" in response.text
        assert "maillage_session" not in response.cookies


def test_another_visitors_token_does_not_work(client: TestClient, world: World) -> None:
    account(world, "alice@example.org")
    with TestClient(client.app) as attacker:
        stolen = csrf_of(attacker)
    csrf_of(client)  # the victim has a pre-session of their own
    response = client.post(
        "/compte/connexion", data={**SIGN_IN, "csrf": stolen}, follow_redirects=False
    )
    assert response.status_code == 403


def test_a_post_from_another_site_is_refused_even_with_a_token(
    client: TestClient, world: World
) -> None:
    account(world, "alice@example.org")
    token = csrf_of(client)
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = client.post(
            "/compte/connexion",
            data={**SIGN_IN, "csrf": token},
            headers=headers,
            follow_redirects=False,
        )
        assert response.status_code == 403, headers
    same_site = client.post(
        "/compte/connexion",
        data={**SIGN_IN, "csrf": token},
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert same_site.status_code == 303


def test_tokens_from_before_signing_in_are_void_after(client: TestClient, world: World) -> None:
    account(world, "alice@example.org")
    before = csrf_of(client)
    sign_in(client, "alice@example.org")
    after = csrf_of(client, "/espace-structure")
    assert before != after
    response = client.post("/compte/deconnexion", data={"csrf": before}, follow_redirects=False)
    assert response.status_code == 403


def test_a_planted_session_cookie_is_replaced_at_sign_in(client: TestClient, world: World) -> None:
    """Session fixation: an attacker plants their own valid session token in the victim's
    browser; signing in must issue a new one, and the planted one must not become the
    victim's session."""
    account(world, "alice@example.org")
    account(world, "mallory@example.org")
    with TestClient(client.app) as attacker:
        sign_in(attacker, "mallory@example.org")
        planted = attacker.cookies.get("maillage_session")
    client.cookies.set("maillage_session", planted)
    token = csrf_of(client, "/espace-structure")
    response = client.post(
        "/compte/connexion", data={**SIGN_IN, "csrf": token}, follow_redirects=False
    )
    assert response.status_code == 303
    issued = response.cookies.get("maillage_session")
    assert issued and issued != planted
    with world.engine.connect() as conn:
        sessions = dict(
            conn.execute(
                text(
                    "SELECT s.token_hash, u.email FROM user_sessions s "
                    "JOIN users u ON u.id = s.user_id"
                )
            ).all()
        )
    assert sessions[digest(issued)] == "alice@example.org"
    # The planted token was closed: the attacker's browser is signed out, not signed in
    # as the victim.
    assert digest(planted) not in sessions


def test_session_cookies_are_httponly_lax_and_secure_when_the_site_is_https(
    world: World,
) -> None:
    account(world, "alice@example.org")
    for public_url, forced, secure in (
        ("http://testserver", None, False),
        ("https://testserver", None, True),  # by default, from the public URL
        ("http://testserver", True, True),  # forced (behind a proxy that speaks HTTPS)
    ):
        accounts = AccountSettings(public_url=public_url, cookie_secure=forced)
        settings = world.settings.model_copy(update={"accounts": accounts})
        base = "https://testserver" if secure else "http://testserver"
        with TestClient(create_app(settings), base_url=base) as browser:
            token = csrf_of(browser)
            response = browser.post(
                "/compte/connexion", data={**SIGN_IN, "csrf": token}, follow_redirects=False
            )
        header = next(
            h for h in response.headers.get_list("set-cookie") if h.startswith("maillage_session=")
        )
        flags = {part.strip().lower() for part in header.split(";")[1:]}
        assert "httponly" in flags and "samesite=lax" in flags
        assert ("secure" in flags) is secure


def test_sessions_and_links_are_stored_as_digests_only(client: TestClient, world: World) -> None:
    account(world, "alice@example.org")
    sign_in(client, "alice@example.org")
    token = client.cookies.get("maillage_session")
    with world.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM user_sessions")).scalars().all()
    assert stored == [digest(token)]
    assert token not in stored
