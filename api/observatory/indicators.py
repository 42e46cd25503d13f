"""Access to the offer, frein by frein, as INSEE measures access to everyday services:
the share of the population living beyond a distance of the nearest offer, computed from
each commune.

A territory's places are its communes, Paris, Lyon and Marseille counted by
arrondissement. For each place and frein, the nearest offer received in person that is
open today and eligible there (the rules of search: ``catalogue.records``), by
great-circle distance from the place's reference point (its town hall, else a point of
its surface). Its population is that of the reference geography. Offers offered
remotely and eligible in the territory are counted apart: they bring no one closer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Text, func, literal, or_, select, true
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.engine import Connection

from catalogue.geography.lookup import eligibility_codes_sql
from catalogue.geography.territories import Territory
from catalogue.models import SERVICES as _S
from catalogue.models.geography import Commune
from catalogue.records.rules import offered_remotely_sql, received_in_person_sql
from catalogue.records.visibility import service_visible
from catalogue.vocabulary import freins

DISTANCES_KM = (5, 10, 20, 30)
WORST_SHOWN = 15
_C = Commune.__table__


@dataclass(frozen=True)
class Place:
    code: str
    nom: str
    population: int
    # Frein → metres to the nearest eligible in-person offer (None: none anywhere).
    nearest_m: dict[str, float | None]


@dataclass(frozen=True)
class Beyond:
    km: int
    personnes: int
    part: float


@dataclass(frozen=True)
class FreinAccess:
    frein: str
    libelle: str
    sur_place: int
    a_distance: int
    pour_10000: float
    au_dela: list[Beyond]
    # The places farthest from an offer, worst first: (code, name, population, km or None).
    communes: list[tuple[str, str, int, float | None]] = field(default_factory=list)


def _places(area: Territory) -> Any:
    """The territory's places: communes, arrondissements instead of their commune."""
    split = select(_C.c.parent_code).where(_C.c.parent_code.is_not(None)).scalar_subquery()
    return (
        select(
            _C.c.code,
            _C.c.nom,
            _C.c.population,
            func.geography(_C.c.point).label("here"),
            eligibility_codes_sql(_C).label("codes"),
        )
        .where(_C.c.code.in_(area.communes), _C.c.code.not_in(split))
        .subquery("place")
    )


def _eligible(codes: Any) -> Any:
    zone = _S.c.zone_eligibilite
    return or_(func.coalesce(func.cardinality(zone), 0) == 0, zone.overlap(codes))


def places(conn: Connection, area: Territory, day: date) -> list[Place]:
    """Each place of the territory and its distance to the nearest offer, per frein."""
    place = _places(area)
    slugs = list(freins())
    frein = func.unnest(literal(slugs, ARRAY(Text))).table_valued("slug").render_derived("f")
    nearest = (
        select(func.ST_Distance(_S.c.location, place.c.here, False))
        .where(
            service_visible(day),
            _S.c.freins.contains(array([frein.c.slug])),
            received_in_person_sql(_S.c.modes_accueil),
            _S.c.location.is_not(None),
            _eligible(place.c.codes),
        )
        .order_by(_S.c.location.op("<->")(place.c.here))
        .limit(1)
        .scalar_subquery()
    )
    stmt = (
        select(place.c.code, place.c.nom, place.c.population, frein.c.slug, nearest)
        .select_from(place.join(frein, true()))
        .order_by(place.c.code)
    )
    # The frein is known only row by row: the planner would read every service of it
    # through the freins index and sort them by distance (50 ms a place). Walking the
    # location index nearest first stops at the first eligible one (0.3 ms).
    conn.exec_driver_sql("SET LOCAL enable_bitmapscan = off")
    try:
        rows = conn.execute(stmt).all()
    finally:
        conn.exec_driver_sql("RESET enable_bitmapscan")
    found: dict[str, Place] = {}
    for code, nom, population, slug, metres in rows:
        found.setdefault(code, Place(code, nom, population, {})).nearest_m[slug] = metres
    return list(found.values())


def _counts(conn: Connection, area: Territory, day: date) -> tuple[dict[str, int], dict[str, int]]:
    """Per frein, the offers eligible in the territory: received in person there, and
    offered remotely."""
    place = _places(area)
    # Every code a zone may name to cover one of its places.
    codes = list(conn.scalars(select(func.unnest(place.c.codes)).distinct()))
    slug = func.unnest(_S.c.freins).label("slug")
    eligible = select(slug, func.count()).where(
        service_visible(day), _eligible(literal(codes, ARRAY(Text)))
    )
    in_person = eligible.where(
        received_in_person_sql(_S.c.modes_accueil), _S.c.code_commune_resolu.in_(area.communes)
    )
    remote = eligible.where(offered_remotely_sql(_S.c.modes_accueil))
    return (
        {f: n for f, n in conn.execute(in_person.group_by(slug))},
        {f: n for f, n in conn.execute(remote.group_by(slug))},
    )


@dataclass(frozen=True)
class Observatory:
    territoire: Territory
    population: int
    places: list[Place]
    freins: list[FreinAccess]


def observe(conn: Connection, area: Territory, day: date) -> Observatory:
    found = places(conn, area, day)
    population = sum(p.population for p in found)
    in_person, remote = _counts(conn, area, day)
    access = []
    for slug, frein in freins().items():
        beyond = []
        for km in DISTANCES_KM:
            people = sum(
                p.population for p in found if (m := p.nearest_m.get(slug)) is None or m > km * 1000
            )
            beyond.append(Beyond(km, people, round(people / population, 4) if population else 0.0))
        worst = sorted(
            found, key=lambda p: (p.nearest_m.get(slug) is not None, -(p.nearest_m.get(slug) or 0))
        )
        access.append(
            FreinAccess(
                slug,
                frein.libelle,
                in_person.get(slug, 0),
                remote.get(slug, 0),
                round(in_person.get(slug, 0) / population * 10_000, 2) if population else 0.0,
                beyond,
                [
                    (p.code, p.nom, p.population, _km(p.nearest_m.get(slug)))
                    for p in worst[:WORST_SHOWN]
                ],
            )
        )
    return Observatory(area, population, found, access)


def _km(metres: float | None) -> float | None:
    return None if metres is None else round(metres / 1000, 1)
