"""``maillage export``: the published catalogue as files, from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from catalogue.settings import Settings


@click.command("export")
@click.option(
    "--format",
    "format_name",
    help="data-inclusion, csv, geojson, parquet, gpkg ou hsds.",
)
@click.option("--territoire", help="Code d'un département, d'un EPCI (SIREN) ou d'une commune.")
@click.option("--sources", help="Sources, séparées par des virgules (toutes par défaut).")
@click.option(
    "--publier",
    is_flag=True,
    help="Écrit tous les formats dans le dossier que la page /donnees propose.",
)
@click.argument("dossier", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def export_command(
    settings: Settings,
    format_name: str | None,
    territoire: str | None,
    sources: str | None,
    publier: bool,
    dossier: Path | None,
) -> None:
    """Écrit le catalogue publié dans DOSSIER (structures et services), au format choisi.

    Rien de personnel n'en sort : ni comptes, ni orientations, ni nom de personne à
    contacter."""
    from api.exports.formats import export, format_named
    from api.exports.publishing import publish_all
    from api.exports.records import Scope
    from catalogue.db import make_engine

    if publier and (format_name or dossier):
        raise click.UsageError("--publier écrit tous les formats dans le dossier publié : seul.")
    if not publier and (format_name is None or dossier is None):
        raise click.UsageError("donnez --format et DOSSIER (ou --publier).")
    engine = make_engine(settings)
    try:
        if publier:
            publication = publish_all(engine, settings.exports)
            for file in publication.fichiers:
                click.echo(f"{settings.exports.directory / file.nom} : {_rows(file.lignes)}")
            return
        assert format_name is not None and dossier is not None
        fmt = format_named(format_name)
        scope = Scope(territoire, tuple(s.strip() for s in (sources or "").split(",") if s.strip()))
        written = export(engine, fmt, scope, dossier, settings.exports.chunk_rows)
    finally:
        engine.dispose()
    for table, name in fmt.file_names().items():
        click.echo(f"{dossier / name} : {written.rows[table]} {table}")
    for refused in written.refused:
        click.echo(f"écarté (refusé par le schéma) : {refused}", err=True)


def _rows(lignes: dict[str, int]) -> str:
    return ", ".join(f"{n} {table}" for table, n in lignes.items())
