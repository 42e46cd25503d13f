"""The structure space: my structures, joining or creating one, a structure's team,
services and API tokens."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response

from api.accounts import letters
from api.accounts.api_tokens import VALIDITIES, issue_token, revoke_token, structure_tokens
from api.accounts.mail import Mailer
from api.accounts.roles import require_edit
from api.accounts.setup import get_mailer
from api.accounts.web import CsrfDep, PrincipalDep, VisitorDep
from api.deps import EngineDep, SettingsDep
from api.publish import structures as claims
from api.publish.queries import structure_services
from catalogue.errors import Conflit, DonneesInvalides
from map.templating import PageRoute, form_errors, page, redirect

router = APIRouter(prefix="/espace-structure", route_class=PageRoute, include_in_schema=False)
MailerDep = Annotated[Mailer, Depends(get_mailer)]
Field = Annotated[str, Form(max_length=2000)]


@router.get("")
def dashboard(
    request: Request,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    with engine.connect() as conn:
        mine = claims.my_structures(conn, principal.user_id)
        for structure in mine:
            services = (
                structure_services(conn, structure["uid"])
                if structure["status"] == "active"
                else []
            )
            structure["services"] = len([s for s in services if s["gere"]])
            structure["a_verifier"] = [s for s in services if s["gere"] and s["a_verifier"]]
    return page(request, visitor, settings, "espace/tableau.html", {"structures": mine})


@router.get("/rejoindre")
def find(
    request: Request,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
    siret: Annotated[str | None, Query(max_length=30)] = None,
    nom: Annotated[str | None, Query(max_length=150)] = None,
    code_commune: Annotated[str | None, Query(max_length=5)] = None,
    commune: Annotated[str | None, Query(max_length=150)] = None,
) -> Response:
    context: dict[str, object] = {
        "siret": siret or "",
        "nom": nom or "",
        "code_commune": code_commune or "",
        "commune": commune or "",
        "resultats": None,
        "erreurs": [],
    }
    if siret or (nom and code_commune):
        try:
            with engine.connect() as conn:
                context["resultats"] = claims.find_structures(
                    conn, principal.user_id, siret=siret, nom=nom, code_commune=code_commune
                )
        except DonneesInvalides as error:
            context["erreurs"] = form_errors(error)
    elif nom or commune:
        context["erreurs"] = ["Choisissez la commune dans la liste proposée."]
    return page(request, visitor, settings, "espace/rejoindre.html", context)


@router.post("/structures/{uid}/rejoindre", dependencies=[CsrfDep])
def join(uid: uuid.UUID, principal: PrincipalDep, engine: EngineDep) -> Response:
    with engine.begin() as conn:
        role = claims.request_membership(conn, principal, uid)
    return redirect("/espace-structure", "demande-admin" if role == "admin" else "demande")


@router.post("/structures", dependencies=[CsrfDep])
async def create(
    request: Request,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    form = await request.form()
    fields = {name: str(form.get(name, "")).strip()[:2000] for name in claims.STRUCTURE_FIELDS}
    try:
        with engine.begin() as conn:
            claims.create_structure(conn, principal, fields)
    except (DonneesInvalides, Conflit) as error:
        context = {
            **{k: "" for k in ("siret", "nom", "code_commune", "commune")},
            "resultats": None,
            "erreurs": [],
            "creation": fields,
            "erreurs_creation": form_errors(error)
            if isinstance(error, DonneesInvalides)
            else [error.message],
        }
        return page(request, visitor, settings, "espace/rejoindre.html", context, 422)
    return redirect("/espace-structure", "cree")


@router.get("/structures/{uid}")
def structure(
    request: Request,
    uid: uuid.UUID,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    require_edit(principal, uid)
    with engine.connect() as conn:
        context = {
            "structure": claims.structure_summary(conn, uid),
            "services": structure_services(conn, uid, with_archived=True),
            "membres": claims.members(conn, uid),
            "jetons": structure_tokens(conn, uid) if principal.can_administer(uid) else [],
            "validites": VALIDITIES,
            "admin": principal.can_administer(uid),
            "nouveau_jeton": None,
        }
    return page(request, visitor, settings, "espace/structure.html", context)


@router.post("/membres/{membership_id}/{decision}", dependencies=[CsrfDep])
def decide(
    membership_id: int,
    decision: str,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
    mailer: MailerDep,
    retour: Annotated[str, Form(max_length=200)] = "/espace-structure",
) -> Response:
    if decision not in ("accepter", "refuser"):
        raise DonneesInvalides("Décision inconnue.")
    with engine.begin() as conn:
        outcome = claims.decide_membership(conn, principal, membership_id, decision == "accepter")
    letter = letters.membership_decided(
        outcome.structure,
        outcome.accepted,
        settings.accounts.public_url.rstrip("/") + "/espace-structure",
    )
    mailer.send(outcome.email, letter.subject, letter.body)
    target = (
        retour
        if retour in ("/espace-structure", "/admin/moderation")
        or retour.startswith("/espace-structure/structures/")
        else "/espace-structure"
    )
    return redirect(target, "accepte" if outcome.accepted else "refuse")


@router.post("/structures/{uid}/jetons", dependencies=[CsrfDep])
def new_token(
    request: Request,
    uid: uuid.UUID,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
    nom: Annotated[str, Form(max_length=100)] = "",
    validite: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    with engine.begin() as conn:
        issued = issue_token(conn, principal, uid, nom, _validity(validite))
        context = {
            "structure": claims.structure_summary(conn, uid),
            "services": structure_services(conn, uid, with_archived=True),
            "membres": claims.members(conn, uid),
            "jetons": structure_tokens(conn, uid),
            "validites": VALIDITIES,
            "admin": True,
            "nouveau_jeton": issued,
        }
    # Shown once, on this answer only (never stored in clear, never in an address).
    return page(request, visitor, settings, "espace/structure.html", context)


def _validity(field: str) -> int | None:
    """The form's choice of validity: days, or « sans-limite »; the default when absent."""
    if not field:
        return next(iter(VALIDITIES))
    if field == "sans-limite":
        return None
    if not field.isdigit():
        raise DonneesInvalides("Choisissez la durée de validité du jeton dans la liste.")
    return int(field)


@router.post("/structures/{uid}/jetons/{token_id}/revoquer", dependencies=[CsrfDep])
def revoke(
    uid: uuid.UUID, token_id: uuid.UUID, principal: PrincipalDep, engine: EngineDep
) -> Response:
    with engine.begin() as conn:
        revoke_token(conn, principal, uid, token_id)
    return redirect(f"/espace-structure/structures/{uid}", "revoque")
