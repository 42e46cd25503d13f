"""``/admin/moderation``: the queue of a moderator's départements, and its decisions."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, Response

from api.accounts.web import CsrfDep, PrincipalDep, VisitorDep
from api.deps import EngineDep, SettingsDep
from api.publish import clusters, moderation
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
            "grappes": clusters.clusters_to_review(conn, principal),
            "grappes_max": clusters.SHOWN,
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


@router.post("/grappes/{cluster_id}/confirmer", dependencies=[CsrfDep])
def confirm_cluster(cluster_id: uuid.UUID, principal: PrincipalDep, engine: EngineDep) -> Response:
    with engine.begin() as conn:
        clusters.confirm(conn, principal, cluster_id)
    return redirect("/admin/moderation", "grappe-confirmee")


@router.post("/grappes/{cluster_id}/separer/{uid}", dependencies=[CsrfDep])
def split_cluster(
    cluster_id: uuid.UUID, uid: uuid.UUID, principal: PrincipalDep, engine: EngineDep
) -> Response:
    with engine.begin() as conn:
        clusters.split(conn, principal, cluster_id, uid)
    return redirect("/admin/moderation", "grappe-separee")
