"""The weekly email to coordinators: what is new, withdrawn, to check and rejected in
their territory, and the gaps that opened or closed since the last one."""

from __future__ import annotations

from sqlalchemy import text

from api.accounts.mail import Mailer
from api.accounts.users import create_user
from api.observatory.digest import send_coordinator_digest
from tests.accounts.helpers import PASSWORD, World

COORDINATOR = "coordination13@example.org"


def send(world: World, dry_run: bool = False) -> None:
    mailer = Mailer(world.settings.mail)
    send_coordinator_digest(world.engine, mailer, world.settings, dry_run=dry_run)


def last_body(world: World) -> str:
    return world.outbox.to(COORDINATOR)[-1].get_content()


def test_a_coordinator_hears_of_the_week_and_then_of_the_gaps_it_changed(world: World) -> None:
    create_user(world.engine, COORDINATOR, PASSWORD, territoires=("13",))
    send(world, dry_run=True)
    assert world.outbox.to(COORDINATOR) == []

    send(world)
    body = last_body(world)
    assert "Bouches-du-Rhône (13)" in body
    assert "1 nouvelle(s) offre(s), 0 retirée(s)" in body  # the bikes of Tarascon
    assert "aucun écart ouvert ni refermé" in body

    # The only mobility offer of the département is withdrawn: a gap opens.
    with world.engine.begin() as conn:
        conn.execute(
            text("UPDATE services SET archived = true, updated_at = now() WHERE id = 'dora--velos'")
        )
    send(world)
    body = last_body(world)
    assert "0 nouvelle(s) offre(s), 1 retirée(s)" in body
    assert "Mobilité : l'écart s'est creusé" in body
    assert len(world.outbox.to(COORDINATOR)) == 2
