"""The catalogue's commands (``maillage stack``, ``db``, ``stats``) and the JSON output
every command shares; ``maillage.cli`` assembles them with the other features' groups."""

from __future__ import annotations

import json
from typing import Any

import click

from catalogue.settings import Settings


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group()
def stack() -> None:
    """PostgreSQL/PostGIS, Meilisearch, Redis et addok locaux au projet (sous var/)."""


@stack.command("up")
@click.pass_obj
def stack_up(settings: Settings) -> None:
    """Démarre la pile locale (idempotent)."""
    from catalogue.stack import Stack

    Stack(settings.stack).up()
    echo_json(Stack(settings.stack).status())


@stack.command("down")
@click.pass_obj
def stack_down(settings: Settings) -> None:
    """Arrête la pile locale."""
    from catalogue.stack import Stack

    Stack(settings.stack).down()
    echo_json(Stack(settings.stack).status())


@stack.command("status")
@click.pass_obj
def stack_status(settings: Settings) -> None:
    """Montre l'état de la pile locale."""
    from catalogue.stack import Stack

    echo_json(Stack(settings.stack).status())


@click.group()
def db() -> None:
    """Base du catalogue."""


@db.command("init")
@click.option("--force", is_flag=True, help="Recharge la géographie même si elle est à jour.")
@click.pass_obj
def db_init(settings: Settings, force: bool) -> None:
    """Migre le schéma et charge la géographie de référence (idempotent)."""
    from catalogue.db import make_engine
    from catalogue.geography.load import load_geography
    from catalogue.migrate import upgrade

    if settings.uses_local_stack:
        from catalogue.stack import Stack

        Stack(settings.stack).postgres.ensure_database(settings.stack.pg_database)
    engine = make_engine(settings)
    upgrade(engine)
    report = load_geography(engine, settings.geography, force=force)
    state = "chargée" if report.loaded else "déjà à jour"
    click.echo(
        f"Géographie {state} ({report.version}) : {report.communes} communes et arrondissements, "
        f"{report.epcis} EPCI, {report.departements} départements, {report.regions} régions."
    )


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.pass_obj
def stats(settings: Settings, as_json: bool) -> None:
    """Compte les lignes du catalogue et de la géographie."""
    from catalogue.db import make_engine
    from catalogue.stats import catalogue_stats

    counts = catalogue_stats(make_engine(settings))
    if as_json:
        echo_json(counts)
    else:
        for name, count in counts.items():
            click.echo(f"{name:20} {count:>10}")
