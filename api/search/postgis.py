"""The PostGIS search backend: the reference semantics, straight on the catalogue."""

from __future__ import annotations

from typing import Any

from geoalchemy2 import Geography
from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Engine

from api.search.backend import FACETS
from api.search.query import Hit, SearchQuery, SearchResult
from catalogue.models import SERVICES as _S


def _point(query: SearchQuery) -> ColumnElement[Any]:
    location = query.location
    return cast(
        func.ST_SetSRID(func.ST_MakePoint(location.longitude, location.latitude), 4326),
        Geography(srid=4326),
    )


def _filters(query: SearchQuery) -> list[ColumnElement[bool]]:
    """Eligibility and the user's filters (all values bound, never spliced)."""
    c = _S.c
    filters: list[ColumnElement[bool]] = [
        c.publication_status == "published",
        ~c.archived,
        or_(
            c.zone_eligibilite.is_(None),
            c.zone_eligibilite.overlap(query.location.commune.eligibility_codes),
        ),
    ]
    if query.freins:
        filters.append(c.freins.overlap(list(query.freins)))
    if query.thematiques:
        filters.append(c.thematiques.overlap(list(query.thematiques)))
    if query.publics:
        filters.append(
            or_(
                func.coalesce(func.cardinality(c.publics), 0) == 0,
                c.publics.overlap([*query.publics, "tous-publics"]),
            )
        )
    if query.frais:
        filters.append(c.frais.in_(query.frais))
    if query.types:
        filters.append(c.type.in_(query.types))
    if query.modes_accueil:
        filters.append(_modes_match(query.modes_accueil))
    if query.sources:
        filters.append(c.source.in_(query.sources))
    return filters


def _in_person() -> ColumnElement[bool]:
    c = _S.c
    return or_(
        func.coalesce(func.cardinality(c.modes_accueil), 0) == 0,
        c.modes_accueil.contains(["en-presentiel"]),
    )


def _modes_match(modes: tuple[str, ...]) -> ColumnElement[bool]:
    conditions = []
    if "en-presentiel" in modes:
        conditions.append(_in_person())
    if "a-distance" in modes:
        conditions.append(_S.c.modes_accueil.contains(["a-distance"]))
    return or_(*conditions)


def matched(query: SearchQuery) -> Select[Any]:
    """Every matching service with its distance (NULL when only reachable remotely).

    Two branches so the in-person one can use the spatial index.
    """
    c = _S.c
    point = _point(query)
    radius_m = query.location.radius_km * 1000
    near = and_(_in_person(), c.location.is_not(None), func.ST_DWithin(c.location, point, radius_m))
    filters = _filters(query)
    in_person = select(c.uid, c.nom, func.ST_Distance(c.location, point).label("distance_m")).where(
        *filters, near
    )
    remote = select(c.uid, c.nom, null().label("distance_m")).where(
        *filters,
        c.modes_accueil.contains(["a-distance"]),
        ~func.coalesce(near, literal(False)),
    )
    return union_all(in_person, remote).subquery("matched").select()


class PostgisBackend:
    name = "postgis"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def search(self, query: SearchQuery) -> SearchResult:
        hits_cte = matched(query).cte("matched")
        page = (
            select(hits_cte.c.uid, hits_cte.c.distance_m)
            .order_by(hits_cte.c.distance_m.asc().nulls_last(), hits_cte.c.nom, hits_cte.c.uid)
            .limit(query.taille)
            .offset(query.offset)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(page).all()
            total = conn.execute(select(func.count()).select_from(hits_cte)).scalar_one()
            facets = self._facets(conn, hits_cte) if total else {name: {} for name in FACETS}
        hits = [Hit(str(uid), None if d is None else round(d / 1000, 3)) for uid, d in rows]
        return SearchResult(total=total, hits=hits, facets=facets, engine=self.name)

    def _facets(self, conn: Any, hits_cte: Any) -> dict[str, dict[str, int]]:
        joined = hits_cte.join(_S, _S.c.uid == hits_cte.c.uid)
        parts = []
        for name in FACETS:
            column = _S.c[name]
            is_array = name in ("freins", "categories", "modes_accueil")
            value = func.unnest(column) if is_array else column
            inner = select(value.label("value")).select_from(joined).subquery()
            parts.append(
                select(literal(name).label("facet"), inner.c.value, func.count().label("n"))
                .where(inner.c.value.is_not(None))
                .group_by(inner.c.value)
            )
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for facet, value, n in conn.execute(union_all(*parts)):
            facets[facet][value] = n
        return facets
