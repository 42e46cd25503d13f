"""``maillage index sync|rebuild|check``."""

from __future__ import annotations

import time

import click

from catalogue.settings import Settings


def _tools(settings: Settings):  # type: ignore[no-untyped-def]
    from api.index.client import make_client
    from catalogue.db import make_engine

    return make_engine(settings), make_client(settings, timeout=30)


@click.group()
def index() -> None:
    """Index Meilisearch des services (dérivé du catalogue)."""


@index.command("sync")
@click.option(
    "--essais", default=5, show_default=True, help="Tentatives si Meilisearch ne répond pas."
)
@click.pass_obj
def index_sync(settings: Settings, essais: int) -> None:
    """Vide la file d'attente (outbox) dans l'index ; reprend où il s'est arrêté."""
    from api.index.indexer import sync
    from catalogue.errors import MaillageError

    engine, client = _tools(settings)
    for attempt in range(1, essais + 1):
        try:
            report = sync(engine, client, settings.search.index)
        except MaillageError as error:
            if attempt == essais:
                raise
            delay = min(30, 2**attempt)
            click.echo(f"{error.message} — nouvel essai dans {delay} s.", err=True)
            time.sleep(delay)
        else:
            click.echo(
                f"{report.outbox} changement(s) appliqué(s) : {report.upserted} document(s) "
                f"indexé(s), {report.deleted} retiré(s)."
            )
            return


@index.command("rebuild")
@click.pass_obj
def index_rebuild(settings: Settings) -> None:
    """Reconstruit l'index à côté de l'actuel puis les échange (sans interruption)."""
    from api.index.indexer import rebuild

    engine, client = _tools(settings)
    report = rebuild(engine, client, settings.search.index)
    click.echo(f"Index reconstruit : {report.documents} document(s) en {report.seconds} s.")


@index.command("check")
@click.option("--repair", is_flag=True, help="Corrige les écarts trouvés.")
@click.option("--json", "as_json", is_flag=True, help="Rapport en JSON.")
@click.pass_obj
def index_check(settings: Settings, repair: bool, as_json: bool) -> None:
    """Compare l'index au catalogue, document par document."""
    from api.index.indexer import check
    from catalogue.cli import echo_json

    engine, client = _tools(settings)
    report = check(engine, client, settings.search.index, repair=repair)
    if as_json:
        echo_json(report.as_dict())
        return
    click.echo(
        f"Catalogue : {report.catalogue} service(s) indexables ; index : {report.index} "
        f"document(s) ; écart : {report.drift} (manquants {len(report.missing)}, en trop "
        f"{len(report.extra)}, périmés {len(report.stale)})"
        + (" — réparé." if report.repaired else ".")
    )
