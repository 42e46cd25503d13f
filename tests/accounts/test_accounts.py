"""Sign-up, confirmation, sign-in, sign-out and password reset, through the real pages."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlalchemy import select, text

from api.accounts.mail import Mailer
from api.accounts.users import authenticate
from catalogue.errors import MaillageError
from catalogue.models import USERS
from tests.accounts.helpers import PASSWORD, World, account, post, shown, sign_in


def sign_up(client: TestClient, address: str, password: str = PASSWORD):
    return post(
        client,
        "/compte/inscription",
        {"courriel": address, "mot_de_passe": password, "nom": "Alice Martin"},
        "/compte/inscription",
    )


def test_a_new_account_signs_in_only_once_its_address_is_confirmed(
    client: TestClient, world: World
) -> None:
    assert sign_up(client, "Alice@Example.org ").status_code == 303
    refused = post(
        client, "/compte/connexion", {"courriel": "alice@example.org", "mot_de_passe": PASSWORD}
    )
    assert refused.status_code == 401
    assert "Confirmez d'abord votre adresse" in shown(refused)

    link = world.outbox.last_link("alice@example.org", "/compte/confirmer")
    assert client.get(link, follow_redirects=False).status_code == 303
    sign_in(client, "alice@example.org")
    assert "alice@example.org" in client.get("/espace-structure").text
    # The link is single-use.
    assert client.get(link, follow_redirects=False).status_code == 400


def test_passwords_are_stored_as_argon2id_hashes(client: TestClient, world: World) -> None:
    sign_up(client, "bob@example.org")
    with world.engine.connect() as conn:
        stored = conn.execute(select(USERS.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_short_password_is_refused_in_french(client: TestClient, world: World) -> None:
    response = sign_up(client, "carole@example.org", "court")
    assert response.status_code == 422
    assert "au moins 12 caractères" in response.text
    assert world.outbox.messages() == []


def test_signing_up_with_a_taken_address_reveals_nothing(client: TestClient, world: World) -> None:
    account(world, "dora@example.org")
    first = sign_up(client, "nouvelle@example.org")
    again = sign_up(client, "dora@example.org")
    assert (first.status_code, first.headers["location"]) == (
        again.status_code,
        again.headers["location"],
    )
    # The address's owner is told, with a way back in.
    [letter] = world.outbox.to("dora@example.org")
    assert "déjà un compte" in letter["Subject"]
    assert "/compte/reinitialiser?jeton=" in letter.get_content()


def test_unknown_address_and_wrong_password_get_the_same_answer(
    client: TestClient, world: World
) -> None:
    account(world, "eve@example.org")
    wrong = post(
        client, "/compte/connexion", {"courriel": "eve@example.org", "mot_de_passe": "x" * 20}
    )
    unknown = post(
        client, "/compte/connexion", {"courriel": "nobody@example.org", "mot_de_passe": "x" * 20}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "incorrect" in wrong.text and "incorrect" in unknown.text
    assert wrong.text.replace("eve@", "X@") == unknown.text.replace("nobody@", "X@")


def test_sign_in_is_rate_limited_per_address_and_network(client: TestClient, world: World) -> None:
    account(world, "frank@example.org")
    limit = world.settings.accounts.login_max_failures
    for _ in range(limit):
        bad = post(
            client,
            "/compte/connexion",
            {"courriel": "frank@example.org", "mot_de_passe": "mauvais mot de passe"},
        )
        assert bad.status_code == 401
    # Even the right password is refused now, and the count lives in the database.
    blocked = post(
        client, "/compte/connexion", {"courriel": "frank@example.org", "mot_de_passe": PASSWORD}
    )
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.text
    with world.engine.connect() as conn:
        failures = conn.execute(
            text("SELECT count(*) FROM login_attempts WHERE NOT succeeded")
        ).scalar()
    assert failures == limit
    # Another address from the same network is not locked out by this one.
    account(world, "grace@example.org")
    sign_in(client, "grace@example.org")


def test_password_reset_by_emailed_link(client: TestClient, world: World, login) -> None:
    account(world, "henri@example.org")
    elsewhere = login("henri@example.org")

    unknown = post(client, "/compte/mot-de-passe-oublie", {"courriel": "personne@example.org"})
    known = post(client, "/compte/mot-de-passe-oublie", {"courriel": "henri@example.org"})
    assert unknown.headers["location"] == known.headers["location"]
    assert world.outbox.to("personne@example.org") == []

    link = world.outbox.last_link("henri@example.org", "/compte/reinitialiser")
    page = client.get(link)
    assert page.status_code == 200 and 'name="jeton"' in page.text
    token = link.split("jeton=")[1]
    new_password = "un tout nouveau mot de passe"
    done = post(client, "/compte/reinitialiser", {"jeton": token, "mot_de_passe": new_password})
    assert done.status_code == 303
    # Single use; the old password no longer works; other sessions are closed.
    again = post(
        client, "/compte/reinitialiser", {"jeton": token, "mot_de_passe": "encore un autre mot"}
    )
    assert again.status_code == 400
    assert (
        post(
            client, "/compte/connexion", {"courriel": "henri@example.org", "mot_de_passe": PASSWORD}
        ).status_code
        == 401
    )
    sign_in(client, "henri@example.org", new_password)
    assert elsewhere.get("/espace-structure", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session_on_the_server(client: TestClient, world: World) -> None:
    account(world, "ines@example.org")
    sign_in(client, "ines@example.org")
    token = client.cookies.get("maillage_session")
    assert post(client, "/compte/deconnexion", page="/espace-structure").status_code == 303
    replay = TestClient(client.app)
    replay.cookies.set("maillage_session", token)
    assert replay.get("/espace-structure", follow_redirects=False).status_code == 303


def test_the_create_user_command_bootstraps_an_admin_and_a_moderator(world: World) -> None:
    from click.testing import CliRunner

    from maillage.cli import main
    from tests.conftest import cli_env

    env = {**cli_env(world.settings), "MAILLAGE_ADMIN_PASSWORD": PASSWORD}
    for args in (
        ["--email", "root@example.org", "--role", "admin"],
        ["--email", "modo@example.org", "--role", "moderateur", "--departements", "13,30"],
    ):
        done = CliRunner().invoke(main, ["admin", "create-user", *args], env=env)
        assert done.exit_code == 0, done.output
        assert "créé" in done.output
    refused = CliRunner().invoke(
        main, ["admin", "create-user", "--email", "x@example.org", "--role", "moderateur"], env=env
    )
    assert refused.exit_code == 2 and "département" in refused.output
    with world.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT u.email, u.is_platform_admin, u.confirmed_at IS NOT NULL, "
                "array_agg(m.departement_code ORDER BY m.departement_code) "
                "FROM users u LEFT JOIN moderator_departements m ON m.user_id = u.id "
                "GROUP BY u.id ORDER BY u.email"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("modo@example.org", False, True, ["13", "30"]),
        ("root@example.org", True, True, [None]),
    ]


def test_parallel_guesses_are_counted_one_by_one(world: World) -> None:
    """Twenty wrong passwords sent at once: only the allowed number is even checked."""
    account(world, "ines@example.org")
    limit = world.settings.accounts.login_max_failures
    mailer = Mailer(world.settings.mail)

    def guess(number: int) -> str:
        try:
            authenticate(
                world.engine,
                mailer,
                world.settings,
                "ines@example.org",
                f"faux {number}",
                "10.0.0.9",
            )
        except MaillageError as error:
            return type(error).__name__
        return "connecté"

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = Counter(pool.map(guess, range(20)))
    assert outcomes == {"NonAuthentifie": limit, "TropDeTentatives": 20 - limit}
