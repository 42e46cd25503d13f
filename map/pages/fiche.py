"""``/fiche?services=uid1,uid2``: the printable sheet a referent hands to the person.

Nothing is stored: the sheet exists only in its address (a GET), so it can be printed,
bookmarked or sent as a link. A service withdrawn since is left out, and the sheet says so.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import segno
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup
from sqlalchemy.engine import Engine

from api.deps import EngineDep, SettingsDep
from api.offer.queries import service_sheet, structure_sheet
from api.search.params import split_values
from catalogue.errors import MaillageError
from map.maps import Lieu, places_map
from map.templating import PagesDep

router = APIRouter(include_in_schema=False)
MAX_SERVICES = 20


def _uids(request: Request) -> list[str]:
    raw = split_values(request.query_params.getlist("services"))
    valid = []
    for value in raw[: MAX_SERVICES * 2]:
        try:
            valid.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return list(dict.fromkeys(valid))[:MAX_SERVICES]


def _entries(
    engine: Engine, uids: list[str]
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    """Each service with the structure it belongs to; how many could not be found; the
    services closed today (left out of the fiche, each with its notice)."""
    entries, missing, closed = [], 0, []
    for uid in uids:
        try:
            service = service_sheet(engine, uid)
            structure = structure_sheet(engine, service["structure"]["uid"])
        except MaillageError:
            missing += 1
            continue
        if service["fermeture"] and service["fermeture"]["ferme_aujourd_hui"]:
            closed.append(service)
            continue
        own_place = service["adresse"] or service["commune"]
        place = service if service["localisation"]["latitude"] is not None else structure
        entries.append(
            {
                "service": service,
                "structure": structure,
                "adresse_de": service if own_place else structure,
                "point": place["localisation"],
            }
        )
    return entries, missing, closed


def _retour(request: Request) -> str:
    """Back to the search the referent came from, when it was one of our pages."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.headers.get("host") and referer.path == "/recherche":
        return f"/recherche?{referer.query}"
    return "/recherche"


def qr_code(url: str) -> Markup:
    """A QR code of ``url`` as inline SVG (prints sharp, needs no file or script)."""
    svg = segno.make(url, error="m").svg_inline(
        scale=2, svgclass="maillage-qr", title=f"QR code de la page du service : {url}"
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 (segno's own SVG)


@router.get("/fiche", response_class=HTMLResponse)
def fiche(
    request: Request, engine: EngineDep, settings: SettingsDep, pages: PagesDep
) -> HTMLResponse:
    entries, missing, closed = _entries(engine, _uids(request))
    base = settings.accounts.public_url.rstrip("/")
    for entry in entries:
        entry["lien"] = f"{base}/services/{entry['service']['uid']}"
        entry["qr"] = qr_code(entry["lien"])
    lieux = [
        Lieu(e["point"]["latitude"], e["point"]["longitude"], n, e["service"]["nom"])
        for n, e in enumerate(entries, start=1)
        if e["point"]["latitude"] is not None
    ]
    context = {
        "entrees": entries,
        "manquants": missing,
        "fermes": closed,
        "aujourd_hui": date.today(),
        "carte": places_map(settings.web, lieux),
        "retour": _retour(request),
    }
    return pages.render(request, "fiche.html", context)
