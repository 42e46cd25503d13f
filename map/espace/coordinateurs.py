"""``/admin/coordinateurs``: platform admins designate the coordinators of territories."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response

from api.accounts import coordinators
from api.accounts.roles import Principal
from api.accounts.web import CsrfDep, PrincipalDep, VisitorDep
from api.deps import EngineDep, SettingsDep
from catalogue.errors import AccesRefuse
from map.templating import PageRoute, page, redirect

router = APIRouter(prefix="/admin/coordinateurs", route_class=PageRoute, include_in_schema=False)


def platform_admin(principal: PrincipalDep) -> Principal:
    """Refused before anything else is read (a form's fields, among them)."""
    if not principal.is_platform_admin:
        raise AccesRefuse(coordinators.ADMINS_ONLY)
    return principal


AdminDep = Annotated[Principal, Depends(platform_admin)]


@router.get("")
def listed(
    request: Request,
    visitor: VisitorDep,
    principal: AdminDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    with engine.connect() as conn:
        context = {"coordinateurs": coordinators.coordinators(conn, principal)}
    return page(request, visitor, settings, "admin/coordinateurs.html", context)


@router.post("", dependencies=[CsrfDep])
def grant(
    principal: AdminDep,
    engine: EngineDep,
    courriel: str = Form(max_length=254),
    territoire: str = Form(max_length=20),
) -> Response:
    with engine.begin() as conn:
        coordinators.grant(conn, principal, courriel, territoire)
    return redirect("/admin/coordinateurs", "coordination-accordee")


@router.post("/{user_id}/{code}/retirer", dependencies=[CsrfDep])
def revoke(user_id: uuid.UUID, code: str, principal: AdminDep, engine: EngineDep) -> Response:
    with engine.begin() as conn:
        coordinators.revoke(conn, principal, user_id, code)
    return redirect("/admin/coordinateurs", "coordination-retiree")
