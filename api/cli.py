"""``maillage search``: the search of the API, on the command line."""

from __future__ import annotations

import click

from catalogue.settings import Settings


def _values(raw: str | None) -> tuple[str, ...]:
    from api.search.params import split_values

    return split_values([raw] if raw else None)


@click.command()
@click.option("--commune", "code_commune", help="Code INSEE de la commune.")
@click.option("--lat", type=float, help="Latitude (avec --lon).")
@click.option("--lon", type=float, help="Longitude (avec --lat).")
@click.option("--adresse", help="Adresse ou commune en texte libre.")
@click.option("--rayon", "rayon_km", type=float, help="Rayon en km (50 par défaut).")
@click.option("--freins", help="Freins, séparés par des virgules.")
@click.option("--thematiques", help="Thématiques ou catégories, séparées par des virgules.")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--taille", type=int, default=20, show_default=True)
@click.option("-q", "--texte", "q", help="Texte libre (tolère les fautes de frappe).")
@click.option(
    "--moteur",
    type=click.Choice(["auto", "meilisearch", "postgis"]),
    default="auto",
    show_default=True,
    help="auto : Meilisearch s'il répond, sinon PostGIS.",
)
@click.option(
    "--masquer-doublons",
    is_flag=True,
    help="Un service listé par plusieurs sources n'apparaît qu'une fois.",
)
@click.option("--json", "as_json", is_flag=True, help="Même JSON que l'API.")
@click.pass_obj
def search(
    settings: Settings,
    code_commune: str | None,
    lat: float | None,
    lon: float | None,
    adresse: str | None,
    rayon_km: float | None,
    freins: str | None,
    thematiques: str | None,
    page: int,
    taille: int,
    q: str | None,
    moteur: str,
    masquer_doublons: bool,
    as_json: bool,
) -> None:
    """Cherche des services autour d'une commune ou d'un point."""
    from api.search.engines import backend_for
    from api.search.params import SearchParams
    from api.search.service import run_search
    from catalogue.cli import echo_json
    from catalogue.db import make_engine

    engine = make_engine(settings)
    params = SearchParams(
        code_commune=code_commune,
        lat=lat,
        lon=lon,
        adresse=adresse,
        rayon_km=rayon_km,
        freins=_values(freins),
        thematiques=_values(thematiques),
        q=q,
        masquer_doublons=masquer_doublons,
        page=page,
        taille=taille,
    )
    backend = backend_for(settings, engine, moteur)
    answer = run_search(engine, backend, params, settings.search, settings.geocoder)
    if as_json:
        echo_json(answer)
        return
    place = answer["localisation"]
    click.echo(
        f"{answer['total']} service(s) autour de {place['commune']['nom']} "
        f"({place['commune']['code']}, {place['rayon_km']:g} km) — moteur {answer['moteur']}"
    )
    for result in answer["resultats"]:
        where = "à distance" if result["distance_km"] is None else f"{result['distance_km']:.1f} km"
        click.echo(f"  {where:>10}  {result['nom']} — {result['structure']['nom']}")
