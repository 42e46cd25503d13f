"""``/territoire/{code}``: the observatory of a territory, for its coordinators (public
when the instance says so): frein by frein, the offer and who lives far from it, and its
figures as CSV and GeoPackage."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from api.accounts.web import VisitorDep
from api.deps import EngineDep, SettingsDep
from api.observatory import outputs
from api.observatory.access import require_observer
from api.observatory.animation import Animation, animation
from api.observatory.geometry import contours, offers
from api.observatory.indicators import DISTANCES_KM, Observatory, observe
from catalogue.errors import MaillageError, ParametreInvalide
from catalogue.geography.territories import territory
from catalogue.records.closures import today
from map.maps import AUCUNE, LOIN, PROCHE, js_safe, territory_map
from map.templating import page, status_of
from map.texte import km as km_fr

router = APIRouter(include_in_schema=False)
_FILES = {"csv": "text/csv", "gpkg": "application/geopackage+sqlite3"}


def _observed(
    engine: EngineDep, visitor: VisitorDep, settings: SettingsDep, code: str
) -> Observatory:
    with engine.connect() as conn:
        area = territory(conn, code)
        require_observer(conn, visitor.principal, area, settings.web.observatoire_public)
        return observe(conn, area, today())


def _map(engine: EngineDep, settings: SettingsDep, seen: Observatory, frein: str, km: int) -> Any:
    """The places coloured for one frein and distance, and that frein's offers."""
    with engine.connect() as conn:
        shapes = contours(conn, [p.code for p in seen.places])
        points = offers(conn, seen.territoire, frein, today())
    features = []
    for place in seen.places:
        if place.code not in shapes:
            continue
        metres = place.nearest_m.get(frein)
        said = "aucune offre éligible"
        if metres is not None:
            said = f"offre la plus proche : {km_fr(metres / 1000)}"
        features.append(
            {
                "type": "Feature",
                "geometry": shapes[place.code],
                "properties": {
                    "nom": js_safe(place.nom),
                    "km": None if metres is None else round(metres / 1000, 1),
                    "texte": said,
                },
            }
        )
    return territory_map(settings.web, features, points, km)


def _animation(engine: EngineDep, seen: Observatory) -> Animation:
    with engine.connect() as conn:
        return animation(conn, seen.territoire, today())


@router.get("/territoire/{code}")
def territoire(
    request: Request,
    code: str,
    engine: EngineDep,
    visitor: VisitorDep,
    settings: SettingsDep,
    frein: str = "",
    distance: int = 10,
) -> Response:
    try:
        seen = _observed(engine, visitor, settings, code)
        chosen = next((f for f in seen.freins if f.frein == frein), seen.freins[0])
        km = distance if distance in DISTANCES_KM else 10
    except MaillageError as error:
        error_context = {"titre": "Observatoire indisponible", "message": error.message}
        return page(request, visitor, settings, "erreur.html", error_context, status_of(error))
    context: dict[str, Any] = {
        "observatoire": seen,
        "distances": DISTANCES_KM,
        "choisi": chosen,
        "distance": km,
        "carte": _map(engine, settings, seen, chosen.frein, km),
        "animation": _animation(engine, seen),
        "couleurs": {"proche": PROCHE, "loin": LOIN, "aucune": AUCUNE},
    }
    return page(request, visitor, settings, "territoire.html", context)


@router.get("/territoire/{code}/indicateurs.{extension}")
def fichier(
    request: Request,
    code: str,
    extension: str,
    engine: EngineDep,
    visitor: VisitorDep,
    settings: SettingsDep,
) -> Response:
    try:
        if extension not in _FILES:
            raise ParametreInvalide("Formats : csv ou gpkg.")
        seen = _observed(engine, visitor, settings, code)
    except MaillageError as error:
        context = {"titre": "Fichier indisponible", "message": error.message}
        return page(request, visitor, settings, "erreur.html", context, status_of(error))
    folder = Path(tempfile.mkdtemp(prefix="maillage-observatoire-"))
    path = folder / f"observatoire-{seen.territoire.code}.{extension}"
    if extension == "csv":
        outputs.write_csv(seen, path)
    else:
        with engine.connect() as conn:
            outputs.write_gpkg(conn, seen, path)
    cleanup = BackgroundTask(_remove, folder)
    return FileResponse(path, media_type=_FILES[extension], filename=path.name, background=cleanup)


def _remove(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()
