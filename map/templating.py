"""The one page renderer: Jinja templates (autoescaped) and their helpers, pages of the
structure space (the visitor's CSRF token in every form, the message of the last action),
and domain errors as French pages (statuses from ``api.errors.STATUS_BY_ERROR``, the one
mapping)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from api.accounts.web import Visitor
from api.errors import STATUS_BY_ERROR
from catalogue.errors import DonneesInvalides, MaillageError, NonAuthentifie
from catalogue.local_calendar import time_zone
from catalogue.settings import Settings
from map.assets import PageAssets
from map.horaires import Affichage, afficher
from map.libelles import libelle, libelles
from map.signalements import Jetons, Limiteur
from map.texte import date_fr, km, lien_sur, nombre, paragraphes, taille, telephone

TEMPLATES_DIR = Path(__file__).parent / "templates"


def horaires(text: str | None, code: str | None = None) -> Affichage | None:
    """Opening hours as the page shows them, at the current time of the place."""
    return afficher(text, datetime.now(time_zone(code)), code)


class Pages:
    """The templates of one application, with the URLs of its assets."""

    def __init__(
        self,
        assets: PageAssets,
        fond: str | None = None,
        secret: bytes | None = None,
        marque_etat: bool = False,
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
            # The « République française » bloc-marque: State sites only (DSFR's terms).
            marque_etat=marque_etat,
        )
        env.filters.update(date_fr=date_fr, km=km, lien_sur=lien_sur, nombre=nombre, taille=taille)

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


# -- Pages of the structure space ------------------------------------------------------

# Messages shown after a redirect, by key (never text taken from the address bar).
MESSAGES = {
    "inscrit": "Compte créé : ouvrez le lien que nous venons de vous envoyer par courriel.",
    "confirme": "Adresse confirmée : vous pouvez vous connecter.",
    "connecte": "Vous êtes connecté·e.",
    "deconnecte": "Vous êtes déconnecté·e.",
    "reinitialisation": "Si un compte existe pour cette adresse, un lien vient de lui être envoyé.",
    "mot-de-passe": "Mot de passe changé : connectez-vous avec le nouveau.",
    "demande": "Demande envoyée : vous serez prévenu·e par courriel.",
    "demande-admin": "Demande envoyée à la modération de votre département : vous serez "
    "prévenu·e par courriel.",
    "cree": "Structure créée : la modération de votre département va valider votre demande.",
    "enregistre": "Service enregistré.",
    "publie": "Service publié : il apparaît dans la recherche.",
    "brouillon": "Service repassé en brouillon : il n'apparaît plus dans la recherche.",
    "archive": "Service archivé.",
    "restaure": "Service restauré en brouillon.",
    "a-jour": "Merci ! Le service est marqué à jour.",
    "repris": "Service repris : c'est désormais votre version qui apparaît dans la recherche.",
    "accepte": "Demande acceptée.",
    "refuse": "Demande refusée.",
    "revoque": "Jeton révoqué.",
    "valide": "Publication validée.",
    "suspendu": "Service suspendu.",
    "traite": "Signalement traité.",
    "grappe-confirmee": "Grappe confirmée : les imports la garderont telle quelle.",
    "grappe-separee": "Structure séparée de la grappe : les imports ne la relieront plus.",
    "coordination-accordee": "Coordinateur désigné : il voit l'observatoire de ce territoire.",
    "coordination-retiree": "Territoire retiré à ce coordinateur.",
}


def page(
    request: Request,
    visitor: Visitor,
    settings: Settings,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> Response:
    message = MESSAGES.get(request.query_params.get("message", ""))
    full = {"visiteur": visitor.principal, "csrf": visitor.csrf_token, "message": message}
    response = get_pages(request).render(request, template, {**full, **context}, status)
    visitor.remember(response, settings.accounts)
    response.headers["Cache-Control"] = "no-store"
    return response


def redirect(path: str, message: str | None = None) -> RedirectResponse:
    assert message is None or message in MESSAGES
    target = path if message is None else f"{path}{'&' if '?' in path else '?'}message={message}"
    return RedirectResponse(target, status_code=303)


def _error_page(request: Request, error: MaillageError) -> Response:
    if isinstance(error, NonAuthentifie) and request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/compte/connexion?suite={quote(target)}", status_code=303)
    visitor: Visitor | None = getattr(request.state, "visitor", None)
    settings: Settings = request.app.state.settings
    context = {"erreur": error.message, "details": getattr(error, "details", [])}
    if visitor is None:
        return get_pages(request).render(
            request, "espace/erreur.html", {**context, "visiteur": None}, status_of(error)
        )
    return page(request, visitor, settings, "espace/erreur.html", context, status_of(error))


class PageRoute(APIRoute):
    """Routes whose domain errors (raised in dependencies too) become French pages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except MaillageError as error:
                return _error_page(request, error)

        return guarded


def form_errors(error: DonneesInvalides) -> list[str]:
    return error.details or [error.message]


def safe_next(raw: str | None) -> str:
    """Where to go after signing in: a path of this site only (no open redirect)."""
    if raw and raw.startswith("/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return "/espace-structure"
