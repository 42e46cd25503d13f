"""Differential test: on a generated dataset of more than 10,000 services, Meilisearch and
PostGIS return the same services, at the same distances, with the same totals and facet
counts, for filter-only queries; and both order them nearest first.

Order is compared up to near-ties: Meilisearch's geo sort does not always separate two
services less than a couple of metres apart, which nobody can see on a map anyway."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from data_inclusion.schema.v1 import Categorie, Frais, Public, TypeService
from sqlalchemy.engine import Engine

from api.search.engines import backend_for
from api.search.params import SearchParams
from api.search.query import SearchResult
from api.search.service import build_query
from bench.generate import generate, load_communes
from catalogue.db import make_engine
from catalogue.settings import Settings
from catalogue.stack import Stack
from catalogue.vocabulary import freins
from importers.pipeline import run_import
from importers.registry import get_importer
from tests.conftest import clone_database, index_now

SERVICES = 12_000
DEPARTEMENTS = ("13", "30", "84")  # dense enough for large, overlapping result sets
QUERIES = 40
LIMIT = 300  # hits compared per query
TIE_KM = 0.003


@pytest.fixture(scope="module")
def generated(
    stack: Stack, template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Settings, Engine, list[str]]]:
    settings = clone_database(stack, template, "maillage_differential")
    engine = make_engine(settings)
    communes = load_communes(engine, DEPARTEMENTS)
    folder: Path = tmp_path_factory.mktemp("differential")
    generate(communes, folder, services=SERVICES, seed=11, source="differentiel")
    report = run_import(engine, get_importer("data-inclusion"), folder)
    assert report.services.crees == SERVICES and not report.rejections
    index_now(settings)
    codes = [c.code for c in communes if c.population > 2000]
    yield settings, engine, codes
    engine.dispose()


def random_queries(codes: list[str]) -> list[SearchParams]:
    draw = random.Random(2026)
    slugs = list(freins())
    queries = []
    for _ in range(QUERIES):
        filters: dict[str, tuple[str, ...]] = {}
        if draw.random() < 0.7:
            filters["freins"] = tuple(draw.sample(slugs, draw.randint(1, 3)))
        if draw.random() < 0.2:
            filters["thematiques"] = (draw.choice(list(Categorie)).value,)
        if draw.random() < 0.2:
            filters["publics"] = (draw.choice(list(Public)).value,)
        if draw.random() < 0.15:
            filters["frais"] = (draw.choice(list(Frais)).value,)
        if draw.random() < 0.15:
            filters["types"] = (draw.choice(list(TypeService)).value,)
        if draw.random() < 0.15:
            filters["modes_accueil"] = (draw.choice(["en-presentiel", "a-distance"]),)
        queries.append(
            SearchParams(
                code_commune=draw.choice(codes),
                rayon_km=draw.choice([2, 5, 10, 20, 30, 50]),
                taille=100,
                **filters,  # type: ignore[arg-type]
            )
        )
    return queries


def every_page(search, params: SearchParams) -> tuple[SearchResult, list[tuple[str, float | None]]]:  # type: ignore[no-untyped-def]
    first = search(params)
    hits = [(h.uid, h.distance_km) for h in first.hits]
    page = 1
    while len(hits) < min(first.total, LIMIT):
        page += 1
        more = search(SearchParams(**{**params.__dict__, "page": page}))
        hits += [(h.uid, h.distance_km) for h in more.hits]
    return first, hits


Hits = list[tuple[str, float | None]]


def nearest_first(hits: Hits) -> bool:
    distances = [d for _, d in hits]
    in_person = [d for d in distances if d is not None]
    return distances == in_person + [None] * (len(distances) - len(in_person)) and all(
        b >= a - TIE_KM for a, b in itertools.pairwise(in_person)
    )


def assert_same_hits(a: Hits, b: Hits, *, complete: bool) -> None:
    assert nearest_first(a) and nearest_first(b)
    if not complete:  # a page boundary may fall between two tied services: leave them out
        last = min(a[-1][1] or 0.0, b[-1][1] or 0.0)
        a = [h for h in a if h[1] is not None and h[1] < last - TIE_KM]
        b = [h for h in b if h[1] is not None and h[1] < last - TIE_KM]
    # The same services, at the same distance to the metre (both round to whole metres).
    distances_a, distances_b = dict(a), dict(b)
    assert distances_a.keys() == distances_b.keys()
    for uid, distance in distances_a.items():
        other = distances_b[uid]
        assert (distance is None) == (other is None), uid
        assert distance is None or other is None or abs(distance - other) < 0.0015, uid
    # Same order wherever distances are not (nearly) tied.
    assert [h[0] for h in a if h[1] is None] == [h[0] for h in b if h[1] is None]


def test_both_backends_return_the_same_services_for_filter_only_queries(
    generated: tuple[Settings, Engine, list[str]],
) -> None:
    settings, engine, codes = generated
    backends = {name: backend_for(settings, engine, name) for name in ("postgis", "meilisearch")}
    compared = 0
    for params in random_queries(codes):
        query = build_query(engine, params, settings.search)
        answers = {}
        for name, backend in backends.items():
            answers[name] = every_page(
                lambda p, b=backend: b.search(build_query(engine, p, settings.search)), params
            )
        (pg, pg_hits), (meili, meili_hits) = answers["postgis"], answers["meilisearch"]
        assert pg.total == meili.total, params
        assert pg.facets == meili.facets, params
        assert_same_hits(pg_hits, meili_hits, complete=pg.total <= LIMIT)
        compared += len(pg_hits)
        del query
    # The comparison is not vacuous: plenty of services were actually compared.
    assert compared > 3_000
