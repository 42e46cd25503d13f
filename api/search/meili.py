"""The Meilisearch backend: same semantics as PostGIS (see api/search/backend.py).

Without a text query, in-person results (by distance) come before remote ones (by name):
two filtered queries over disjoint sets, whose totals and facets simply add up; one
multi-search fetches both counts and the first page, a second one only when a page
reaches into the remote results.
"""

from __future__ import annotations

from typing import Any

import meilisearch

from api.index.client import UNAVAILABLE, MeiliIndisponible
from api.search.backend import FACETS
from api.search.filters import base_filters, geo_point, near
from api.search.query import Hit, SearchQuery, SearchResult


def _merge_facets(*distributions: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    merged: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for distribution in distributions:
        for name, counts in (distribution or {}).items():
            for value, n in counts.items():
                merged[name][value] = merged[name].get(value, 0) + n
    return merged


def _km(meters: float | None) -> float | None:
    return None if meters is None else round(meters / 1000, 3)


class MeiliBackend:
    name = "meilisearch"

    def __init__(self, client: meilisearch.Client, index: str) -> None:
        self.client = client
        self.index = index

    def _multi(self, queries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        try:
            answer = self.client.multi_search([{"indexUid": self.index, **q} for q in queries])
        except UNAVAILABLE as error:
            raise MeiliIndisponible(f"Meilisearch indisponible : {error}") from error
        results: list[dict[str, Any]] = answer["results"]
        return results

    def search(self, query: SearchQuery) -> SearchResult:
        if query.q:
            return self._text_search(query)
        base = base_filters(query)
        in_person = [*base, near(query)]
        remote = [*base, "a_distance = true", f"NOT {near(query)}"]
        count = {"q": "", "page": 1, "hitsPerPage": 0, "facets": FACETS}
        by_distance = [f"{geo_point(query)}:asc", "nom_tri:asc", "id:asc"]
        by_name = ["nom_tri:asc", "id:asc"]
        near_count, remote_count, near_page = self._multi(
            [
                {**count, "filter": in_person},
                {**count, "filter": remote},
                {
                    "q": "",
                    "filter": in_person,
                    "sort": by_distance,
                    "offset": query.offset,
                    "limit": query.taille,
                    "attributesToRetrieve": ["id", "_geo"],
                },
            ]
        )
        n_near, n_remote = near_count["totalHits"], remote_count["totalHits"]
        hits = [Hit(h["id"], _km(h.get("_geoDistance"))) for h in near_page["hits"]]
        missing = query.taille - len(hits)
        if missing > 0 and query.offset + len(hits) < n_near + n_remote:
            (remote_page,) = self._multi(
                [
                    {
                        "q": "",
                        "filter": remote,
                        "sort": by_name,
                        "offset": max(0, query.offset - n_near),
                        "limit": missing,
                        "attributesToRetrieve": ["id"],
                    }
                ]
            )
            hits += [Hit(h["id"], None) for h in remote_page["hits"]]
        facets = _merge_facets(near_count["facetDistribution"], remote_count["facetDistribution"])
        return SearchResult(n_near + n_remote, hits, facets, self.name)

    def _text_search(self, query: SearchQuery) -> SearchResult:
        where = [*base_filters(query), f"({near(query)} OR a_distance = true)"]
        common = {"q": query.q, "filter": where, "matchingStrategy": "all"}
        counted, page = self._multi(
            [
                {**common, "page": 1, "hitsPerPage": 0, "facets": FACETS},
                {
                    **common,
                    "sort": [f"{geo_point(query)}:asc", "id:asc"],
                    "offset": query.offset,
                    "limit": query.taille,
                    "attributesToRetrieve": ["id", "en_presentiel", "_geo"],
                },
            ]
        )
        radius_m = query.location.radius_km * 1000
        hits = []
        for hit in page["hits"]:
            distance = hit.get("_geoDistance")
            reachable = hit.get("en_presentiel") and distance is not None and distance <= radius_m
            hits.append(Hit(hit["id"], _km(distance) if reachable else None))
        return SearchResult(
            counted["totalHits"], hits, _merge_facets(counted["facetDistribution"]), self.name
        )
