"""The PostGIS search backend: the reference semantics, straight on the catalogue.

Distances are great-circle distances on Meilisearch's sphere (``maillage_distance_m``),
so both backends agree on every radius and every order. Text queries use French full
text (accent-insensitive) for words and synonym phrases, and trigram word similarity
for typos ("garaje" finds "garage").
"""

from __future__ import annotations

from typing import Any

from geoalchemy2 import Geography
from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    Uuid,
    and_,
    case,
    cast,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection, Engine

from api.search.backend import FACETS
from api.search.query import Hit, SearchQuery, SearchResult
from catalogue.models import SERVICES as _S
from catalogue.records.closures import open_on_sql
from catalogue.records.rules import (
    IN_PERSON,
    REMOTE,
    offered_remotely_sql,
    received_in_person_sql,
)
from catalogue.textsearch import QueryUnit, query_units

# Typos as Meilisearch tolerates them: one from 5 letters, two from 9.
ONE_TYPO, TWO_TYPOS = 5, 9
# Trigram pre-selection of lexicon words (index-assisted) before the exact edit distance.
TRIGRAM_THRESHOLD = 0.3

Variants = dict[str, tuple[str, ...]]


def typo_variants(conn: Connection, query: SearchQuery) -> Variants:
    """For each query word that may carry a typo, the catalogue's words within reach."""
    words = {
        alt
        for unit in query_units(query.q or "")
        for alt in unit.alternatives
        if " " not in alt and len(alt) >= ONE_TYPO
    }
    variants: Variants = {}
    if not words:
        return variants
    conn.execute(
        text("SELECT set_config('pg_trgm.similarity_threshold', :t, true)"),
        {"t": str(TRIGRAM_THRESHOLD)},
    )
    for word in sorted(words):
        typos = 2 if len(word) >= TWO_TYPOS else 1
        found = conn.execute(
            text(
                "SELECT mot FROM lexique WHERE mot % :w "
                "AND levenshtein_less_equal(mot, :w, :k) <= :k ORDER BY mot"
            ),
            {"w": word, "k": typos},
        ).scalars()
        variants[word] = tuple(dict.fromkeys([word, *found]))
    return variants


def _point(query: SearchQuery) -> ColumnElement[Any]:
    location = query.location
    return cast(
        func.ST_SetSRID(func.ST_MakePoint(location.longitude, location.latitude), 4326),
        Geography(srid=4326),
    )


def _filters(query: SearchQuery, variants: Variants) -> list[ColumnElement[bool]]:
    """Eligibility and the user's filters (all values bound, never spliced)."""
    c = _S.c
    filters: list[ColumnElement[bool]] = [
        c.publication_status == "published",
        ~c.archived,
        open_on_sql(c.fermeture_debut, c.fermeture_fin, query.today),
        or_(
            func.coalesce(func.cardinality(c.zone_eligibilite), 0) == 0,
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
        modes = []
        if IN_PERSON in query.modes_accueil:
            modes.append(received_in_person_sql(c.modes_accueil))
        if REMOTE in query.modes_accueil:
            modes.append(offered_remotely_sql(c.modes_accueil))
        filters.append(or_(*modes))
    if query.sources:
        filters.append(c.source.in_(query.sources))
    if query.masquer_doublons:
        filters.append(c.doublon_de.is_(None))
    if query.q:
        filters.extend(_unit_matches(unit, variants) for unit in query_units(query.q))
    return filters


def _unit_matches(unit: QueryUnit, variants: Variants) -> ColumnElement[bool]:
    vector = _S.c.search_vector
    matches: list[ColumnElement[bool]] = []
    for phrase in unit.alternatives:
        if phrase in variants:
            either = " | ".join(variants[phrase])  # folded [a-z0-9] words: tsquery-safe
            matches.append(vector.op("@@")(func.to_tsquery("public.fr", either)))
        else:
            matches.append(vector.op("@@")(func.phraseto_tsquery("public.fr", phrase)))
    return or_(*matches)


def _rank(query: SearchQuery, variants: Variants) -> ColumnElement[Any]:
    c = _S.c
    phrases = [
        v for unit in query_units(query.q or "") for p in unit.alternatives
        for v in variants.get(p, (p,))
    ]  # fmt: skip
    tsquery = func.to_tsquery(
        "public.fr", " | ".join(f"({' <-> '.join(p.split())})" for p in phrases) or "''"
    )
    return func.ts_rank_cd(c.search_vector, tsquery)


def _distance(query: SearchQuery) -> ColumnElement[Any]:
    where = query.location
    return func.maillage_distance_m(_S.c.location, where.latitude, where.longitude)


def _near(query: SearchQuery) -> ColumnElement[bool]:
    radius_m = query.location.radius_km * 1000
    return and_(
        received_in_person_sql(_S.c.modes_accueil),
        _S.c.location.is_not(None),
        # Index-assisted pre-filter (a sphere of nearly the same radius), then the exact test.
        func.ST_DWithin(_S.c.location, _point(query), radius_m * 1.001 + 1, False),
        _distance(query) <= radius_m,
    )


def _zone_rank(query: SearchQuery) -> ColumnElement[Any]:
    """Which tier of the place a remote service's zone names (``CommuneRef.zone_tiers``);
    past the last one, nationwide."""
    tiers = query.location.commune.zone_tiers
    zone = func.coalesce(_S.c.zone_eligibilite, literal([], ARRAY(Text)))
    return case(
        *((zone.overlap(codes), number) for number, codes in enumerate(tiers)),
        else_=len(tiers),
    ).label("zone_rank")


def matched(query: SearchQuery, variants: Variants) -> Select[Any]:
    """Every matching service: distance (NULL when only reachable remotely), sort keys.

    Two branches so the in-person one can use the spatial index.
    """
    c = _S.c
    filters = _filters(query, variants)
    rank = _rank(query, variants) if query.q else literal(0.0)
    facets = [c[name] for name in FACETS]
    in_person = select(
        c.uid,
        c.nom_tri,
        _distance(query).label("distance_m"),
        null().label("zone_rank"),
        rank.label("rank"),
        *facets,
    ).where(*filters, _near(query))
    remote = select(
        c.uid, c.nom_tri, null().label("distance_m"), _zone_rank(query), rank.label("rank"), *facets
    ).where(
        *filters,
        offered_remotely_sql(c.modes_accueil),
        ~func.coalesce(_near(query), literal(False)),
    )
    return union_all(in_person, remote).subquery("matched").select()


class PostgisBackend:
    name = "postgis"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def search(self, query: SearchQuery) -> SearchResult:
        # JIT is off for the engine's connections (catalogue.db): the spatial functions
        # inflate cost estimates past its threshold, and compiling took seconds.
        with self.engine.begin() as conn:
            variants = typo_variants(conn, query) if query.q else {}
            return self._search(conn, query, variants)

    def _search(self, conn: Connection, query: SearchQuery, variants: Variants) -> SearchResult:
        # The matching set is computed once, into a temporary table that the page, the
        # total and the facets then read (a CTE would be evaluated for each of them).
        found = _matched_table()
        found.create(conn)
        source = matched(query, variants).subquery()
        conn.execute(insert(found).from_select(list(source.c.keys()), select(source)))
        h = found.c
        order = [h.distance_m.asc().nulls_last(), h.zone_rank, h.nom_tri.collate("C"), h.uid]
        if query.q:
            order = [h.rank.desc(), h.distance_m.asc().nulls_last(), h.uid]
        page = select(h.uid, h.distance_m).order_by(*order).limit(query.taille).offset(query.offset)
        rows = conn.execute(page).all()
        total, remote_total = conn.execute(
            select(func.count(), func.count().filter(h.distance_m.is_(None))).select_from(found)
        ).one()
        facets = self._facets(conn, found) if total else {name: {} for name in FACETS}
        found.drop(conn)
        # Shown to the metre, as Meilisearch rounds its _geoDistance.
        hits = [Hit(str(uid), None if d is None else round(d) / 1000) for uid, d in rows]
        return SearchResult(total, hits, facets, self.name, remote_total)

    def _facets(self, conn: Connection, found: Table) -> dict[str, dict[str, int]]:
        parts = []
        for name in FACETS:
            column = found.c[name]
            is_array = name in ("freins", "categories", "modes_accueil")
            value = func.unnest(column) if is_array else column
            inner = select(value.label("value")).subquery()
            parts.append(
                select(literal(name).label("facet"), inner.c.value, func.count().label("n"))
                .where(inner.c.value.is_not(None))
                .group_by(inner.c.value)
            )
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        for facet, value, n in conn.execute(union_all(*parts)):
            facets[facet][value] = n
        return facets


def _matched_table() -> Table:
    """A temporary table for one search's matching services (dropped at commit)."""
    return Table(
        "search_matched",
        MetaData(),
        Column("uid", Uuid),
        Column("nom_tri", Text),
        Column("distance_m", Float),
        Column("zone_rank", Integer),
        Column("rank", Float),
        *(Column(name, ARRAY(Text)) for name in ("freins", "categories", "modes_accueil")),
        Column("type", Text),
        Column("frais", Text),
        prefixes=["TEMPORARY"],
        postgresql_on_commit="DROP",
    )
