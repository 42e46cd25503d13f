"""Confirmation and reset emails are limited per address and per network; the pages
answer the same whether an email went or not, and the counts are purged."""

from __future__ import annotations

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text

from catalogue.settings import AccountSettings
from maillage.app import create_app
from maillage.cli import main
from tests.accounts.helpers import PASSWORD, World, account, post
from tests.conftest import cli_env


def _forgot(client: TestClient, address: str):  # type: ignore[no-untyped-def]
    return post(client, "/compte/mot-de-passe-oublie", {"courriel": address},
                "/compte/mot-de-passe-oublie")  # fmt: skip


def test_reset_emails_to_one_address_stop_at_the_limit(client: TestClient, world: World) -> None:
    account(world, "alice@example.org")
    answers = {_forgot(client, "alice@example.org").status_code for _ in range(5)}
    assert answers == {303}  # the same answer every time
    limit = world.settings.accounts.email_max_per_window
    assert len(world.outbox.to("alice@example.org")) == limit == 3


def test_one_network_cannot_send_confirmations_to_many_addresses(world: World) -> None:
    strict = world.settings.model_copy(
        update={"accounts": AccountSettings(public_url="http://testserver", email_max_per_window=1)}
    )
    with TestClient(create_app(strict)) as client:
        for n in range(12):
            post(client, "/compte/inscription",
                 {"courriel": f"cible{n}@example.org", "mot_de_passe": PASSWORD},
                 "/compte/inscription")  # fmt: skip
    sent = [m for m in world.outbox.messages() if m["To"].startswith("cible")]
    assert len(sent) == 10  # one per address, ten per network


def test_the_purge_forgets_attempts_and_emails_past_their_window(
    client: TestClient, world: World
) -> None:
    account(world, "alice@example.org")
    _forgot(client, "alice@example.org")
    with world.engine.begin() as conn:
        conn.execute(text("UPDATE account_emails SET sent_at = now() - interval '2 hours'"))
        conn.execute(
            text("INSERT INTO login_attempts (email, ip, succeeded) VALUES ('x@y.fr', '1', false)")
        )
    done = CliRunner().invoke(main, ["admin", "purger"], env=cli_env(world.settings))
    assert done.exit_code == 0, done.output
    with world.engine.connect() as conn:
        left = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM account_emails),"
                " (SELECT count(*) FROM login_attempts)"
            )
        ).one()
    assert tuple(left) == (0, 1)  # the fresh attempt stays for its window
