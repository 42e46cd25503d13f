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
from api.observatory.indicators import DISTANCES_KM, Observatory, observe
from catalogue.errors import MaillageError, ParametreInvalide
from catalogue.geography.territories import territory
from catalogue.records.closures import today
from map.templating import page, status_of

router = APIRouter(include_in_schema=False)
_FILES = {"csv": "text/csv", "gpkg": "application/geopackage+sqlite3"}


def _observed(
    engine: EngineDep, visitor: VisitorDep, settings: SettingsDep, code: str
) -> Observatory:
    with engine.connect() as conn:
        area = territory(conn, code)
        require_observer(conn, visitor.principal, area, settings.web.observatoire_public)
        return observe(conn, area, today())


@router.get("/territoire/{code}")
def territoire(
    request: Request, code: str, engine: EngineDep, visitor: VisitorDep, settings: SettingsDep
) -> Response:
    try:
        seen = _observed(engine, visitor, settings, code)
    except MaillageError as error:
        error_context = {"titre": "Observatoire indisponible", "message": error.message}
        return page(request, visitor, settings, "erreur.html", error_context, status_of(error))
    context: dict[str, Any] = {"observatoire": seen, "distances": DISTANCES_KM}
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
