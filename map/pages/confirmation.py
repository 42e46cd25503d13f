"""``/services/{uid}/a-jour``: the contact of an imported service no account manages
confirms, from the link of a freshness reminder (``api.publish.contacts``), that it is
still right. The link opens a page (mail scanners follow links: a GET changes nothing);
its button posts the confirmation."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep
from api.offer.queries import service_sheet
from api.publish.contacts import confirm_still_right
from catalogue.errors import MaillageError
from map.signalements import meme_origine
from map.templating import PagesDep

router = APIRouter(include_in_schema=False)
MAX_JETON = 100


@router.get("/services/{uid}/a-jour", response_class=HTMLResponse)
def ask(
    request: Request, uid: str, engine: EngineDep, pages: PagesDep, jeton: str = ""
) -> HTMLResponse:
    try:
        service = service_sheet(engine, uid)
    except MaillageError as error:
        return pages.error(request, error)
    context = {"service": service, "jeton": jeton[:MAX_JETON], "confirme": False}
    return pages.render(request, "a_jour.html", context)


@router.post("/services/{uid}/a-jour", response_class=HTMLResponse)
async def confirm(
    request: Request,
    uid: str,
    engine: EngineDep,
    pages: PagesDep,
    jeton: str = Form("", max_length=MAX_JETON),
) -> HTMLResponse:
    headers = request.headers
    if not meme_origine(headers.get("origin"), headers.get("referer"), headers.get("host")):
        context = {"titre": "Envoi refusé", "message": "Confirmez depuis la page de Maillage."}
        return pages.render(request, "erreur.html", context, 403)
    try:
        nom = await run_in_threadpool(confirm_still_right, engine, uid, jeton, datetime.now(UTC))
    except MaillageError as error:
        return pages.error(request, error)
    return pages.render(
        request, "a_jour.html", {"service": {"nom": nom, "uid": uid}, "confirme": True}
    )
