"""What the search benchmark measures each query against, and how.

- ``api_meilisearch`` / ``api_postgis``: ``GET /api/v1/search`` over HTTP;
- ``raw_meilisearch``: the very multi-search requests ``MeiliBackend`` made for the
  query, recorded while preparing it, replayed with the client;
- ``baseline_sql`` (and ``baseline_sql_jit_off``): the query data·inclusion's API runs
  for a search, on the same tables.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import meilisearch
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from bench.search_queries import BenchQuery
from catalogue.settings import Settings
from catalogue.vocabulary import freins

MeiliRequest = list[dict[str, Any]]  # one multi-search: its queries


@dataclass
class Prepared:
    """One query, ready for every target."""

    query: BenchQuery
    meili_requests: list[MeiliRequest]  # what MeiliBackend sent, call by call
    baseline: dict[str, Any]  # bound values of the baseline SQL


class _RecordingClient(meilisearch.Client):
    """A client that also records every multi-search it sends (a copy, as JSON has it)."""

    def __init__(self, model: meilisearch.Client) -> None:
        config = model.config
        super().__init__(config.url, config.api_key, timeout=config.timeout)
        self.calls: list[MeiliRequest] = []

    def multi_search(
        self, queries: Sequence[Mapping[str, Any]], federation: dict[str, Any] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        self.calls.append(json.loads(json.dumps(list(queries))))
        return super().multi_search(queries, federation)


def prepare(engine: Engine, settings: Settings, queries: Sequence[BenchQuery]) -> list[Prepared]:
    """Resolve each query as the API does, record the Meilisearch requests it makes,
    bind the baseline's values."""
    from api.index.client import make_client
    from api.search.meili import MeiliBackend
    from api.search.service import build_query

    recorder = _RecordingClient(make_client(settings, timeout=30))
    backend = MeiliBackend(recorder, settings.search.index)
    themes = {slug: frein.thematiques for slug, frein in freins().items()}
    prepared = []
    for query in queries:
        resolved = build_query(engine, query.params(), settings.search)
        recorder.calls = []
        backend.search(resolved)
        where = resolved.location
        prepared.append(
            Prepared(
                query=query,
                meili_requests=recorder.calls,
                baseline={
                    "lon": where.longitude,
                    "lat": where.latitude,
                    "radius_m": where.radius_km * 1000,
                    "zone": where.commune.eligibility_codes,
                    "thematiques": sorted(set().union(*(themes[f] for f in query.freins))),
                    "q": query.q,
                    "limit": resolved.taille,
                    "offset": resolved.offset,
                },
            )
        )
    return prepared


_BASELINE_FROM = """
  FROM services s JOIN structures t ON t.uid = s.structure_uid
 WHERE s.publication_status = 'published' AND NOT s.archived
   AND (s.zone_eligibilite IS NULL OR s.zone_eligibilite && CAST(:zone AS text[]))
   AND (ST_DWithin(s.location, ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography, :radius_m)
        OR s.modes_accueil @> ARRAY['a-distance'])
   AND s.thematiques && CAST(:thematiques AS text[])
   AND (CAST(:q AS text) IS NULL
        OR s.search_vector @@ websearch_to_tsquery('public.fr', CAST(:q AS text)))
"""
BASELINE_PAGE = text(
    """
SELECT s.uid, s.id, s.source, s.nom, s.description, s.type, s.thematiques, s.publics,
       s.frais, s.modes_accueil, s.modes_mobilisation, s.mobilisable_par,
       s.lien_mobilisation, s.adresse, s.complement_adresse, s.code_postal, s.commune,
       s.telephone, s.courriel, s.horaires_accueil, s.date_maj, s.longitude, s.latitude,
       t.uid AS structure_uid, t.nom AS structure_nom, t.telephone AS structure_telephone,
       CASE WHEN s.modes_accueil @> ARRAY['en-presentiel']
            THEN CAST(ST_Distance(s.location,
                      ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) / 1000 AS integer)
       END AS distance
"""
    + _BASELINE_FROM
    + " ORDER BY distance NULLS LAST, s.uid LIMIT :limit OFFSET :offset"
)
BASELINE_COUNT = text("SELECT count(*) FROM (SELECT s.uid" + _BASELINE_FROM + ") AS page")


def baseline_sql(conn: Connection, values: dict[str, Any]) -> int:
    """data·inclusion's way: the page, then the count of the same query."""
    conn.execute(BASELINE_PAGE, values).all()
    total: int = conn.execute(BASELINE_COUNT, values).scalar_one()
    return total


@dataclass
class Outcome:
    seconds: float
    total: int | None = None
    engine: str | None = None
    error: str | None = None


Target = Callable[[Prepared], Outcome]


def api_target(client: httpx.Client) -> Target:
    def call(item: Prepared) -> Outcome:
        started = time.perf_counter()
        response = client.get("/api/v1/search", params=item.query.query_string())
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            return Outcome(seconds, error=f"{response.status_code} {response.text[:200]}")
        body = response.json()
        return Outcome(seconds, total=body["total"], engine=body["moteur"])

    return call


def _meili_total(answers: list[dict[str, Any]]) -> int:
    return sum(int(a.get("totalHits", 0)) for a in answers if a.get("hitsPerPage") == 0)


def raw_meili_target(client: meilisearch.Client) -> Target:
    def call(item: Prepared) -> Outcome:
        answers = []
        started = time.perf_counter()
        for request in item.meili_requests:
            answers += client.multi_search(request)["results"]
        return Outcome(time.perf_counter() - started, total=_meili_total(answers))

    return call


def baseline_target(conn: Connection) -> Target:
    def call(item: Prepared) -> Outcome:
        started = time.perf_counter()
        total = baseline_sql(conn, item.baseline)
        return Outcome(time.perf_counter() - started, total=total)

    return call
