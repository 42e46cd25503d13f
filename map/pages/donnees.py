"""``/donnees``: the open-data files of the catalogue, with their date, size, licence and
schema, each downloadable (only the files the last publication lists)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep
from api.exports.publishing import published, published_path
from catalogue.errors import MaillageError
from map.templating import PagesDep

router = APIRouter(include_in_schema=False)


class FichierIntrouvable(MaillageError):
    """No published file has this name."""


@router.get("/donnees", response_class=HTMLResponse)
async def donnees(request: Request, settings: SettingsDep, pages: PagesDep) -> HTMLResponse:
    publication = await run_in_threadpool(published, settings.exports)
    context = {"publication": publication, "exports": settings.exports}
    return pages.render(request, "donnees.html", context)


@router.get("/donnees/fichiers/{nom}", response_model=None)
async def fichier(
    request: Request, nom: str, settings: SettingsDep, pages: PagesDep
) -> FileResponse | HTMLResponse:
    path = await run_in_threadpool(published_path, settings.exports, nom)
    if path is None:
        return pages.render(
            request,
            "erreur.html",
            {"titre": "Fichier introuvable", "message": "Ce fichier n'est pas (ou plus) publié."},
            404,
        )
    return FileResponse(path, filename=nom)
