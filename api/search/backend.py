"""The search backend contract.

A backend answers a ``SearchQuery`` with the ids of the matching services (one page, in
order), their distances, the total and the facet counts. Matching (the README's « Search
semantics »): a published, non-archived service matches when it is *eligible* (no zone,
or a zone containing the commune, its parent, its département, its EPCI,
``france``/``99100``), *reachable* (in person — ``en-presentiel`` or no mode — within
the radius, or offered ``a-distance``), and every filter holds (any value within a
filter; ``publics`` also matches ``tous-publics`` and services that name no public).
Order: relevance first when there is a text query; otherwise in-person results by
distance, then remote ones, ties broken by name then id. Every backend must give the
same ids for the same query (``tests/api/search`` runs one suite against each).
"""

from __future__ import annotations

from typing import Protocol

from api.search.query import SearchQuery, SearchResult

FACETS = ("freins", "categories", "type", "frais", "modes_accueil")


class SearchBackend(Protocol):
    @property
    def name(self) -> str:
        """What the response's ``moteur`` says: ``meilisearch`` or ``postgis``."""
        ...

    def search(self, query: SearchQuery) -> SearchResult: ...
