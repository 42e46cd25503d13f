"""Jinja templates of the pages (autoescaped), their helpers, and HTML error pages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from api.errors import STATUS_BY_ERROR
from catalogue.errors import MaillageError
from catalogue.local_calendar import time_zone
from map.assets import PageAssets
from map.horaires import Affichage, afficher
from map.libelles import libelle, libelles
from map.signalements import Jetons, Limiteur
from map.texte import date_fr, km, lien_sur, paragraphes, telephone

TEMPLATES_DIR = Path(__file__).parent / "templates"


def horaires(text: str | None, code: str | None = None) -> Affichage | None:
    """Opening hours as the page shows them, at the current time of the place."""
    return afficher(text, datetime.now(time_zone(code)), code)


class Pages:
    """The templates of one application, with the URLs of its assets."""

    def __init__(
        self, assets: PageAssets, fond: str | None = None, secret: bytes | None = None
    ) -> None:
        self.assets = assets
        self.jetons = Jetons(secret)
        self.limiteur = Limiteur()
        self.templates = Jinja2Templates(directory=TEMPLATES_DIR)
        env = self.templates.env
        env.globals.update(
            assets=assets,
            fond=fond,
            libelle=libelle,
            libelles=libelles,
            horaires=horaires,
            paragraphes=paragraphes,
            telephone=telephone,
        )
        env.filters.update(date_fr=date_fr, km=km, lien_sur=lien_sur)

    def render(
        self, request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        return self.templates.TemplateResponse(request, name, context, status_code=status)

    def error(self, request: Request, error: MaillageError) -> HTMLResponse:
        """A domain error as a page, with the status the API would give."""
        status = status_of(error)
        title = "Page introuvable" if status == 404 else "Demande incorrecte"
        return self.render(
            request, "erreur.html", {"titre": title, "message": error.message}, status
        )


def status_of(error: MaillageError) -> int:
    return next((code for cls, code in STATUS_BY_ERROR.items() if isinstance(error, cls)), 400)


def get_pages(request: Request) -> Pages:
    pages: Pages = request.app.state.pages
    return pages


PagesDep = Annotated[Pages, Depends(get_pages)]
