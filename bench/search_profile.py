"""``--profile`` of the search benchmark: ``run_search`` in process, for each backend."""

from __future__ import annotations

import cProfile
import io
import time
from collections import defaultdict

from sqlalchemy.engine import Engine

from bench.common import log
from bench.measures import summary_ms
from bench.profiling import statement_times, write_python, write_statements
from bench.results import RESULTS_DIR
from bench.search_queries import BenchQuery
from catalogue.settings import Settings


def profile_in_process(engine: Engine, settings: Settings, queries: list[BenchQuery]) -> None:
    """``run_search`` under cProfile for each backend, with the time of every SQL
    statement: ``bench/results/search-profile-<backend>.txt``."""
    from api.search.engines import backend_for
    from api.search.service import run_search

    for choice in ("meilisearch", "postgis"):
        backend = backend_for(settings, engine, choice)
        per_kind: dict[str, list[float]] = defaultdict(list)
        profiler = cProfile.Profile()
        with statement_times(engine) as statements:
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
        out.write("\n")
        write_statements(out, statements, top=20)
        write_python(out, profiler, top=40)
        path = RESULTS_DIR / f"search-profile-{choice}.txt"
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(out.getvalue(), encoding="utf-8")
        log(f"Profile of run_search ({choice}) → {path}")
