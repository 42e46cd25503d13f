"""``/widget``: a search of one territory that a structure or a département embeds in its
own site (``<iframe>``, or ``/static/app/widget.js`` which writes it). It may be framed by
any site; it sets no cookie, loads only our assets, and links to the full service pages.

Configured by ``territoire`` (a département, an EPCI or a commune) and ``freins`` (the
needs it offers, all by default)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import BackendDep, EngineDep, SettingsDep
from api.hardening import HEADERS
from api.search.params import SearchParams, checked_freins, split_values
from api.search.service import run_search
from catalogue.errors import LieuAmbigu, MaillageError, ParametreInvalide
from catalogue.geography.territories import covers, territory
from catalogue.vocabulary import freins as all_freins
from map.templating import PagesDep, status_of

router = APIRouter(include_in_schema=False)
RESULTS = 10
# Ours, but any site may frame it.
FRAMABLE = (
    HEADERS[b"content-security-policy"]
    .replace(b"frame-ancestors 'none'", b"frame-ancestors *")
    .decode()
)


@router.get("/widget", response_class=HTMLResponse)
def widget(
    request: Request,
    engine: EngineDep,
    backend: BackendDep,
    settings: SettingsDep,
    pages: PagesDep,
    territoire: str = "",
    freins: str = "",
    lieu: str = "",
    frein: str = "",
    page: int = 1,
) -> HTMLResponse:
    context: dict[str, Any] = {"lieu": lieu[:200], "frein": frein, "reponse": None}
    status = 200
    try:
        with engine.connect() as conn:
            area = territory(conn, territoire or "")
        offered = checked_freins(split_values([freins])) or tuple(all_freins())
        context |= {
            "territoire": area,
            "freins_choisis": ",".join(offered),
            "freins": [f for slug, f in all_freins().items() if slug in offered],
        }
        if lieu.strip():
            chosen = checked_freins((frein,)) if frein else offered
            params = SearchParams(adresse=lieu, freins=chosen, page=page, taille=RESULTS)
            answer = run_search(engine, backend, params, settings.search, settings.geocoder)
            with engine.connect() as conn:
                inside = covers(conn, area, answer["localisation"]["commune"]["code"])
            if not inside:
                raise ParametreInvalide(
                    f"{answer['localisation']['commune']['nom']} n'est pas dans le territoire "
                    f"de cette recherche ({area.nom}) : indiquez une commune de ce territoire."
                )
            context["reponse"] = answer
    except LieuAmbigu as error:
        context |= {"erreur": error.message, "choix": error.choix}
    except MaillageError as error:
        context["erreur"] = error.message
        status = status_of(error) if "territoire" not in context else 200
    response = pages.render(request, "widget.html", context, status)
    response.headers["Content-Security-Policy"] = FRAMABLE
    return response
