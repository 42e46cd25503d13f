"""``/carte``: the public map. The page is light (folium builds an empty Leaflet map);
``map/static/carte.js`` asks ``/api/v1/carte`` for the groups and services in view.

Its state lives in the URL (``freins``, and ``lat``/``lon``/``zoom`` of the view, kept
up to date by the script), so a view can be shared; ``lieu`` centres it on a commune.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.carte.queries import MAX_LISTE
from api.deps import EngineDep, SettingsDep
from api.search.location import commune_from_address
from api.search.params import split_values
from catalogue.errors import LieuAmbigu, MaillageError
from catalogue.geography.lookup import commune_by_code
from catalogue.vocabulary import freins
from map.maps import FRANCE, skeleton_map
from map.templating import PagesDep, status_of

router = APIRouter(include_in_schema=False)
COMMUNE_ZOOM = 12
LISTE = 20
assert LISTE <= MAX_LISTE


def _number(raw: str | None, low: float, high: float) -> float | None:
    try:
        value = float(raw or "")
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _view(request: Request) -> tuple[float, float, int] | None:
    """The view named in the URL (``lat``, ``lon``, ``zoom``), when it is sound."""
    lat = _number(request.query_params.get("lat"), -85, 85)
    lon = _number(request.query_params.get("lon"), -180, 180)
    zoom = _number(request.query_params.get("zoom"), 2, 18)
    if lat is None or lon is None or zoom is None:
        return None
    return lat, lon, int(zoom)


def _url(lieu: str, code_commune: str, chosen: tuple[str, ...]) -> str:
    pairs = [("lieu", lieu), ("code_commune", code_commune), *(("freins", f) for f in chosen)]
    return "/carte?" + urlencode(pairs)


@router.get("/carte", response_class=HTMLResponse)
def carte(
    request: Request, engine: EngineDep, settings: SettingsDep, pages: PagesDep
) -> HTMLResponse:
    query = request.query_params
    lieu = (query.get("lieu") or "").strip()[:200]
    code = (query.get("code_commune") or "").strip()[:10]
    context: dict[str, Any] = {
        "freins": list(freins().values()),
        "lieu": lieu,
        "erreur": None,
        "choix": [],
    }
    status = 200
    view = _view(request)
    # Unknown freins (an old link) are dropped: a citizen's map never refuses to open.
    chosen = tuple(f for f in split_values(query.getlist("freins")) if f in freins())
    if code or lieu:
        try:
            with engine.connect() as conn:
                commune = commune_by_code(conn, code) if code else commune_from_address(conn, lieu)
            view = (commune.latitude, commune.longitude, COMMUNE_ZOOM)
            context["lieu"] = lieu or commune.nom
        except MaillageError as error:
            context["erreur"] = error.message
            if isinstance(error, LieuAmbigu):
                context["choix"] = [
                    (c["libelle"], _url(str(c["nom"]), str(c["code_commune"]), chosen))
                    for c in error.choix
                ]
            status = status_of(error)
    latitude, longitude, zoom = view or FRANCE
    context.update(
        freins_choisis=chosen,
        carte=skeleton_map(settings.web, latitude, longitude, zoom, fit_france=view is None),
        config={"api": "/api/v1/carte", "liste": LISTE, "freins": list(chosen)},
    )
    return pages.render(request, "carte.html", context, status)
