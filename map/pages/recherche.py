"""``/recherche``: the referent's search. Thin: parse the URL, call ``run_search``, render."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import BackendDep, EngineDep, SettingsDep
from api.search.service import run_search
from catalogue.errors import LieuAmbigu, MaillageError
from catalogue.vocabulary import freins
from map.formulaire import RAYONS, Recherche, pages_around
from map.maps import Lieu, results_map
from map.templating import PagesDep, status_of

router = APIRouter(include_in_schema=False)


def _lieux(results: list[dict[str, Any]], first: int) -> list[Lieu]:
    return [
        Lieu(r["latitude"], r["longitude"], first + i, r["nom"], r["lien"])
        for i, r in enumerate(results)
        if r["latitude"] is not None and not r["a_distance"]
    ]


@router.get("/recherche", response_class=HTMLResponse)
def recherche(
    request: Request,
    engine: EngineDep,
    backend: BackendDep,
    settings: SettingsDep,
    pages: PagesDep,
) -> HTMLResponse:
    form = Recherche.depuis(request.query_params)
    context: dict[str, Any] = {
        "form": form,
        "rayons": RAYONS,
        "freins": list(freins().values()),
        "reponse": None,
        "erreur": None,
        "choix": [],
        # A geocoder is configured: the place field suggests street addresses too.
        "adresses": bool(settings.geocoder.url),
    }
    if not form.lancee:
        return pages.render(request, "recherche.html", context)
    try:
        answer = run_search(engine, backend, form.params(), settings.search, settings.geocoder)
        # Counts per frein ignoring the freins ticked: what ticking another box would show.
        counts = answer["facettes"].get("freins", {})
        if form.freins:
            without = replace(form.params(freins=(), page=1), taille=1)
            unfiltered = run_search(engine, backend, without, settings.search)
            counts = unfiltered["facettes"].get("freins", {})
    except MaillageError as error:
        context["erreur"] = error.message
        if isinstance(error, LieuAmbigu):
            context["choix"] = [
                (c["libelle"], form.url(lieu=c["nom"], code_commune=c["code_commune"], page=1))
                for c in error.choix
            ]
        return pages.render(request, "recherche.html", context, status_of(error))
    last = max(1, math.ceil(answer["total"] / answer["taille"]))
    first_number = (answer["page"] - 1) * answer["taille"] + 1
    location = answer["localisation"]
    context.update(
        reponse=answer,
        compte_freins=counts,
        premier=first_number,
        derniere_page=last,
        pages=pages_around(answer["page"], last),
        carte=results_map(
            settings.web,
            latitude=location["latitude"],
            longitude=location["longitude"],
            radius_km=location["rayon_km"],
            place=location["commune"]["nom"],
            lieux=_lieux(answer["resultats"], first_number),
        ),
    )
    return pages.render(request, "recherche.html", context)
