"""The Meilisearch backend: same semantics as PostGIS (see api/search/backend.py).

Without a text query, in-person results (by distance) come before remote ones (those
whose zone names the place closest first, then by name): filtered queries over disjoint
sets, whose totals and facets simply add up; one multi-search fetches the counts and the
first page, a second one only when a page reaches into the remote results.
"""

from __future__ import annotations

from typing import Any

import meilisearch

from api.index.client import UNAVAILABLE, MeiliIndisponible
from api.search.backend import FACETS
from api.search.filters import base_filters, geo_point, near, remote_only, remote_tiers
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
        # Segments, each a filter and its order: in person by distance, then remote by the
        # tier of the place their zone names, by name. One multi-search counts them all
        # and fetches the first page of the first; a second fetches the rest of the page.
        in_person = [*base_filters(query), near(query)]
        by_name = ["nom_tri:asc", "id:asc"]
        segments = [(in_person, [f"{geo_point(query)}:asc", *by_name])]
        segments += [(remote, by_name) for remote in remote_tiers(query)]
        count = {"q": "", "page": 1, "hitsPerPage": 0, "facets": FACETS}
        *counted, near_page = self._multi(
            [{**count, "filter": where} for where, _ in segments]
            + [self._page(in_person, segments[0][1], query.offset, query.taille, ["_geo"])]
        )
        totals = [answer["totalHits"] for answer in counted]
        hits = [Hit(h["id"], _km(h.get("_geoDistance"))) for h in near_page["hits"]]
        skip, missing = max(0, query.offset - totals[0]), query.taille - len(hits)
        pages = []
        for (where, order), total in zip(segments[1:], totals[1:], strict=True):
            if missing <= 0:
                break
            if skip >= total:
                skip -= total
                continue
            take = min(missing, total - skip)
            pages.append(self._page(where, order, skip, take))
            skip, missing = 0, missing - take
        for page in self._multi(pages) if pages else []:
            hits += [Hit(h["id"], None) for h in page["hits"]]
        facets = _merge_facets(*(answer["facetDistribution"] for answer in counted))
        return SearchResult(sum(totals), hits, facets, self.name, sum(totals[1:]))

    @staticmethod
    def _page(
        where: list[str], order: list[str], offset: int, limit: int, more: list[str] | None = None
    ) -> dict[str, Any]:
        return {
            "q": "",
            "filter": where,
            "sort": order,
            "offset": offset,
            "limit": limit,
            "attributesToRetrieve": ["id", *(more or [])],
        }

    def _text_search(self, query: SearchQuery) -> SearchResult:
        where = [*base_filters(query), f"({near(query)} OR a_distance = true)"]
        common = {"q": query.q, "filter": where, "matchingStrategy": "all"}
        counted, remote, page = self._multi(
            [
                {**common, "page": 1, "hitsPerPage": 0, "facets": FACETS},
                {**common, "filter": remote_only(query), "page": 1, "hitsPerPage": 0},
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
        facets = _merge_facets(counted["facetDistribution"])
        return SearchResult(counted["totalHits"], hits, facets, self.name, remote["totalHits"])
