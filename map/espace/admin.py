"""``/admin/moderation``: the queue of a moderator's départements, and its decisions."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from api.accounts.web import CsrfDep, PrincipalDep, VisitorDep
from api.deps import EngineDep, SettingsDep
from api.publish import moderation
from catalogue.errors import AccesRefuse, DonneesInvalides
from map.templating import PageRoute, page, redirect

router = APIRouter(prefix="/admin/moderation", route_class=PageRoute, include_in_schema=False)
NOT_A_MODERATOR = "Cette page est réservée aux modérateurs."


@router.get("")
def queue(
    request: Request,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    if not principal.is_moderator:
        raise AccesRefuse(NOT_A_MODERATOR)
    with engine.connect() as conn:
        context = {
            "departements": sorted(principal.departements),
            "adhesions": moderation.pending_first_admins(conn, principal),
            "publications": moderation.pending_publications(conn, principal),
            "signalements": moderation.open_reports(conn, principal),
        }
    return page(request, visitor, settings, "admin/moderation.html", context)


@router.post("/publications/{uid}/{decision}", dependencies=[CsrfDep])
def review(uid: uuid.UUID, decision: str, principal: PrincipalDep, engine: EngineDep) -> Response:
    if decision not in ("valider", "suspendre"):
        raise DonneesInvalides("Décision inconnue.")
    with engine.begin() as conn:
        if decision == "valider":
            moderation.approve_publication(conn, principal, uid)
        else:
            moderation.suspend_publication(conn, principal, uid)
    return redirect("/admin/moderation", "valide" if decision == "valider" else "suspendu")


@router.post("/signalements/{report_id}/traiter", dependencies=[CsrfDep])
def close(report_id: int, principal: PrincipalDep, engine: EngineDep) -> Response:
    with engine.begin() as conn:
        moderation.close_report(conn, principal, report_id)
    return redirect("/admin/moderation", "traite")
