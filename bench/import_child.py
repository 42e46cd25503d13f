"""One measured import, in a child process (``python -m bench.import --child DIR``).

The child runs ``run_import`` with ``Settings()`` from its environment and prints one
JSON line: its duration, CPU time, peak resident memory and the import's counts. A
process of its own, so that its memory peak is its own.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import resource
import subprocess
import sys
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from bench.databases import settle
from bench.measures import cpu_seconds, max_rss_mb
from bench.profiling import Statements, statement_times, write_python, write_statements
from bench.stack_settings import env_for
from catalogue.settings import Settings


def child(data: Path, profile: Path | None) -> int:
    """Run one import with ``Settings()`` from the environment (its geocoder included);
    print one JSON line."""
    from catalogue.db import make_engine
    from importers.pipeline import run_import
    from importers.registry import get_importer

    settings = Settings()
    engine = make_engine(settings)
    importer = get_importer("data-inclusion")
    timing: AbstractContextManager[Statements | None] = (
        statement_times(engine) if profile else nullcontext(None)
    )
    with timing as statements:
        rss_start = max_rss_mb()
        cpu_start = cpu_seconds()
        profiler = cProfile.Profile() if profile else None
        started = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        report = run_import(engine, importer, data, geocoder=settings.geocoder)
        if profiler is not None:
            profiler.disable()
        seconds = time.perf_counter() - started
    engine.dispose()
    if profile is not None and profiler is not None and statements is not None:
        _write_profile(profile, profiler, statements, seconds)
    details = report.as_dict()
    print(
        json.dumps(
            {
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu_seconds() - cpu_start, 3),
                "rss_start_mb": rss_start,
                "rss_peak_mb": max_rss_mb(),
                # The worker processes, waited for once the import is over.
                "workers_rss_peak_mb": round(
                    resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
                ),
                "workers_cpu_seconds": round(
                    os.times().children_user + os.times().children_system, 3
                ),
                "structures": details["structures"],
                "services": details["services"],
                "rejections": len(details["rejets"]),
                "warnings": len(details["avertissements"]),
                "localisation": details.get("localisation", {}),
            }
        )
    )
    return 0


def _write_profile(
    path: Path, profiler: cProfile.Profile, statements: Statements, seconds: float
) -> None:
    out = io.StringIO()
    out.write(f"run_import: {seconds:.1f} s (under cProfile)\n\n")
    write_statements(out, statements, top=25)
    write_python(out, profiler, top=45)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8")


def measure_import(
    settings: Settings, data: Path, *, profile: Path | None = None
) -> dict[str, Any]:
    """One ``run_import`` of ``data`` into ``settings``' database, in a child process."""
    command = [sys.executable, "-m", "bench.import", "--child", str(data)]
    if profile is not None:
        command += ["--profile-to", str(profile)]
    env = {**os.environ, **env_for(settings)}
    settle(settings)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"import failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_seconds"] = round(wall, 3)
    structures, services = result["structures"]["lus"], result["services"]["lus"]
    result["records_per_s"] = round((structures + services) / result["seconds"])
    result["services_per_s"] = round(services / result["seconds"])
    result["cpu_share"] = round(result["cpu_seconds"] / result["seconds"], 2)
    return result
