"""The rows HSDS documents are made of, with the HSDS API's filters and pages.

Services are those published and not withdrawn — a service closed today too, as HSDS
says it (``status``); organizations are the structures not withdrawn.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, not_, select
from sqlalchemy.engine import Connection

from api.offer.queries import parse_uid
from catalogue.errors import ServiceIntrouvable, StructureIntrouvable
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.models.geography import Commune, Departement
from catalogue.records.rules import offered_remotely_sql, received_in_person_sql
from catalogue.records.visibility import structure_visible

_FIELDS = ("uid", "nom", "description", "courriel", "telephone", "adresse",
           "complement_adresse", "commune", "code_postal")  # fmt: skip


def _located(table: Any, prefix: str) -> list[Any]:
    """A record's place columns, its département's name with them."""
    commune = Commune.__table__.alias(f"{prefix}commune")
    departement = Departement.__table__.alias(f"{prefix}departement")
    point = func.geometry(table.c.location)
    columns = [
        *(table.c[name].label(f"{prefix}{name}") for name in _FIELDS),
        func.ST_Y(point).label(f"{prefix}latitude"),
        func.ST_X(point).label(f"{prefix}longitude"),
        select(departement.c.nom)
        .join(commune, commune.c.departement_code == departement.c.code)
        .where(commune.c.code == table.c.code_commune_resolu)
        .scalar_subquery()
        .label(f"{prefix}departement"),
    ]
    return columns


def _services() -> Select[Any]:
    return (
        select(
            *_located(_S, ""),
            _S.c.lien_source,
            _S.c.frais,
            _S.c.frais_precisions,
            _S.c.publics_precisions,
            _S.c.mobilisation_precisions,
            _S.c.lien_mobilisation,
            _S.c.date_maj,
            _S.c.fermeture_debut,
            _S.c.fermeture_fin,
            _S.c.thematiques,
            _S.c.freins,
            offered_remotely_sql(_S.c.modes_accueil).label("a_distance"),
            not_(received_in_person_sql(_S.c.modes_accueil)).label("a_distance_seulement"),
            *_located(_T, "structure_"),
            _T.c.siret.label("structure_siret"),
            _T.c.site_web.label("structure_site_web"),
        )
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .where(~_S.c.archived, _S.c.publication_status == "published")
    )


@dataclass(frozen=True)
class ServiceFilters:
    modified_after: date | None = None
    organization_id: uuid.UUID | None = None
    # A thématique's slug, or « frein--<slug> » (api.hsds.documents.taxonomy_terms).
    taxonomy_term_id: str | None = None
    taxonomy_id: str | None = None

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        if self.modified_after:
            stmt = stmt.where(_S.c.date_maj >= self.modified_after)
        if self.organization_id:
            stmt = stmt.where(_S.c.structure_uid == self.organization_id)
        term = self.taxonomy_term_id
        if term and term.startswith("frein--"):
            stmt = stmt.where(_S.c.freins.contains([term.removeprefix("frein--")]))
        elif term:
            stmt = stmt.where(_S.c.thematiques.contains([term]))
        if self.taxonomy_id == "maillage-freins":
            stmt = stmt.where(func.cardinality(_S.c.freins) > 0)
        elif self.taxonomy_id == "data-inclusion-thematiques":
            stmt = stmt.where(func.cardinality(_S.c.thematiques) > 0)
        return stmt


@dataclass(frozen=True)
class Near:
    """Within ``metres`` of a postcode's centre (its communes' points), nearest first;
    without ``metres``, at that postcode."""

    postcode: str
    metres: float | None = None


def services(filters: ServiceFilters, near: Near | None = None) -> Select[Any]:
    stmt = filters.apply(_services())
    if near is None:
        return stmt.order_by(_S.c.nom_tri, _S.c.uid)
    if near.metres is None:
        return stmt.where(_S.c.code_postal == near.postcode).order_by(_S.c.nom_tri, _S.c.uid)
    centre = (
        select(func.ST_Centroid(func.ST_Collect(Commune.point)))
        .where(Commune.codes_postaux.contains([near.postcode]))
        .scalar_subquery()
    )
    here = func.geography(centre)
    return stmt.where(func.ST_DWithin(_S.c.location, here, near.metres)).order_by(
        func.ST_Distance(_S.c.location, here), _S.c.uid
    )


def organizations() -> Select[Any]:
    return (
        select(
            *_located(_T, "structure_"),
            _T.c.siret.label("structure_siret"),
            _T.c.site_web.label("structure_site_web"),
        )
        .where(structure_visible())
        .order_by(_T.c.source, _T.c.id)
    )


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    total: int
    number: int
    size: int

    def envelope(self, contents: list[Any]) -> dict[str, Any]:
        """HSDS's ``Page``."""
        pages = max(1, math.ceil(self.total / self.size))
        return {
            "total_items": self.total,
            "total_pages": pages,
            "page_number": self.number,
            "size": len(contents),
            "first_page": self.number == 1,
            "last_page": self.number >= pages,
            "empty": not contents,
            "contents": contents,
        }


def page(conn: Connection, stmt: Select[Any], number: int, size: int) -> Page:
    total = conn.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = conn.execute(stmt.limit(size).offset((number - 1) * size)).mappings().all()
    return Page(list(rows), total, number, size)


def every_row(conn: Connection, stmt: Select[Any]) -> Iterator[Any]:
    """All the rows, streamed (for ``format=ndjson``)."""
    yield from conn.execution_options(yield_per=1000).execute(stmt).mappings()


def one_service(conn: Connection, raw: str) -> Any:
    uid = parse_uid(raw)
    row = uid and conn.execute(_services().where(_S.c.uid == uid)).mappings().first()
    if not row:
        raise ServiceIntrouvable("Ce service n'existe pas ou n'est plus proposé.")
    return row


def one_organization(conn: Connection, raw: str) -> Any:
    uid = parse_uid(raw)
    row = uid and conn.execute(organizations().where(_T.c.uid == uid)).mappings().first()
    if not row:
        raise StructureIntrouvable("Cette organisation n'existe pas ou n'est plus référencée.")
    return row


def services_of(conn: Connection, organization: uuid.UUID) -> list[Any]:
    stmt = _services().where(_S.c.structure_uid == organization).order_by(_S.c.nom_tri)
    return list(conn.execute(stmt).mappings())
