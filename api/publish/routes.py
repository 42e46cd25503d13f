"""The write API: a structure's own system publishes its services with an API token.

Thin routes: authenticate the token, call one domain function in a transaction, answer.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Connection

from api.accounts.api_tokens import token_actor
from api.accounts.roles import TokenActor, require_edit
from api.deps import EngineDep
from api.publish import services as edit
from api.publish.queries import managed_service, structure_services
from api.publish.records import EDITABLE_FIELDS, LOCAL_SOURCE
from api.publish.schemas import PATCH_EXAMPLE, ServiceEntree, ServiceGere
from catalogue.errors import DonneesInvalides, ServiceIntrouvable

router = APIRouter(prefix="/api/v1/structures/{uid}/services", tags=["Publication"])

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="JetonStructure",
    description="Jeton d'API de la structure, créé par un de ses administrateurs dans "
    "l'espace structure : `Authorization: Bearer mlg_…`.",
)


def _actor(
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> TokenActor:
    with engine.begin() as conn:
        return token_actor(conn, credentials.credentials if credentials else None)


ActorDep = Annotated[TokenActor, Depends(_actor)]
StructureUid = Annotated[uuid.UUID, "identifiant Maillage de la structure"]

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Jeton absent, inconnu ou révoqué."},
    403: {"description": "Le jeton est celui d'une autre structure."},
    404: {"description": "Service inconnu dans cette structure."},
    422: {"description": "Service invalide au regard du schéma data·inclusion v1 (en français)."},
}


def _answer(
    conn: Connection, structure_uid: uuid.UUID, uid: uuid.UUID, changed: list[str] | None = None
) -> dict[str, Any]:
    row = managed_service(conn, structure_uid, uid)
    if row is None:
        raise ServiceIntrouvable(edit.UNKNOWN_SERVICE)
    return {
        **{name: row[name] for name in ServiceGere.model_fields if name in row},
        "uid": str(uid),
        "champs_modifies": changed,
        "lien_api": f"/api/v1/structures/{structure_uid}/services/{uid}",
    }


def _fields(body: ServiceEntree) -> dict[str, Any]:
    fields: dict[str, Any] = body.model_dump(mode="json", include=set(EDITABLE_FIELDS))
    return fields


@router.get(
    "",
    response_model=list[ServiceGere],
    summary="Lister les services gérés de la structure",
    description="Tous les services publiés dans Maillage par la structure, brouillons et "
    "suspendus compris (sans les archivés).",
    responses=ERRORS,
)
def list_services(uid: uuid.UUID, actor: ActorDep, engine: EngineDep) -> list[dict[str, Any]]:
    require_edit(actor, uid)
    with engine.connect() as conn:
        rows = structure_services(conn, uid)
        return [_answer(conn, uid, r["uid"]) for r in rows if r["source"] == LOCAL_SOURCE]


@router.post(
    "",
    response_model=ServiceGere,
    status_code=201,
    summary="Créer un service",
    description="Crée un service de la structure, validé avec le modèle data·inclusion v1, "
    "publié tout de suite (visible dans la recherche en quelques secondes) ou en brouillon "
    "avec `publie: false`. La première publication d'une structure est relue par la "
    "modération du département.",
    responses=ERRORS,
)
def create(
    uid: uuid.UUID, body: ServiceEntree, actor: ActorDep, engine: EngineDep
) -> dict[str, Any]:
    with engine.begin() as conn:
        service_uid = edit.create_service(
            conn, actor, uid, _fields(body), publish=body.publie, frequency=body.frequence_maj_mois
        )
        return _answer(conn, uid, service_uid)


@router.get(
    "/{service_uid}",
    response_model=ServiceGere,
    summary="Lire un service géré",
    description="Tous les champs data·inclusion v1 du service, son statut et sa fraîcheur.",
    responses=ERRORS,
)
def read(
    uid: uuid.UUID, service_uid: uuid.UUID, actor: ActorDep, engine: EngineDep
) -> dict[str, Any]:
    require_edit(actor, uid)
    with engine.connect() as conn:
        return _answer(conn, uid, service_uid)


def _status(
    conn: Connection, actor: TokenActor, uid: uuid.UUID, service: uuid.UUID, publie: bool
) -> None:
    if publie:
        edit.publish_service(conn, actor, service, uid)
    else:
        edit.unpublish_service(conn, actor, service, uid)


@router.put(
    "/{service_uid}",
    response_model=ServiceGere,
    summary="Remplacer un service",
    description="Remplace tous les champs du service (un champ absent est vidé) ; `publie` "
    "décide de sa publication.",
    responses=ERRORS,
)
def replace(
    uid: uuid.UUID, service_uid: uuid.UUID, body: ServiceEntree, actor: ActorDep, engine: EngineDep
) -> dict[str, Any]:
    with engine.begin() as conn:
        changed = edit.update_service(
            conn,
            actor,
            service_uid,
            _fields(body),
            frequency=body.frequence_maj_mois,
            structure_uid=uid,
        )
        _status(conn, actor, uid, service_uid, body.publie)
        return _answer(conn, uid, service_uid, changed)


@router.patch(
    "/{service_uid}",
    response_model=ServiceGere,
    summary="Modifier une partie d'un service",
    description="Change seulement les champs envoyés (`null` vide un champ) ; le service "
    "complet doit rester valide au regard du schéma data·inclusion v1. `publie` et "
    "`frequence_maj_mois` sont acceptés aussi.",
    responses=ERRORS,
)
def patch(
    uid: uuid.UUID,
    service_uid: uuid.UUID,
    actor: ActorDep,
    engine: EngineDep,
    body: Annotated[
        dict[str, Any],
        Body(
            description="Les champs data·inclusion v1 à changer, et/ou `publie`, "
            "`frequence_maj_mois`.",
            examples=[PATCH_EXAMPLE],
        ),
    ],
) -> dict[str, Any]:
    fields = dict(body)
    publie = fields.pop("publie", None)
    frequency = fields.pop("frequence_maj_mois", None)
    if publie is not None and not isinstance(publie, bool):
        raise DonneesInvalides("« publie » : booléen attendu (true ou false).")
    if frequency is not None and (isinstance(frequency, bool) or not isinstance(frequency, int)):
        raise DonneesInvalides("« frequence_maj_mois » : nombre entier de mois attendu.")
    with engine.begin() as conn:
        changed = edit.patch_service(
            conn, actor, service_uid, fields, frequency=frequency, structure_uid=uid
        )
        if publie is not None:
            _status(conn, actor, uid, service_uid, publie)
        return _answer(conn, uid, service_uid, changed)


@router.delete(
    "/{service_uid}",
    status_code=204,
    summary="Archiver un service",
    description="Retire le service de la recherche et de la liste de la structure. Les "
    "services ne sont jamais effacés : leur historique est conservé.",
    responses=ERRORS,
)
def archive(uid: uuid.UUID, service_uid: uuid.UUID, actor: ActorDep, engine: EngineDep) -> Response:
    with engine.begin() as conn:
        edit.archive_service(conn, actor, service_uid, uid)
    return Response(status_code=204)
