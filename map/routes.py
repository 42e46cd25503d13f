"""Pages. Thin, like the API routes: parse, call a service, render."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from api.deps import BackendDep, EngineDep, SettingsDep
from api.errors import STATUS_BY_ERROR
from api.search.params import SearchParams, split_values
from api.search.service import run_search
from catalogue.errors import MaillageError
from catalogue.settings import Settings
from catalogue.vocabulary import freins
from map.assets import LEAFLET_CSS, LEAFLET_JS, mount_assets
from map.maps import results_map

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
RAYONS = (5, 10, 20, 30, 50, 100)


def install_pages(app: FastAPI, settings: Settings) -> None:
    mount_assets(app, settings.web)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/recherche")

    @app.get("/recherche", response_class=HTMLResponse, include_in_schema=False)
    def recherche(
        request: Request,
        engine: EngineDep,
        backend: BackendDep,
        settings: SettingsDep,
        lieu: Annotated[str | None, Query(max_length=200)] = None,
        code_commune: Annotated[str | None, Query(max_length=10)] = None,
        rayon_km: Annotated[int, Query()] = 30,
        freins_: Annotated[list[str] | None, Query(alias="freins")] = None,
        page: Annotated[int, Query()] = 1,
    ) -> HTMLResponse:
        chosen = split_values(freins_)
        context: dict[str, object] = {
            "lieu": lieu,
            "rayon_km": rayon_km,
            "rayons": RAYONS,
            "freins": list(freins().values()),
            "freins_choisis": chosen,
            "facettes": None,
            "reponse": None,
            "carte": None,
            "erreur": None,
            "map_css": LEAFLET_CSS,
            "map_js": LEAFLET_JS,
        }
        status = 200
        if lieu or code_commune:
            params = SearchParams(
                code_commune=code_commune or None,
                adresse=None if code_commune else lieu,
                rayon_km=rayon_km,
                freins=chosen,
                page=page,
            )
            try:
                answer = run_search(engine, backend, params, settings.search)
            except MaillageError as error:
                context["erreur"] = error.message
                status = next(
                    (c for cls, c in STATUS_BY_ERROR.items() if isinstance(error, cls)), 400
                )
            else:
                location = answer["localisation"]
                context["reponse"] = answer
                context["facettes"] = answer["facettes"].get("freins", {})
                context["pages"] = max(1, math.ceil(answer["total"] / answer["taille"]))
                query = [("lieu", lieu or ""), ("rayon_km", rayon_km)]
                query += [("freins", f) for f in chosen]
                context["lien_page"] = lambda p: "/recherche?" + urlencode([*query, ("page", p)])
                context["carte"] = results_map(
                    settings.web,
                    latitude=location["latitude"],
                    longitude=location["longitude"],
                    radius_km=location["rayon_km"],
                    place=location["commune"]["nom"],
                    results=answer["resultats"],
                )
        return TEMPLATES.TemplateResponse(request, "recherche.html", context, status_code=status)
