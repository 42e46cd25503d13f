"""Search benchmark: 1,000 realistic referent searches, against the API and its floors.

    python -m bench.search [--services 150000] [--seed 1] [--quick] [--queries 1000]
                           [--profile]

The queries (seeded): a commune drawn by population (``communes``), a radius of 10 to
50 km, one to three freins; a third also type text, drawn from referents' words
(« garage solidaire », « crèche », « CV », « FLE »…), with the frein that goes with it
among theirs, and a tenth of those carry a typo; one in ten asks for page 2.

Targets, each query run against all of them in turn (the order rotating from one query
to the next, so that the machine's load falls on every target alike):

- ``api_meilisearch``: ``GET /api/v1/search`` over HTTP, Meilisearch backend (uvicorn in
  its own process, ``create_app`` with search enabled, no background sync);
- ``api_postgis``: the same API with ``MAILLAGE_MEILI_ENABLED=false`` (PostGIS only);
- ``raw_meilisearch``: the very multi-search requests ``api/search/meili.py`` builds for
  that query (recorded from ``MeiliBackend`` itself, so filters and sorts are never
  retyped here), sent with the client's ``multi_search``;
- ``baseline_sql``: the query data·inclusion's API runs for a search
  (``search_services_query``: services joined to their structure, eligibility overlap,
  ``ST_DWithin`` on the location or offered remotely, thématiques overlap, distance,
  ``ORDER BY distance NULLS LAST``, ``LIMIT/OFFSET``, plus ``count(*)`` as its
  paginator does), on the same tables; text, which that API does not search, is a plain
  ``websearch_to_tsquery`` match. It runs as the server is configured (JIT on, as
  PostgreSQL's default);
- ``baseline_sql_jit_off`` (for information): the same with ``SET jit = off``, as the
  PostGIS backend runs its own queries — so that its ratio can be read both ways.

After a warm-up, p50/p95/p99 per target (and per kind of query), and the ratios
API-Meilisearch p95 / raw Meilisearch p95 (target ≤ 2) and API-PostGIS p95 / baseline
p95 (target ≤ 1). The catalogue is imported and indexed first when it is not already.
``--profile`` also profiles ``run_search`` in process for each backend
(``bench/results/search-profile-*.txt``).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

import httpx
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from api.search.params import SearchParams
from bench.common import (
    DATA_DIR,
    RESULTS_DIR,
    Scale,
    add_scale_arguments,
    analyze,
    database_of,
    ensure_catalogue,
    ensure_indexed,
    ensure_stack,
    env_for,
    exit_on_sigterm,
    load_now,
    log,
    machine,
    print_table,
    ratio,
    scale_of,
    settings_for,
    statement_key,
    summary_ms,
    verdict,
    write_result,
)
from catalogue.settings import Settings
from catalogue.vocabulary import freins

TARGET_MEILI_RATIO = 2.0  # API-Meilisearch p95 / raw Meilisearch p95
TARGET_POSTGIS_RATIO = 1.0  # API-PostGIS p95 / baseline SQL p95
PAGE_SIZE = 20
POSTGIS_GROUP = ("api_postgis", "baseline_sql", "baseline_sql_jit_off")
DEFAULT_POSTGIS_EVERY = 3

# What referents type, and the frein they would tick with it (None: any).
REFERENT_WORDS: dict[str, str | None] = {
    "garage solidaire": "mobilite",
    "permis": "mobilite",
    "vélo": "mobilite",
    "crèche": "garde-enfants",
    "halte-garderie": "garde-enfants",
    "CV": None,
    "aide alimentaire": "equipement-alimentation",
    "épicerie solidaire": "equipement-alimentation",
    "hébergement d'urgence": "logement",
    "ateliers numériques": "numerique",
    "ordinateur": "numerique",
    "FLE": "francais",
    "cours de français": "francais",
    "mutuelle": "sante",
    "santé mentale": "sante",
    "microcrédit": "argent",
    "surendettement": "argent",
    "domiciliation": "demarches",
    "accès aux droits": "demarches",
    "soutien à la parentalité": "famille",
}


_COMMUNES_SQL = """
SELECT c.code, c.population FROM communes c
 WHERE c.type IN ('COM', 'ARM') AND c.population > 0
   AND NOT EXISTS (SELECT 1 FROM communes a WHERE a.parent_code = c.code)
 ORDER BY c.code
"""


# ---------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class BenchQuery:
    code_commune: str
    rayon_km: float
    freins: tuple[str, ...]
    q: str | None = None
    typo: bool = False
    page: int = 1

    @property
    def kind(self) -> str:
        return "typo" if self.typo else "text" if self.q else "filters"

    def params(self) -> SearchParams:
        return SearchParams(
            code_commune=self.code_commune,
            rayon_km=self.rayon_km,
            freins=self.freins,
            q=self.q,
            page=self.page,
            taille=PAGE_SIZE,
        )

    def query_string(self) -> dict[str, str]:
        params = {
            "code_commune": self.code_commune,
            "rayon_km": f"{self.rayon_km:g}",
            "freins": ",".join(self.freins),
            "page": str(self.page),
            "taille": str(PAGE_SIZE),
        }
        return params | ({"q": self.q} if self.q else {})


def with_typo(phrase: str, rng: random.Random) -> str:
    """One letter replaced in the phrase's longest word (5 letters or more, never its
    first letter, which Meilisearch counts as two typos): what both backends tolerate."""
    words = phrase.split(" ")
    position = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[position]
    spots = [i for i in range(1, len(word)) if word[i].isascii() and word[i].isalpha()]
    spot = rng.choice(spots)
    letter = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[spot].lower()])
    words[position] = word[:spot] + letter + word[spot + 1 :]
    return " ".join(words)


def make_queries(engine: Engine, count: int, seed: int) -> list[BenchQuery]:
    """``count`` searches as referents make them (seeded, so every run asks the same)."""
    with engine.connect() as conn:
        rows = conn.execute(text(_COMMUNES_SQL)).all()
    codes = [code for code, _ in rows]
    weights = [population for _, population in rows]
    rng = random.Random(seed)
    slugs = list(freins())
    typo_words = [w for w in REFERENT_WORDS if max(len(p) for p in w.split(" ")) >= 5]
    with_text = set(rng.sample(range(count), count // 3))
    with_typos = set(rng.sample(sorted(with_text), len(with_text) // 10))
    queries = []
    for number, code in enumerate(rng.choices(codes, weights=weights, k=count)):
        chosen = rng.sample(slugs, rng.randint(1, 3))
        q = None
        if number in with_text:
            q = rng.choice(typo_words if number in with_typos else list(REFERENT_WORDS))
            natural = REFERENT_WORDS[q]
            if natural is not None and natural not in chosen:
                chosen[0] = natural
            if number in with_typos:
                q = with_typo(q, rng)
        queries.append(
            BenchQuery(
                code_commune=code,
                rayon_km=float(rng.randint(10, 50)),
                freins=tuple(dict.fromkeys(chosen)),
                q=q,
                typo=number in with_typos,
                page=2 if rng.random() < 0.1 else 1,
            )
        )
    return queries


# ------------------------------------------------------------------------ the targets


@dataclass
class Prepared:
    """One query, ready for every target."""

    query: BenchQuery
    meili_requests: list[list[dict[str, Any]]]  # what MeiliBackend sent, call by call
    baseline: dict[str, Any]  # bound values of the baseline SQL


class _RecordingClient:
    """Stands in for ``meilisearch.Client`` in ``MeiliBackend``: records every
    multi-search it is asked for, and forwards it."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.calls: list[list[dict[str, Any]]] = []

    def multi_search(
        self, queries: Sequence[dict[str, Any]], federation: Any = None
    ) -> dict[str, Any]:
        self.calls.append(json.loads(json.dumps(list(queries))))
        answer: dict[str, Any] = self.client.multi_search(queries)
        return answer


def prepare(engine: Engine, settings: Settings, queries: Sequence[BenchQuery]) -> list[Prepared]:
    """Resolve each query as the API does, record the Meilisearch requests it makes,
    bind the baseline's values."""
    from api.index.client import make_client
    from api.search.meili import MeiliBackend
    from api.search.service import build_query

    recorder = _RecordingClient(make_client(settings, timeout=30))
    backend = MeiliBackend(cast(Any, recorder), settings.search.index)
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


def _api_target(client: httpx.Client) -> Target:
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


def _raw_meili_target(client: Any) -> Target:
    def call(item: Prepared) -> Outcome:
        answers = []
        started = time.perf_counter()
        for request in item.meili_requests:
            answers += client.multi_search(request)["results"]
        return Outcome(time.perf_counter() - started, total=_meili_total(answers))

    return call


def _baseline_target(conn: Connection) -> Target:
    def call(item: Prepared) -> Outcome:
        started = time.perf_counter()
        total = baseline_sql(conn, item.baseline)
        return Outcome(time.perf_counter() - started, total=total)

    return call


# ------------------------------------------------------------------------ API servers


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def api_servers(apps: dict[str, Settings]) -> Iterator[dict[str, str]]:
    """``create_app(settings)`` of each entry under uvicorn, each in its own process on a
    free loopback port (started together); yields their base URLs by name."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    processes: dict[str, subprocess.Popen[bytes]] = {}
    bases: dict[str, str] = {}
    try:
        for name, settings in apps.items():
            port = _free_port()
            command = [
                *(sys.executable, "-m", "uvicorn", "--factory", "maillage.app:create_app"),
                *("--host", "127.0.0.1", "--port", str(port)),
                *("--log-level", "warning", "--no-access-log"),
            ]
            env = {**os.environ, **env_for(settings)}
            with (DATA_DIR / f"api-{name}.log").open("wb") as log_file:
                processes[name] = subprocess.Popen(
                    command, env=env, stdout=log_file, stderr=subprocess.STDOUT
                )
            bases[name] = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        for name, base in bases.items():
            _wait_until_serving(name, base, processes[name], deadline)
        yield bases
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(
    name: str, base: str, process: subprocess.Popen[bytes], deadline: float
) -> None:
    log_path = DATA_DIR / f"api-{name}.log"
    while True:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the API ({name}) stopped:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/api/openapi.json", timeout=5).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the API ({name}) did not start in time (see {log_path})")
        time.sleep(0.1)


# ---------------------------------------------------------------------------- running


def _summaries(
    timings: dict[str, list[float]], kinds: dict[str, list[str]]
) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for target, seconds in timings.items():
        entry: dict[str, Any] = dict(summary_ms(seconds))
        by_kind: dict[str, list[float]] = defaultdict(list)
        for kind, value in zip(kinds[target], seconds, strict=True):
            by_kind[kind].append(value)
        entry["by_kind"] = {kind: summary_ms(values) for kind, values in sorted(by_kind.items())}
        result[target] = entry
    return result


def _paired(numerator: dict[int, Outcome], denominator: dict[int, Outcome]) -> float | None:
    """Median over the queries both targets ran of the ratio of their times."""
    ratios = [
        numerator[i].seconds / denominator[i].seconds
        for i in numerator
        if i in denominator and denominator[i].seconds > 0
    ]
    return round(statistics.median(ratios), 2) if ratios else None


def run_benchmark(
    settings: Settings,
    *,
    queries: int,
    warmup: int,
    seed: int,
    postgis_every: int = 1,
    profile: bool = False,
) -> dict[str, Any]:
    """Run the search benchmark on ``settings``' catalogue and index (both ready).

    The PostGIS targets (API and baselines) run on every ``postgis_every``-th query only
    (all on the same ones), when the whole set would take too long at national scale.
    """
    from api.index.client import make_client
    from catalogue.db import make_engine

    engine = make_engine(settings)
    try:
        analyze(engine)
        log(f"Preparing {queries} queries (+{warmup} warm-up), recording Meilisearch requests…")
        measured = make_queries(engine, queries, seed)
        warm = make_queries(engine, warmup, seed + 1_000_003)
        prepared = prepare(engine, settings, [*warm, *measured])
        if profile:
            profile_in_process(engine, settings, measured[: min(200, len(measured))])
        postgis_settings = settings_for(
            settings, database_of(settings), index=settings.search.index, search_enabled=False
        )
        meili_client = make_client(settings, timeout=30)
        with (
            api_servers({"meilisearch": settings, "postgis": postgis_settings}) as apis,
            httpx.Client(base_url=apis["meilisearch"], timeout=60) as meili_http,
            httpx.Client(base_url=apis["postgis"], timeout=60) as postgis_http,
            engine.connect() as conn,
            engine.connect() as conn_jit_off,
        ):
            # Our engine turns JIT off (catalogue.db); data·inclusion's server runs with
            # PostgreSQL's default.
            conn.exec_driver_sql("SET jit = on")
            conn_jit_off.exec_driver_sql("SET jit = off")
            targets: dict[str, Target] = {
                "api_meilisearch": _api_target(meili_http),
                "api_postgis": _api_target(postgis_http),
                "raw_meilisearch": _raw_meili_target(meili_client),
                "baseline_sql": _baseline_target(conn),
                "baseline_sql_jit_off": _baseline_target(conn_jit_off),
            }
            every = {name: postgis_every if name in POSTGIS_GROUP else 1 for name in targets}
            log(f"Warm-up ({warmup} queries)…")
            _measure(targets, prepared[:warmup], every)
            load_before = load_now()
            log(
                f"Measuring {queries} queries (PostGIS targets: 1 in {postgis_every}), "
                f"targets in rotating order…"
            )
            started = time.perf_counter()
            outcomes = _measure(targets, prepared[warmup:], every)
            elapsed = time.perf_counter() - started
            load_after = load_now()
    finally:
        engine.dispose()
    result = _results(measured, outcomes, elapsed, (load_before, load_after))
    result["postgis_every"] = postgis_every
    return result


def _measure(
    targets: dict[str, Target], items: Sequence[Prepared], every: dict[str, int]
) -> dict[str, dict[int, Outcome]]:
    """Each query against its targets, one after the other, the order rotating."""
    outcomes: dict[str, dict[int, Outcome]] = {name: {} for name in targets}
    for number, item in enumerate(items):
        names = [name for name in targets if number % every[name] == 0]
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            outcomes[name][number] = targets[name](item)
        if number and number % 100 == 0:
            log(f"  {number}/{len(items)}")
    return outcomes


def _results(
    queries: list[BenchQuery],
    outcomes: dict[str, dict[int, Outcome]],
    elapsed: float,
    load: tuple[float, float],
) -> dict[str, Any]:
    timings = {name: [o.seconds for o in found.values()] for name, found in outcomes.items()}
    kinds = {name: [queries[i].kind for i in found] for name, found in outcomes.items()}
    summaries = _summaries(timings, kinds)
    p95 = {name: summary["p95_ms"] for name, summary in summaries.items()}
    meili_ratio = ratio(p95["api_meilisearch"], p95["raw_meilisearch"])
    postgis_ratio = ratio(p95["api_postgis"], p95["baseline_sql"])
    errors = {
        name: [o.error for o in found.values() if o.error][:5]
        for name, found in outcomes.items()
        if any(o.error for o in found.values())
    }
    meili, postgis = outcomes["api_meilisearch"], outcomes["api_postgis"]
    engines = Counter(o.engine for o in meili.values())
    disagreements = [
        {"kind": queries[i].kind, "query": urlencode(queries[i].query_string()),
         "meilisearch": meili[i].total, "postgis": postgis[i].total}
        for i in postgis
        if i in meili and meili[i].total != postgis[i].total and meili[i].engine == "meilisearch"
    ]  # fmt: skip
    totals = sorted(o.total or 0 for o in meili.values())
    return {
        "queries": {
            "count": len(queries),
            "by_kind": dict(Counter(q.kind for q in queries)),
            "page_2": sum(q.page == 2 for q in queries),
            "results_median": statistics.median(totals) if totals else None,
            "results_p95": totals[int(0.95 * (len(totals) - 1))] if totals else None,
            "with_no_result": sum(t == 0 for t in totals),
        },
        "measure_seconds": round(elapsed, 1),
        "load_average_1min": {"before": load[0], "after": load[1]},
        "targets": summaries,
        "ratios": {
            "api_meilisearch_p95_over_raw_meilisearch_p95": meili_ratio,
            "api_postgis_p95_over_baseline_sql_p95": postgis_ratio,
            "paired_median_api_meilisearch_over_raw_meilisearch": _paired(
                meili, outcomes["raw_meilisearch"]
            ),
            "paired_median_api_postgis_over_baseline_sql": _paired(
                postgis, outcomes["baseline_sql"]
            ),
            "api_postgis_p95_over_baseline_sql_jit_off_p95": ratio(
                p95["api_postgis"], p95["baseline_sql_jit_off"]
            ),
            "paired_median_api_postgis_over_baseline_sql_jit_off": _paired(
                postgis, outcomes["baseline_sql_jit_off"]
            ),
        },
        "targets_verdict": {
            "api_meilisearch_over_raw_meilisearch_p95": {
                "target": TARGET_MEILI_RATIO,
                "measured": meili_ratio,
                "verdict": verdict(meili_ratio, TARGET_MEILI_RATIO, higher_is_better=False),
            },
            "api_postgis_over_baseline_sql_p95": {
                "target": TARGET_POSTGIS_RATIO,
                "measured": postgis_ratio,
                "verdict": verdict(postgis_ratio, TARGET_POSTGIS_RATIO, higher_is_better=False),
            },
        },
        "api_meilisearch_answered_by": dict(engines),
        "backend_total_disagreements": {
            "compared": sum(1 for i in postgis if i in meili),
            "count": len(disagreements),
            "by_kind": dict(Counter(d["kind"] for d in disagreements)),
            "examples": disagreements[:8],
        },
        "errors": errors,
    }


# -------------------------------------------------------------------------- profiling


def profile_in_process(engine: Engine, settings: Settings, queries: list[BenchQuery]) -> None:
    """``run_search`` under cProfile for each backend, with the time of every SQL
    statement: ``bench/results/search-profile-<backend>.txt``."""
    from sqlalchemy import event

    from api.search.engines import backend_for
    from api.search.service import run_search

    statements: dict[str, list[float]] = defaultdict(list)

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        started = conn.info["bench_started"].pop()
        statements[statement_key(statement)].append(time.perf_counter() - started)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        for choice in ("meilisearch", "postgis"):
            backend = backend_for(settings, engine, choice)
            statements.clear()
            per_kind: dict[str, list[float]] = defaultdict(list)
            profiler = cProfile.Profile()
            for query in queries:
                started = time.perf_counter()
                profiler.enable()
                run_search(engine, backend, query.params(), settings.search)
                profiler.disable()
                per_kind[query.kind].append(time.perf_counter() - started)
            out = io.StringIO()
            out.write(f"run_search × {len(queries)} with the {choice} backend (under cProfile)\n")
            for kind, values in sorted(per_kind.items()):
                out.write(f"  {kind}: {summary_ms(values)}\n")
            out.write("\nSQL statements by total time (s, count, statement):\n")
            for statement, times in sorted(statements.items(), key=lambda kv: -sum(kv[1]))[:20]:
                out.write(f"  {sum(times):8.2f} {len(times):6d}  {statement}\n")
            for order in ("cumulative", "tottime"):
                out.write(f"\nPython, top 40 by {order}:\n")
                pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(40)
            path = RESULTS_DIR / f"search-profile-{choice}.txt"
            RESULTS_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(out.getvalue(), encoding="utf-8")
            log(f"Profile of run_search ({choice}) → {path}")
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


# ----------------------------------------------------------------------------- driver


def run(
    base: Settings,
    scale: Scale,
    *,
    queries: int,
    postgis_every: int = DEFAULT_POSTGIS_EVERY,
    profile: bool = False,
) -> dict[str, Any]:
    ensure_stack(base)
    settings = ensure_catalogue(base, scale)
    indexed = ensure_indexed(settings)
    at_start = machine()
    warmup = max(10, queries // 10)
    result = run_benchmark(
        settings,
        queries=queries,
        warmup=warmup,
        seed=scale.seed,
        postgis_every=postgis_every,
        profile=profile,
    )
    return {
        "machine": at_start,
        "database": scale.catalogue,
        "index": settings.search.index,
        "documents": indexed["documents"],
        "warmup_queries": warmup,
        **result,
    }


def report(result: dict[str, Any]) -> None:
    rows: list[tuple[object, ...]] = [("target", "n", "p50 ms", "p95 ms", "p99 ms", "mean ms")]
    for name, summary in result["targets"].items():
        rows.append(
            (
                name,
                summary["n"],
                summary["p50_ms"],
                summary["p95_ms"],
                summary["p99_ms"],
                summary["mean_ms"],
            )
        )
    queries = result["queries"]
    print_table(
        f"Search: {queries['count']} queries ({queries['by_kind']}) on "
        f"{result.get('documents', '?'):,} services; PostGIS targets on 1 query in "
        f"{result['postgis_every']}",
        rows,
    )
    kinds = sorted({k for summary in result["targets"].values() for k in summary["by_kind"]})
    print_table(
        "p95 ms by kind of query",
        [("target", *kinds)]
        + [
            (name, *(summary["by_kind"].get(k, {}).get("p95_ms") for k in kinds))
            for name, summary in result["targets"].items()
        ],
    )
    print_table(
        "Search targets",
        [("ratio", "wanted", "measured", "verdict")]
        + [
            (name, f"≤ {t['target']:g}", t["measured"], t["verdict"])
            for name, t in result["targets_verdict"].items()
        ],
    )
    print(
        f"  answered by: {result['api_meilisearch_answered_by']}; backends disagreeing on the "
        f"total: {result['backend_total_disagreements']['count']}; errors: "
        f"{ {k: len(v) for k, v in result['errors'].items()} }"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__)
    add_scale_arguments(parser)
    parser.add_argument("--queries", type=int, default=None, help="queries (default 1000)")
    parser.add_argument(
        "--postgis-every",
        type=int,
        default=None,
        help=f"run the PostGIS targets on one query in N (default {DEFAULT_POSTGIS_EVERY}; "
        "1 with --quick)",
    )
    parser.add_argument("--profile", action="store_true", help="also profile run_search")
    args = parser.parse_args(argv)
    exit_on_sigterm()
    scale = scale_of(args, parser)
    queries = args.queries or (200 if scale.quick else 1000)
    every = args.postgis_every or (1 if scale.quick else DEFAULT_POSTGIS_EVERY)
    result = run(Settings(), scale, queries=queries, postgis_every=every, profile=args.profile)
    path = write_result("search", result)
    report(result)
    print(f"\n→ {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
