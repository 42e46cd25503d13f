"""``POST /signalements``: a report from the public (« Signaler une erreur »).

Works without JavaScript: success redirects to the page it came from (303), with a
confirmation; a refusal shows the form again, with the text typed and what to fix.
Checks (map/signalements.py): size, same origin, signed token, rate, content.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep
from api.offer.queries import service_sheet, structure_sheet
from catalogue.errors import MaillageError
from map.pages.offre import signalement_context
from map.signalements import (
    MAX_BODY,
    Cible,
    Saisie,
    cible,
    enregistrer,
    erreurs,
    meme_origine,
)
from map.templating import Pages, PagesDep

router = APIRouter(include_in_schema=False)


def _refus(pages: Pages, request: Request, status: int, titre: str, message: str) -> Response:
    return pages.render(request, "erreur.html", {"titre": titre, "message": message}, status)


def _nom(engine: Any, target: Cible) -> str:
    sheet = service_sheet if target.kind == "service" else structure_sheet
    name: str = sheet(engine, target.uid)["nom"]
    return name


@router.post("/signalements")
async def signaler(request: Request, engine: EngineDep, pages: PagesDep) -> Response:
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > MAX_BODY:
        return _refus(
            pages, request, 413, "Message trop long", "Le signalement est trop volumineux."
        )
    headers = request.headers
    if not meme_origine(headers.get("origin"), headers.get("referer"), headers.get("host")):
        return _refus(
            pages,
            request,
            403,
            "Envoi refusé",
            "Ce formulaire doit être envoyé depuis une page de Maillage.",
        )
    form = await request.form(max_files=0, max_fields=10)
    target = cible(str(form.get("cible", "")), str(form.get("uid", "")))
    if target is None:
        return _refus(pages, request, 400, "Demande incorrecte", "Signalement sans objet.")
    try:
        nom = await run_in_threadpool(_nom, engine, target)
    except MaillageError as error:
        return pages.error(request, error)
    saisie = Saisie.depuis(str(form.get("message", "")), str(form.get("courriel", "")))
    found = erreurs(saisie)
    status = 422
    if not pages.jetons.valide(str(form.get("jeton", "")), target):
        found["formulaire"] = (
            "Le formulaire a expiré. Vérifiez votre message puis envoyez-le à nouveau."
        )
        status = 400
    client = request.client.host if request.client else "inconnu"
    if not found and not pages.limiteur.autorise(client):
        found["formulaire"] = "Trop de signalements envoyés : réessayez dans quelques minutes."
        status = 429
    if found:
        context = {
            "nom": nom,
            "erreurs": found,
            "saisie": saisie,
            **signalement_context(pages, target, request),
        }
        return pages.render(request, "signalement.html", context, status)
    if not form.get("site"):  # the hidden field robots fill: pretend, store nothing
        await run_in_threadpool(enregistrer, engine, target, saisie)
    return RedirectResponse(f"{target.lien}?signalement=merci#signaler", status_code=303)
