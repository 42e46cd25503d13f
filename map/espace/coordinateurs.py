"""``/admin/coordinateurs``: platform admins designate the coordinators of territories."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Form, Request, Response

from api.accounts import coordinators
from api.accounts.web import CsrfDep, PrincipalDep, VisitorDep
from api.deps import EngineDep, SettingsDep
from map.templating import PageRoute, page, redirect

router = APIRouter(prefix="/admin/coordinateurs", route_class=PageRoute, include_in_schema=False)


@router.get("")
def listed(
    request: Request,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    with engine.connect() as conn:
        context = {"coordinateurs": coordinators.coordinators(conn, principal)}
    return page(request, visitor, settings, "admin/coordinateurs.html", context)


@router.post("", dependencies=[CsrfDep])
def grant(
    principal: PrincipalDep,
    engine: EngineDep,
    courriel: str = Form(max_length=254),
    territoire: str = Form(max_length=20),
) -> Response:
    with engine.begin() as conn:
        coordinators.grant(conn, principal, courriel, territoire)
    return redirect("/admin/coordinateurs", "coordination-accordee")


@router.post("/{user_id}/{code}/retirer", dependencies=[CsrfDep])
def revoke(user_id: uuid.UUID, code: str, principal: PrincipalDep, engine: EngineDep) -> Response:
    with engine.begin() as conn:
        coordinators.revoke(conn, principal, user_id, code)
    return redirect("/admin/coordinateurs", "coordination-retiree")
