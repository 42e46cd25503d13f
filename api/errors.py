"""Domain errors → HTTP, in one place. Every error answers JSON with a French message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.index.client import MeiliIndisponible
from catalogue.errors import (
    AccesRefuse,
    CommuneInconnue,
    Conflit,
    DonneesInvalides,
    GeographieIndisponible,
    HorsDeFrance,
    LienInvalide,
    LieuAmbigu,
    MaillageError,
    NonAuthentifie,
    ParametreInvalide,
    ServiceIntrouvable,
    StructureIntrouvable,
    TerritoireInconnu,
    TropDeTentatives,
)
from catalogue.geocoding.client import GeocodeurIndisponible
from catalogue.messages import explain

STATUS_BY_ERROR: dict[type[MaillageError], int] = {
    ParametreInvalide: 422,
    HorsDeFrance: 422,
    LieuAmbigu: 422,
    CommuneInconnue: 404,
    ServiceIntrouvable: 404,
    StructureIntrouvable: 404,
    TerritoireInconnu: 404,
    DonneesInvalides: 422,
    NonAuthentifie: 401,
    AccesRefuse: 403,
    Conflit: 409,
    LienInvalide: 400,
    TropDeTentatives: 429,
    # Outages: what is down is said, and when to try again (the pool reconnects by itself).
    MeiliIndisponible: 503,
    GeographieIndisponible: 503,
    GeocodeurIndisponible: 503,
}
UNAVAILABLE = (MeiliIndisponible, GeographieIndisponible, GeocodeurIndisponible)
RETRY_AFTER_S = 30
DATABASE_DOWN = (
    "Maillage est momentanément indisponible (sa base de données ne répond pas) : "
    "réessayez dans quelques instants."
)

_HTTP_MESSAGES = {
    404: "Page introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
}


class Erreur(BaseModel):
    """Every error the API answers, in French."""

    erreur: str = Field(description="Ce qui ne va pas, en français.")
    details: list[str] | None = Field(
        None, description="Chaque problème, quand il y en a plusieurs."
    )
    choix: list[dict[str, Any]] | None = Field(
        None, description="Les communes possibles, quand un lieu en désigne plusieurs."
    )


# Documented on every operation (each route adds its own 4xx).
RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": Erreur, "description": "Paramètre invalide (message en français)."},
    503: {
        "model": Erreur,
        "description": "Momentanément indisponible (base de données ou index) : réessayer "
        "après le délai de l'en-tête Retry-After.",
        "headers": {"Retry-After": {"description": "Secondes", "schema": {"type": "integer"}}},
    },
}


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Give every 4xx and 5xx of the OpenAPI document the body we answer (``Erreur``)."""
    reference = {"$ref": "#/components/schemas/Erreur"}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                if str(status)[0] in "45" and "content" not in response:
                    response["content"] = {"application/json": {"schema": reference}}
    return schema


def _error(
    status: int, message: str, details: list[str] | None = None, **more: object
) -> JSONResponse:
    body: dict[str, object] = {"erreur": message}
    if details:
        body["details"] = details
    body.update(more)
    return JSONResponse(status_code=status, content=body)


def _page_for(request: Request) -> Callable[[Request, int, str], Response] | None:
    """How to answer a person (a browser, outside the API) with a page, if at all:
    programs get JSON."""
    page = getattr(request.app.state, "html_error_page", None)
    wants_html = "text/html" in request.headers.get("accept", "")
    if page is not None and wants_html and not request.url.path.startswith("/api/"):
        return cast(Callable[[Request, int, str], Response], page)
    return None


def _unavailable(request: Request, message: str) -> Response:
    if (page := _page_for(request)) is not None:
        response = page(request, 503, message)
    else:
        response = _error(503, message)
    response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MaillageError)
    async def domain_error(request: Request, error: MaillageError) -> Response:
        status = next(
            (code for cls, code in STATUS_BY_ERROR.items() if isinstance(error, cls)), 400
        )
        if isinstance(error, UNAVAILABLE):
            return _unavailable(request, error.message)
        if (page := _page_for(request)) is not None:
            return page(request, status, error.message)
        if isinstance(error, LieuAmbigu):
            return _error(status, error.message, choix=error.choix)
        return _error(status, error.message)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(PoolTimeout)
    async def database_down(request: Request, error: Exception) -> Response:
        return _unavailable(request, DATABASE_DOWN)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        details = explain(error.errors(), skip=("query", "path", "body"))
        return _error(422, "Paramètres invalides : " + " ; ".join(details), details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        message = _HTTP_MESSAGES.get(error.status_code, str(error.detail))
        if (page := _page_for(request)) is not None:
            response: Response = page(request, error.status_code, message)
        else:
            response = _error(error.status_code, message)
        response.headers.update(error.headers or {})  # 405's Allow
        return response
