"""Editing a service in the structure space: the form, status buttons, take-over,
freshness, history, and the eligibility-zone autocomplete."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.datastructures import FormData

from api.accounts.roles import Principal, require_edit
from api.accounts.web import CsrfDep, PrincipalDep, VisitorDep
from api.deps import EngineDep, SettingsDep
from api.publish import services as edit
from api.publish.history import service_history
from api.publish.queries import managed_service
from api.publish.records import schema_fields
from api.publish.structures import structure_summary
from api.publish.zones import suggest_zones, zone_labels
from catalogue.errors import DonneesInvalides, ServiceIntrouvable
from catalogue.models.publishing import DEFAULT_UPDATE_FREQUENCY_MONTHS
from map.espace.forms import choices, fields_from_form, frequency_from_form, grid_from_hours
from map.templating import PageRoute, form_errors, page, redirect

router = APIRouter(prefix="/espace-structure", route_class=PageRoute, include_in_schema=False)
ACTIONS = {
    "publier": (edit.publish_service, "publie"),
    "depublier": (edit.unpublish_service, "brouillon"),
    "archiver": (edit.archive_service, "archive"),
    "restaurer": (edit.restore_service, "restaure"),
    "a-jour": (edit.confirm_up_to_date, "a-jour"),
}


def _form_context(
    engine: Any, structure: Mapping[str, Any], values: Mapping[str, Any], **extra: Any
) -> dict[str, Any]:
    grid = grid_from_hours(values.get("horaires_accueil"))
    with engine.connect() as conn:
        zone = zone_labels(conn, list(values.get("zone_eligibilite") or []))
    return {
        "structure": structure,
        "valeurs": values,
        "grille": grid or {},
        "horaires_libres": values.get("horaires_accueil") if grid is None else "",
        "zone": zone,
        "choix": choices(),
        "erreurs": [],
        **extra,
    }


def _submitted(form: FormData) -> tuple[dict[str, Any], int | None, bool]:
    """The form's schema fields, update frequency, and whether to publish."""
    return fields_from_form(form), frequency_from_form(form), form.get("action") == "publier"


def _invalid(
    request: Request,
    visitor: Any,
    settings: Any,
    engine: Any,
    structure: Mapping[str, Any],
    service: Mapping[str, Any] | None,
    values: Mapping[str, Any],
    error: DonneesInvalides,
) -> Response:
    """The form again, with what was typed and what is wrong with it."""
    context = _form_context(engine, structure, values, service=service)
    context["erreurs"] = form_errors(error)
    return page(request, visitor, settings, "espace/service_form.html", context, 422)


def _structure(engine: Any, principal: Principal, uid: uuid.UUID) -> dict[str, Any]:
    require_edit(principal, uid)
    with engine.connect() as conn:
        return structure_summary(conn, uid)


@router.get("/structures/{uid}/services/nouveau")
def new_form(
    request: Request,
    uid: uuid.UUID,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    structure = _structure(engine, principal, uid)
    values = {"frequence_maj_mois": DEFAULT_UPDATE_FREQUENCY_MONTHS}
    context = _form_context(engine, structure, values, service=None)
    return page(request, visitor, settings, "espace/service_form.html", context)


@router.post("/structures/{uid}/services", dependencies=[CsrfDep])
async def create(
    request: Request,
    uid: uuid.UUID,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    structure = _structure(engine, principal, uid)
    fields, frequency, publish = _submitted(await request.form())
    try:
        with engine.begin() as conn:
            service_uid = edit.create_service(
                conn, principal, uid, fields, publish=publish, frequency=frequency
            )
    except DonneesInvalides as error:
        values = {**fields, "frequence_maj_mois": frequency}
        return _invalid(request, visitor, settings, engine, structure, None, values, error)
    return redirect(
        f"/espace-structure/services/{service_uid}", "publie" if publish else "enregistre"
    )


def _service(engine: Any, principal: Principal, uid: uuid.UUID) -> dict[str, Any]:
    with engine.connect() as conn:
        row = edit.service_row(conn, uid)
        require_edit(principal, row["structure_uid"])
        service = managed_service(conn, row["structure_uid"], uid)
        if service is None:  # imported: shown on the structure page, to take over
            raise ServiceIntrouvable("Ce service n'est pas géré dans Maillage.")
        service["historique"] = service_history(conn, uid)
        service["structure"] = structure_summary(conn, row["structure_uid"])
    return service


@router.get("/services/{uid}")
def edit_form(
    request: Request,
    uid: uuid.UUID,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    service = _service(engine, principal, uid)
    values = {**schema_fields(service), "frequence_maj_mois": service["frequence_maj_mois"]}
    context = _form_context(engine, service["structure"], values, service=service)
    return page(request, visitor, settings, "espace/service_form.html", context)


@router.post("/services/{uid}", dependencies=[CsrfDep])
async def save(
    request: Request,
    uid: uuid.UUID,
    visitor: VisitorDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    engine: EngineDep,
) -> Response:
    service = _service(engine, principal, uid)
    fields, frequency, publish = _submitted(await request.form())
    try:
        with engine.begin() as conn:
            edit.update_service(conn, principal, uid, fields, frequency=frequency)
            if publish:
                edit.publish_service(conn, principal, uid)
    except DonneesInvalides as error:
        values = {**fields, "frequence_maj_mois": frequency}
        structure = service["structure"]
        return _invalid(request, visitor, settings, engine, structure, service, values, error)
    return redirect(f"/espace-structure/services/{uid}", "publie" if publish else "enregistre")


@router.post("/services/{uid}/{action}", dependencies=[CsrfDep])
def change_status(
    uid: uuid.UUID, action: str, principal: PrincipalDep, engine: EngineDep
) -> Response:
    if action not in ACTIONS:
        raise DonneesInvalides("Action inconnue.")
    function, message = ACTIONS[action]
    with engine.begin() as conn:
        function(conn, principal, uid)
        structure_uid = edit.service_row(conn, uid)["structure_uid"]
    if action == "archiver":
        return redirect(f"/espace-structure/structures/{structure_uid}", message)
    return redirect(f"/espace-structure/services/{uid}", message)


@router.post("/structures/{uid}/reprendre/{service_uid}", dependencies=[CsrfDep])
def take_over(
    uid: uuid.UUID, service_uid: uuid.UUID, principal: PrincipalDep, engine: EngineDep
) -> Response:
    with engine.begin() as conn:
        new_uid = edit.take_over(conn, principal, uid, service_uid)
    return redirect(f"/espace-structure/services/{new_uid}", "repris")


@router.get("/zones")
def zones(
    principal: PrincipalDep,
    engine: EngineDep,
    q: Annotated[str, Query(max_length=100)],
) -> JSONResponse:
    return JSONResponse(suggest_zones(engine, q))
