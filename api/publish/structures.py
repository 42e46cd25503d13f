"""Claiming or creating a structure, and deciding on membership requests.

The first admin of a structure is validated by a moderator of its département; once it
has one, its admins accept the next members. A created structure is a data·inclusion v1
record of source ``maillage``, validated with the schema's own model.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import exists, func, insert, literal, select, update
from sqlalchemy.engine import Connection

from api.accounts.roles import Principal, require_admin, require_moderator
from api.publish.places import structure_departement
from api.publish.records import LOCAL_SOURCE, local_id, locate
from api.publish.siret import normalise_siret, siret_valid
from catalogue.errors import Conflit, DonneesInvalides, StructureIntrouvable
from catalogue.models import STRUCTURE_MEMBERS as _SM
from catalogue.models import STRUCTURES as _T
from catalogue.models import USERS as _U
from catalogue.records.columns import columns_of
from catalogue.records.validation import explain, validate

MAX_RESULTS = 20
NAME_SIMILARITY = 0.3


def checked_siret(raw: str) -> str:
    siret = normalise_siret(raw)
    if not siret_valid(siret):
        raise DonneesInvalides(
            f"SIRET invalide « {raw[:20]} » : 14 chiffres, dont une clé de contrôle.",
            ["SIRET invalide"],
        )
    return siret


def _has_admin(structure_uid: Any) -> Any:
    admins = _SM.alias("admins")
    return exists().where(
        admins.c.structure_uid == structure_uid,
        admins.c.role == "admin",
        admins.c.status == "active",
    )


def find_structures(
    conn: Connection,
    user_id: uuid.UUID,
    *,
    siret: str | None = None,
    nom: str | None = None,
    code_commune: str | None = None,
) -> list[dict[str, Any]]:
    """Structures of the catalogue matching a SIRET, or a name within a commune."""
    mine = (
        select(_SM.c.status)
        .where(_SM.c.structure_uid == _T.c.uid, _SM.c.user_id == user_id)
        .scalar_subquery()
    )
    stmt = select(
        _T.c.uid,
        _T.c.nom,
        _T.c.source,
        _T.c.siret,
        _T.c.adresse,
        _T.c.code_postal,
        _T.c.commune,
        _has_admin(_T.c.uid).label("a_un_admin"),
        mine.label("ma_demande"),
    ).where(~_T.c.archived)
    if siret:
        stmt = stmt.where(_T.c.siret == checked_siret(siret)).order_by(_T.c.nom)
    elif nom and code_commune:
        folded = func.maillage_fold(nom.strip()[:150])
        name = func.maillage_fold(_T.c.nom)
        stmt = stmt.where(
            func.coalesce(_T.c.code_commune_resolu, _T.c.code_insee) == code_commune,
            (func.similarity(name, folded) >= NAME_SIMILARITY)
            | (func.strpos(name, folded) > literal(0)),
        ).order_by(func.similarity(name, folded).desc(), _T.c.nom)
    else:
        raise DonneesInvalides("Cherchez par SIRET, ou par nom et commune.")
    return [dict(r) for r in conn.execute(stmt.limit(MAX_RESULTS)).mappings()]


def request_membership(conn: Connection, principal: Principal, structure_uid: uuid.UUID) -> str:
    """Ask to join (or, when it has no admin yet, to administer) a structure. Returns the
    role asked for."""
    found = conn.execute(
        select(_T.c.uid, _has_admin(_T.c.uid).label("has_admin")).where(
            _T.c.uid == structure_uid, ~_T.c.archived
        )
    ).first()
    if found is None:
        raise StructureIntrouvable("Cette structure n'existe pas ou n'est plus référencée.")
    previous = conn.execute(
        select(_SM.c.status).where(
            _SM.c.structure_uid == structure_uid, _SM.c.user_id == principal.user_id
        )
    ).scalar()
    if previous is not None:
        raise Conflit(
            {
                "pending": "Votre demande pour cette structure est déjà en attente.",
                "active": "Vous êtes déjà membre de cette structure.",
                "refused": "Votre demande a été refusée : contactez la structure.",
            }[previous]
        )
    role = "member" if found.has_admin else "admin"
    conn.execute(
        insert(_SM).values(user_id=principal.user_id, structure_uid=structure_uid, role=role)
    )
    return role


STRUCTURE_FIELDS = (
    "nom",
    "siret",
    "description",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "telephone",
    "courriel",
    "site_web",
)


def create_structure(conn: Connection, principal: Principal, fields: dict[str, Any]) -> uuid.UUID:
    """A new structure (source ``maillage``), and its creator's request to administer it."""
    data = {k: v for k, v in fields.items() if k in STRUCTURE_FIELDS and v not in (None, "")}
    if data.get("siret"):
        data["siret"] = checked_siret(data["siret"])
        twin = conn.execute(
            select(_T.c.nom).where(_T.c.siret == data["siret"], ~_T.c.archived)
        ).scalar()
        if twin is not None:
            raise Conflit(
                f"« {twin} » porte déjà ce SIRET : cherchez-la et demandez à la rejoindre."
            )
    uid = uuid.uuid4()
    data.update(source=LOCAL_SOURCE, id=local_id(uid), date_maj=date.today().isoformat())
    try:
        columns = columns_of(validate("structure", data))
    except ValidationError as error:
        raise DonneesInvalides("Structure invalide : " + explain(error)) from error
    place = locate(conn, columns)
    if place["location"] is None:
        raise DonneesInvalides("Indiquez la commune de la structure.", ["commune absente"])
    now = datetime.now(UTC)
    conn.execute(insert(_T).values(**columns, **place, uid=uid, updated_at=now, last_seen_at=now))
    conn.execute(insert(_SM).values(user_id=principal.user_id, structure_uid=uid, role="admin"))
    return uid


@dataclass(frozen=True)
class Decision:
    email: str
    structure: str
    accepted: bool


def decide_membership(
    conn: Connection, principal: Principal, membership_id: int, accept: bool
) -> Decision:
    """Accept or refuse a pending request: a moderator of the département for a
    structure's first admin, the structure's admins for everyone after."""
    row = conn.execute(
        select(
            _SM.c.structure_uid,
            _SM.c.status,
            _U.c.email,
            _T.c.nom,
            _has_admin(_SM.c.structure_uid).label("has_admin"),
        )
        .join(_U, _U.c.id == _SM.c.user_id)
        .join(_T, _T.c.uid == _SM.c.structure_uid)
        .where(_SM.c.id == membership_id)
    ).first()
    if row is None or row.status != "pending":
        raise Conflit("Cette demande n'existe pas ou a déjà été traitée.")
    if row.has_admin:
        require_admin(principal, row.structure_uid)
    else:
        require_moderator(principal, structure_departement(conn, row.structure_uid))
    conn.execute(
        update(_SM)
        .where(_SM.c.id == membership_id)
        .values(
            status="active" if accept else "refused",
            decided_at=datetime.now(UTC),
            decided_by=principal.user_id,
        )
    )
    return Decision(row.email, row.nom, accept)


def structure_summary(conn: Connection, structure_uid: uuid.UUID) -> dict[str, Any]:
    row = (
        conn.execute(
            select(
                _T.c.uid,
                _T.c.id,
                _T.c.nom,
                _T.c.source,
                _T.c.siret,
                _T.c.adresse,
                _T.c.code_postal,
                _T.c.commune,
            ).where(_T.c.uid == structure_uid, ~_T.c.archived)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise StructureIntrouvable("Cette structure n'existe pas ou n'est plus référencée.")
    return dict(row)


def members(conn: Connection, structure_uid: uuid.UUID) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(_SM.c.id, _SM.c.role, _SM.c.status, _SM.c.requested_at, _U.c.email, _U.c.name)
        .join(_U, _U.c.id == _SM.c.user_id)
        .where(_SM.c.structure_uid == structure_uid, _SM.c.status != "refused")
        .order_by(_SM.c.status, _SM.c.requested_at)
    ).mappings()
    return [dict(r) for r in rows]


def my_structures(conn: Connection, user_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(_T.c.uid, _T.c.nom, _T.c.commune, _SM.c.role, _SM.c.status)
        .join(_SM, _SM.c.structure_uid == _T.c.uid)
        .where(_SM.c.user_id == user_id)
        .order_by(_T.c.nom)
    ).mappings()
    return [dict(r) for r in rows]
