"""The catalogue read as data·inclusion's API reads its own: lists with its filters and
pagination, one record with its duplicates and services, and items of its shape.

Items are the schema's records plus data·inclusion's two fields: ``adresse_certifiee``
(we found the address itself, not its street or commune) and ``score_qualite`` (null:
Maillage computes no quality score). Only what anyone may read is listed
(``catalogue.records.visibility``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from data_inclusion.schema.v1 import Service, Structure
from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.engine import Connection

from catalogue.errors import Conflit, ServiceIntrouvable, StructureIntrouvable
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.models.geography import Commune
from catalogue.records.closures import today
from catalogue.records.rules import (
    IN_PERSON,
    REMOTE,
    offered_remotely_sql,
    received_in_person_sql,
)
from catalogue.records.visibility import public_columns, service_visible, structure_visible

ALL_PUBLICS = "tous-publics"


def _certified(table: Any) -> ColumnElement[bool]:
    return func.coalesce(table.c.geocoding_precision == "adresse", False).label("adresse_certifiee")


SERVICE_COLUMNS = [*public_columns(_S, tuple(Service.model_fields)), _certified(_S)]
STRUCTURE_COLUMNS = [*public_columns(_T, tuple(Structure.model_fields)), _certified(_T)]


def service_item(row: Any) -> dict[str, Any]:
    return {**row, "score_qualite": None}


def structure_item(row: Any) -> dict[str, Any]:
    return dict(row)


@dataclass(frozen=True)
class Place:
    """data·inclusion's place filters: a commune, a département, a région (codes)."""

    code_commune: str | None = None
    code_departement: str | None = None
    code_region: str | None = None

    def where(self, commune_column: ColumnElement[Any]) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if self.code_commune:
            # A commune's arrondissements are places of it too.
            communes = select(Commune.code).where(
                or_(Commune.code == self.code_commune, Commune.parent_code == self.code_commune)
            )
            conditions.append(commune_column.in_(communes))
        if self.code_departement:
            departement = Commune.departement_code == self.code_departement
            conditions.append(commune_column.in_(select(Commune.code).where(departement)))
        if self.code_region:
            region = Commune.region_code == self.code_region
            conditions.append(commune_column.in_(select(Commune.code).where(region)))
        return conditions


@dataclass(frozen=True)
class ServiceFilters:
    """The filters of ``/services`` (and of ``/search/services`` without a place), each
    already checked; thématiques with their categories expanded."""

    sources: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()
    freins: tuple[str, ...] = ()
    frais: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    publics: tuple[str, ...] = ()
    modes_accueil: tuple[str, ...] = ()
    place: Place = Place()
    # Only the services of the structure representing each cluster.
    exclure_doublons: bool = False

    def where(self) -> list[ColumnElement[bool]]:
        conditions = [service_visible(today()), *self.place.where(_S.c.code_commune_resolu)]
        if self.sources:
            conditions.append(_S.c.source.in_(self.sources))
        if self.thematiques:
            conditions.append(_S.c.thematiques.overlap(list(self.thematiques)))
        if self.freins:
            conditions.append(_S.c.freins.overlap(list(self.freins)))
        if self.frais:
            conditions.append(_S.c.frais.in_(self.frais))
        if self.types:
            conditions.append(_S.c.type.in_(self.types))
        if self.publics and ALL_PUBLICS not in self.publics:
            conditions.append(_S.c.publics.overlap([*self.publics, ALL_PUBLICS]))
        modes = []
        if IN_PERSON in self.modes_accueil:
            modes.append(received_in_person_sql(_S.c.modes_accueil))
        if REMOTE in self.modes_accueil:
            modes.append(offered_remotely_sql(_S.c.modes_accueil))
        if modes:
            conditions.append(or_(*modes))
        if self.exclure_doublons:
            conditions.append(_S.c.doublon_de.is_(None))
        return conditions


def page_of(conn: Connection, stmt: Select[Any], page: int, size: int) -> tuple[int, list[Any]]:
    """The total of ``stmt``'s rows, and its rows of page ``page``."""
    total = conn.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = conn.execute(stmt.limit(size).offset((page - 1) * size)).mappings().all()
    return total, list(rows)


def paginated(items: list[dict[str, Any]], total: int, page: int, size: int) -> dict[str, Any]:
    """data·inclusion's page: ``size`` is the number of items given, ``pages`` counts
    pages of the size asked for."""
    return {
        "items": items,
        "total": total,
        "page": page,
        "size": len(items),
        "pages": math.ceil(total / size),
    }


def list_services(
    conn: Connection, filters: ServiceFilters, page: int, size: int
) -> dict[str, Any]:
    stmt = select(*SERVICE_COLUMNS).where(*filters.where()).order_by(_S.c.source, _S.c.id)
    total, rows = page_of(conn, stmt, page, size)
    return paginated([service_item(r) for r in rows], total, page, size)


def services_by_uid(conn: Connection, uids: Sequence[Any]) -> dict[Any, dict[str, Any]]:
    """Services with their structure nested, as ``/services/{id}`` gives them."""
    structure = [c.label(f"_structure_{c.name}") for c in STRUCTURE_COLUMNS]
    stmt = (
        select(_S.c.uid.label("_uid"), *SERVICE_COLUMNS, *structure)
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .where(_S.c.uid.in_(uids))
    )
    found = {}
    for row in conn.execute(stmt).mappings():
        nested = {
            k.removeprefix("_structure_"): v for k, v in row.items() if k.startswith("_structure_")
        }
        service = {k: v for k, v in row.items() if not k.startswith("_")}
        found[row["_uid"]] = {**service_item(service), "structure": structure_item(nested)}
    return found


def _one(conn: Connection, table: Any, source: str | None, ident: str) -> Any:
    """A record by ``id`` (its ``source`` too, when given)."""
    stmt = select(table.c.uid, table.c.source).where(table.c.id == ident).limit(2)
    if source is not None:
        stmt = stmt.where(table.c.source == source)
    found = conn.execute(stmt).all()
    if len(found) > 1:
        sources = " et ".join(sorted(r.source for r in found))
        raise Conflit(
            f"« {ident[:80]} » est l'identifiant d'un enregistrement de {sources} : "
            "précisez la source (…/{source}/{id})."
        )
    return found[0].uid if found else None


def service_detail(conn: Connection, source: str | None, ident: str) -> dict[str, Any]:
    uid = _one(conn, _S, source, ident)
    visible = uid is not None and conn.scalar(
        select(func.count()).where(_S.c.uid == uid, service_visible(today()))
    )
    if not visible:
        raise ServiceIntrouvable("Ce service n'existe pas ou n'est plus proposé.")
    return services_by_uid(conn, [uid])[uid]


def _doublons(
    conn: Connection, rows: Sequence[Any], columns: Sequence[Any]
) -> dict[Any, list[Any]]:
    """The other structures of each row's cluster."""
    clusters = {r["_cluster"] for r in rows if r["_cluster"] is not None}
    if not clusters:
        return {}
    stmt = select(_T.c.uid.label("_uid"), _T.c.cluster_id.label("_cluster"), *columns).where(
        _T.c.cluster_id.in_(clusters), structure_visible()
    )
    members: dict[Any, list[Any]] = {}
    for member in conn.execute(stmt.order_by(_T.c.source, _T.c.id)).mappings():
        members.setdefault(member["_cluster"], []).append(member)
    return {
        r["_uid"]: [
            {k: v for k, v in m.items() if not k.startswith("_")}
            for m in members.get(r["_cluster"], [])
            if m["_uid"] != r["_uid"]
        ]
        for r in rows
    }


def _structures_stmt() -> Select[Any]:
    return select(
        _T.c.uid.label("_uid"), _T.c.cluster_id.label("_cluster"), *STRUCTURE_COLUMNS
    ).where(structure_visible())


def _public(row: Any) -> dict[str, Any]:
    return {k: v for k, v in row.items() if not k.startswith("_")}


def list_structures(
    conn: Connection,
    *,
    sources: tuple[str, ...],
    reseaux_porteurs: tuple[str, ...],
    place: Place,
    exclure_doublons: bool,
    page: int,
    size: int,
) -> dict[str, Any]:
    stmt = _structures_stmt().where(*place.where(_T.c.code_commune_resolu))
    if sources:
        stmt = stmt.where(_T.c.source.in_(sources))
    if reseaux_porteurs:
        stmt = stmt.where(_T.c.reseaux_porteurs.overlap(list(reseaux_porteurs)))
    if exclure_doublons:  # the one representing its cluster (catalogue.records.linking)
        stmt = stmt.where(or_(_T.c.cluster_id.is_(None), _T.c.cluster_id == _T.c.uid))
    total, rows = page_of(conn, stmt.order_by(_T.c.source, _T.c.id), page, size)
    doublons = _doublons(conn, rows, [_T.c.source, _T.c.id])
    items = [
        {
            **structure_item(_public(r)),
            "score_qualite": None,
            "doublons": doublons.get(r["_uid"], []),
        }
        for r in rows
    ]
    return paginated(items, total, page, size)


def structure_detail(conn: Connection, source: str | None, ident: str) -> dict[str, Any]:
    uid = _one(conn, _T, source, ident)
    row = None
    if uid is not None:
        row = conn.execute(_structures_stmt().where(_T.c.uid == uid)).mappings().first()
    if row is None:
        raise StructureIntrouvable("Cette structure n'existe pas ou n'est plus référencée.")
    schema = public_columns(_T, tuple(Structure.model_fields))
    services = conn.execute(
        select(*SERVICE_COLUMNS)
        .where(_S.c.structure_uid == uid, service_visible(today()))
        .order_by(_S.c.source, _S.c.id)
    ).mappings()
    return {
        **structure_item(_public(row)),
        "score_qualite": None,
        "doublons": _doublons(conn, [row], schema).get(uid, []),
        "services": [service_item(s) for s in services],
    }


def sources(conn: Connection) -> list[dict[str, Any]]:
    """The sources the catalogue holds records of."""
    names = conn.scalars(
        select(_T.c.source).where(structure_visible()).distinct().order_by(_T.c.source)
    )
    return [{"slug": name, "nom": name, "description": None} for name in names]
