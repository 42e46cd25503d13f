"""The moderation queue of a moderator's départements: structures' first admins, first
publications, and errors reported by referents (``signalements``)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import Table, exists, func, select, true, update
from sqlalchemy.engine import Connection

from api.accounts.roles import Principal, require_moderator
from api.publish.history import record
from api.publish.places import departement_of, structure_departement
from api.publish.services import service_row
from catalogue.errors import Conflit
from catalogue.models import MANAGED_SERVICES as _M
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURE_MEMBERS as _SM
from catalogue.models import STRUCTURES as _T
from catalogue.models import USERS as _U
from catalogue.models.reports import Signalement

REPORTS = cast(Table, Signalement.__table__)
# Reports start as « nouveau » (the reports feature); moderation closes them.
REPORT_NEW, REPORT_DONE = "nouveau", "traite"


def _mine(principal: Principal, departement: Any) -> Any:
    if principal.is_platform_admin:
        return true()
    return departement.in_(sorted(principal.departements))


def pending_first_admins(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    departement = departement_of(_T)
    admins = _SM.alias("admins")
    has_admin = exists().where(
        admins.c.structure_uid == _T.c.uid, admins.c.role == "admin", admins.c.status == "active"
    )
    rows = conn.execute(
        select(
            _SM.c.id,
            _SM.c.requested_at,
            _U.c.email,
            _U.c.name,
            _T.c.uid.label("structure_uid"),
            _T.c.nom.label("structure"),
            _T.c.siret,
            _T.c.source,
            _T.c.commune,
            departement.label("departement"),
        )
        .join(_U, _U.c.id == _SM.c.user_id)
        .join(_T, _T.c.uid == _SM.c.structure_uid)
        .where(_SM.c.status == "pending", ~has_admin, _mine(principal, departement))
        .order_by(_SM.c.requested_at)
    ).mappings()
    return [dict(r) for r in rows]


def pending_publications(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    departement = departement_of(_T)
    rows = conn.execute(
        select(
            _S.c.uid,
            _S.c.nom,
            _S.c.description,
            _M.c.first_published_at,
            _T.c.nom.label("structure"),
            departement.label("departement"),
        )
        .join(_M, _M.c.service_uid == _S.c.uid)
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .where(_M.c.review == "pending", ~_S.c.archived, _mine(principal, departement))
        .order_by(_M.c.first_published_at)
    ).mappings()
    return [dict(r) for r in rows]


def open_reports(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    """New reports about services or structures of the moderator's départements."""
    service = _S.alias("reported")
    structure = _T.alias("reported_structure")
    departement = departement_of(structure)
    rows = conn.execute(
        select(
            REPORTS.c.id,
            REPORTS.c.message,
            REPORTS.c.courriel,
            REPORTS.c.created_at,
            service.c.uid.label("service_uid"),
            service.c.nom.label("service"),
            structure.c.nom.label("structure"),
            departement.label("departement"),
        )
        .select_from(REPORTS)
        .outerjoin(service, service.c.uid == REPORTS.c.service_uid)
        .outerjoin(
            structure,
            structure.c.uid == func.coalesce(REPORTS.c.structure_uid, service.c.structure_uid),
        )
        .where(REPORTS.c.statut == REPORT_NEW, _mine(principal, departement))
        .order_by(REPORTS.c.created_at)
    ).mappings()
    return [dict(r) for r in rows]


def _service_departement(conn: Connection, service_uid: uuid.UUID) -> tuple[Any, str | None]:
    row = service_row(conn, service_uid)
    return row, structure_departement(conn, row["structure_uid"])


def approve_publication(conn: Connection, principal: Principal, service_uid: uuid.UUID) -> None:
    row, departement = _service_departement(conn, service_uid)
    require_moderator(principal, departement)
    if row["review"] != "pending":
        raise Conflit("Cette publication n'attend pas de relecture.")
    conn.execute(update(_M).where(_M.c.service_uid == service_uid).values(review="approved"))
    record(conn, principal, service_uid, "validation")


def suspend_publication(conn: Connection, principal: Principal, service_uid: uuid.UUID) -> None:
    """Out of search at once; the structure cannot publish it again by itself."""
    row, departement = _service_departement(conn, service_uid)
    require_moderator(principal, departement)
    if row["review"] is None and row["source"] != "maillage":
        raise Conflit("Seuls les services publiés dans Maillage passent par la modération.")
    conn.execute(update(_M).where(_M.c.service_uid == service_uid).values(review="suspended"))
    conn.execute(
        update(_S)
        .where(_S.c.uid == service_uid)
        .values(publication_status="suspended", updated_at=func.now())
    )
    record(conn, principal, service_uid, "suspension")


def close_report(conn: Connection, principal: Principal, report_id: int) -> None:
    service = _S.alias("reported")
    structure_uid = conn.execute(
        select(func.coalesce(REPORTS.c.structure_uid, service.c.structure_uid))
        .select_from(REPORTS)
        .outerjoin(service, service.c.uid == REPORTS.c.service_uid)
        .where(REPORTS.c.id == report_id, REPORTS.c.statut == REPORT_NEW)
    ).first()
    if structure_uid is None:
        raise Conflit("Ce signalement n'existe pas ou a déjà été traité.")
    departement = (
        structure_departement(conn, structure_uid[0]) if structure_uid[0] is not None else None
    )
    require_moderator(principal, departement)
    conn.execute(update(REPORTS).where(REPORTS.c.id == report_id).values(statut=REPORT_DONE))
