"""``maillage geocodeur``: the stack's address geocoder (addok)."""

from __future__ import annotations

from pathlib import Path

import click

from catalogue.settings import Settings


@click.group("geocodeur")
def geocoder() -> None:
    """Géocodeur d'adresses local (addok, la Base Adresse Nationale)."""


@geocoder.command("charger")
@click.argument(
    "fichiers",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.pass_obj
def load(settings: Settings, fichiers: tuple[Path, ...]) -> None:
    """Charge des fichiers de la BAN : adresses-XX.csv(.gz) ou adresses-addok-XX.ndjson(.gz).

    Recharger un fichier remplace ses adresses (à relancer à chaque publication de la BAN).
    """
    from catalogue.geocoding.daemons import Addok, Redis
    from catalogue.geocoding.load import ChargementImpossible, load_files

    if not Redis(settings.stack).is_healthy():
        raise ChargementImpossible(
            f"Redis ne répond pas sur le port {settings.stack.redis_port} : "
            "lancez « maillage stack up »."
        )
    loaded = load_files(Addok(settings.stack), fichiers)
    counts = loaded.as_dict()
    click.echo(
        f"Chargé : {counts['fichiers']} fichier(s), {counts['communes']} commune(s), "
        f"{counts['voies']} voie(s), {counts['adresses']} adresse(s)"
        + (
            f" ; {counts['lignes_ignorees']} ligne(s) ignorée(s)"
            if counts["lignes_ignorees"]
            else ""
        )
        + "."
    )
