"""``maillage observatoire``: a territory's figures on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import click

from catalogue.settings import Settings


@click.command("observatoire")
@click.option("--territoire", required=True, help="Département, EPCI (SIREN) ou commune (INSEE).")
@click.option("--json", "as_json", is_flag=True, help="Les indicateurs en JSON (sortie standard).")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Une ligne par commune et par frein : la distance à l'offre la plus proche.",
)
@click.option(
    "--gpkg",
    "gpkg_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Les contours des communes et leurs distances, pour QGIS.",
)
@click.pass_obj
def observatoire(
    settings: Settings,
    territoire: str,
    as_json: bool,
    csv_path: Path | None,
    gpkg_path: Path | None,
) -> None:
    """L'accès à l'offre d'un territoire, frein par frein (voir /territoire/CODE)."""
    from api.observatory import outputs
    from api.observatory.indicators import observe
    from catalogue.db import make_engine
    from catalogue.geography.territories import territory
    from catalogue.records.closures import today

    engine = make_engine(settings)
    try:
        with engine.connect() as conn:
            seen = observe(conn, territory(conn, territoire), today())
            if gpkg_path:
                outputs.write_gpkg(conn, seen, gpkg_path)
    finally:
        engine.dispose()
    if csv_path:
        outputs.write_csv(seen, csv_path)
    if as_json:
        click.echo(json.dumps(outputs.as_json(seen), ensure_ascii=False, indent=1))
        return
    click.echo(f"{seen.territoire.nom} : {seen.population:,} habitants".replace(",", " "))
    for f in seen.freins:
        beyond = ", ".join(f"{b.part:.0%} au-delà de {b.km} km" for b in f.au_dela)
        click.echo(f"  {f.libelle} : {f.sur_place} sur place, {f.a_distance} à distance ; {beyond}")
