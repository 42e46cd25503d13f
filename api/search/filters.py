"""Meilisearch filter expressions, built from validated values and always quoted: a value
can never change the shape of the filter (no raw concatenation of user input).
``en_presentiel`` and ``a_distance`` are the documents' own answers to the catalogue's
rules (``catalogue.records.rules``), computed when they are indexed."""

from __future__ import annotations

import math
from collections.abc import Iterable

from api.search.query import SearchQuery
from catalogue.records.closures import open_on_filter
from catalogue.records.rules import IN_PERSON, REMOTE

ANY = "*"


def quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def one_of(attribute: str, values: Iterable[str]) -> str:
    return f"{attribute} IN [{', '.join(quoted(v) for v in values)}]"


def number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError("non-finite number in a filter")
    return repr(float(value))


def base_filters(query: SearchQuery) -> list[str]:
    """Eligibility and the user's filters (see ``api.search.backend``)."""
    filters = [
        one_of("zone", [ANY, *query.location.commune.eligibility_codes]),
        open_on_filter(query.today),
    ]
    if query.freins:
        filters.append(one_of("freins", query.freins))
    if query.thematiques:
        filters.append(one_of("thematiques", query.thematiques))
    if query.publics:
        filters.append(one_of("publics", [*query.publics, "tous-publics", ANY]))
    if query.frais:
        filters.append(one_of("frais", query.frais))
    if query.types:
        filters.append(one_of("type", query.types))
    if query.modes_accueil:
        modes = []
        if IN_PERSON in query.modes_accueil:
            modes.append("en_presentiel = true")
        if REMOTE in query.modes_accueil:
            modes.append("a_distance = true")
        filters.append("(" + " OR ".join(modes) + ")")
    if query.sources:
        filters.append(one_of("source", query.sources))
    if query.masquer_doublons:
        filters.append("doublon = false")
    return filters


def remote_only(query: SearchQuery) -> list[str]:
    """The results reachable only at a distance: offered remotely, not in person nearby."""
    return [*base_filters(query), "a_distance = true", f"NOT {near(query)}"]


def remote_tiers(query: SearchQuery) -> list[list[str]]:
    """Filters of the remote results, one per tier of the place their zone names
    (``CommuneRef.zone_tiers``, closest first), then the nationwide rest: disjoint."""
    tiers = query.location.commune.zone_tiers
    remote = remote_only(query)
    excluded = [f"zone NOT IN [{', '.join(quoted(c) for c in codes)}]" for codes in tiers]
    named = [[*remote, *excluded[:n], one_of("zone", codes)] for n, codes in enumerate(tiers)]
    return [*named, [*remote, *excluded]]


def near(query: SearchQuery) -> str:
    """Received in person within the radius."""
    where = query.location
    return (
        f"(en_presentiel = true AND _geoRadius({number(where.latitude)}, "
        f"{number(where.longitude)}, {number(where.radius_km * 1000)}))"
    )


def geo_point(query: SearchQuery) -> str:
    where = query.location
    return f"_geoPoint({number(where.latitude)}, {number(where.longitude)})"
