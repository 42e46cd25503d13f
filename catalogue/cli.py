"""The ``maillage`` command. Each feature adds its own group (importers, search, web);
their modules are imported lazily so ``maillage --help`` stays instant."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from catalogue.errors import MaillageError
from catalogue.settings import Settings


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


class _Group(click.Group):
    """Turns domain errors into one clear line and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MaillageError as error:
            click.echo(f"Erreur : {error.message}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Maillage : annuaire géographique de l'offre d'insertion."""
    ctx.obj = Settings()


@main.group()
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


@main.group()
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


@main.command()
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


def _register_feature_commands() -> None:
    from api.accounts.cli import admin
    from api.cli import search, serve
    from api.index.cli import index
    from catalogue.geocoding.cli import geocoder
    from importers.cli import import_command

    main.add_command(admin)
    main.add_command(geocoder)
    main.add_command(import_command)
    main.add_command(index)
    main.add_command(search)
    main.add_command(serve)


_register_feature_commands()
