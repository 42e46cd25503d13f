"""The pages: assets, templates, and one router per page (see ``map/pages/``)."""

from __future__ import annotations

import hashlib

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.accounts.tokens import secret_key
from catalogue.settings import Settings
from map.assets import mount_assets
from map.pages import (
    carte,
    confirmation,
    donnees,
    fiche,
    offre,
    recherche,
    signalement,
    territoire,
    widget,
)
from map.templating import Pages


def install_pages(app: FastAPI, settings: Settings) -> None:
    # Without tiles, maps draw the départements (api/carte/fond.py) to stay readable.
    fond = None if settings.web.tile_url else "/api/v1/carte/fond"
    # Report forms stay valid across restarts and workers: a key derived from the
    # application's persistent secret (a distinct key for a distinct use).
    secret = hashlib.sha256(b"maillage/signalements/" + secret_key(settings)).digest()
    pages = Pages(mount_assets(app, settings.web), fond, secret, settings.web.marque_etat)
    app.state.pages = pages

    def error_page(request: Request, status: int, message: str) -> HTMLResponse:
        titles = {404: "Page introuvable", 405: "Action impossible"}
        context = {"titre": titles.get(status, "Erreur"), "message": message}
        return pages.render(request, "erreur.html", context, status)

    app.state.html_error_page = error_page

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/recherche")

    for module in (
        recherche,
        fiche,
        offre,
        signalement,
        confirmation,
        carte,
        donnees,
        widget,
        territoire,
    ):
        app.include_router(module.router)
