"""The ``maillage`` command: the catalogue's groups and each feature's, under one root
that turns domain errors into one French line."""

from __future__ import annotations

import sys
from typing import Any

import click
import psycopg
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from api.accounts.cli import admin
from api.cli import search
from api.exports.cli import export_command
from api.index.cli import index
from api.observatory.cli import observatoire
from catalogue.cli import db, stack, stats
from catalogue.errors import MaillageError
from catalogue.geocoding.cli import geocoder
from catalogue.settings import Settings
from importers.cli import import_command

DATABASE_DOWN = (
    "la base de données ne répond pas : démarrez la pile locale (« maillage stack up ») "
    "ou vérifiez MAILLAGE_DB_URL. Rien n'a été écrit."
)


class _Group(click.Group):
    """Turns domain errors into one clear line and exit code 2, and a database that does
    not answer into one line and exit code 3: never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MaillageError as error:
            click.echo(f"Erreur : {error.message}", err=True)
            sys.exit(2)
        except (OperationalError, InterfaceError) as error:
            if not _connection_lost(error):
                raise
            click.echo(f"Erreur : {DATABASE_DOWN}", err=True)
            sys.exit(3)


def _connection_lost(error: DBAPIError) -> bool:
    """A connection refused or dropped (not a query's own failure, such as a deadlock)."""
    return error.connection_invalidated or (
        isinstance(error.orig, psycopg.OperationalError)
        and ("connection" in str(error.orig).lower())
    )


@click.group(cls=_Group)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Maillage : annuaire géographique de l'offre d'insertion."""
    ctx.obj = Settings()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_obj
def serve(settings: Settings, host: str, port: int) -> None:
    """Sert l'application web et l'API."""
    import uvicorn

    from maillage.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=False)


for _command in (
    stack,
    db,
    stats,
    geocoder,
    import_command,
    export_command,
    observatoire,
    index,
    search,
    admin,
    serve,
):
    main.add_command(_command)
