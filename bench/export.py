"""Export benchmark: each format of the national catalogue, as a ratio to ``COPY … TO``
of the same rows in the same run, with its peak memory.

    python -m bench.export [--services N] [--seed S]

The baseline is PostgreSQL's own ``COPY (the export's SELECT) TO STDOUT`` of both
tables, written to a file by this process. Each format is written by a child process
(``maillage export`` in-process, so that its memory peak is its own), once for France
and once for one département: memory is flat when both peaks are alike.
Prints the figures, writes ``bench/results/export.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy.dialects import postgresql

from bench.common import Scale, add_scale_arguments, log, scale_of
from bench.measures import max_rss_mb, ratio
from bench.results import print_table, publish, target_verdict
from bench.shared_catalogue import ensure_catalogue
from bench.stack_settings import ensure_stack, env_for, libpq_url
from catalogue.settings import Settings

TARGET_RATIO = 3.0
# Peak memory of France's export over one département's: flat, give or take noise.
TARGET_MEMORY_GROWTH = 1.5
DEPARTEMENT = "13"


def copy_seconds(settings: Settings, out: Path) -> float:
    """``COPY … TO`` of the rows an export reads (both tables), into a file."""
    from api.exports.records import Scope, statement
    from catalogue.db import make_engine
    from catalogue.records.closures import today

    engine = make_engine(settings)
    try:
        with engine.connect() as conn:
            queries = [
                str(
                    statement(conn, table, Scope(), today()).compile(
                        dialect=postgresql.dialect(),  # type: ignore[no-untyped-call]
                        compile_kwargs={"literal_binds": True},
                    )
                )
                for table in ("structures", "services")
            ]
    finally:
        engine.dispose()
    started = time.perf_counter()
    with psycopg.connect(libpq_url(settings)) as conn, out.open("wb") as file:
        for query in queries:
            with conn.cursor().copy(f"COPY ({query}) TO STDOUT") as copy:
                for data in copy:
                    file.write(data)
    return time.perf_counter() - started


def child(fmt: str, territoire: str | None, out: Path) -> int:
    """One export with ``Settings()`` from the environment; prints one JSON line."""
    from api.exports.formats import export, format_named
    from api.exports.records import Scope
    from catalogue.db import make_engine

    settings = Settings()
    engine = make_engine(settings)
    started = time.perf_counter()
    written = export(engine, format_named(fmt), Scope(territoire), out, settings.exports.chunk_rows)
    seconds = time.perf_counter() - started
    engine.dispose()
    size = sum(p.stat().st_size for p in out.iterdir())
    print(
        json.dumps(
            {"seconds": round(seconds, 3), "rss_peak_mb": max_rss_mb(), "rows": written.rows,
             "bytes": size}
        )
    )  # fmt: skip
    return 0


def measure(settings: Settings, fmt: str, territoire: str | None, out: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.export", "--child", fmt, str(out)]
    if territoire:
        command += ["--territoire", territoire]
    env = {**os.environ, **env_for(settings)}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"export {fmt} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(base: Settings, scale: Scale) -> dict[str, Any]:
    from api.exports.formats import FORMATS

    ensure_stack(base)
    settings = ensure_catalogue(base, scale)
    result: dict[str, Any] = {"services": scale.services, "formats": {}}
    with tempfile.TemporaryDirectory(prefix="maillage-export-") as tmp:
        folder = Path(tmp)
        log("COPY … TO of the same rows…")
        baseline = copy_seconds(settings, folder / "copy.tsv")
        result["copy_seconds"] = round(baseline, 3)
        for name in FORMATS:
            log(f"Exporting {name}…")
            france = measure(settings, name, None, folder / name)
            one = measure(settings, name, DEPARTEMENT, folder / f"{name}-{DEPARTEMENT}")
            result["formats"][name] = {
                **france,
                "ratio_to_copy": ratio(france["seconds"], baseline),
                f"rss_peak_mb_{DEPARTEMENT}": one["rss_peak_mb"],
                "memory_growth": ratio(france["rss_peak_mb"], one["rss_peak_mb"]),
            }
    result["targets"] = {
        name: {
            "ratio": target_verdict(f["ratio_to_copy"], TARGET_RATIO, higher_is_better=False),
            "memory": target_verdict(
                f["memory_growth"], TARGET_MEMORY_GROWTH, higher_is_better=False
            ),
        }
        for name, f in result["formats"].items()
    }
    return result


def report(result: dict[str, Any]) -> None:
    rows: list[tuple[object, ...]] = [
        ("format", "seconds", "× COPY", "MB (France)", f"MB ({DEPARTEMENT})", "file MB")
    ]
    for name, f in result["formats"].items():
        rows.append(
            (name, f["seconds"], f["ratio_to_copy"], f["rss_peak_mb"],
             f[f"rss_peak_mb_{DEPARTEMENT}"], round(f["bytes"] / 1e6, 1))
        )  # fmt: skip
    print_table(
        f"Exports of {result['services']} services (COPY … TO: {result['copy_seconds']} s)", rows
    )
    for name, target in result["targets"].items():
        print(
            f"  {name}: ≤ {TARGET_RATIO} × COPY → {target['ratio']['verdict']}; "
            f"memory ≤ {TARGET_MEMORY_GROWTH} × one département's → {target['memory']['verdict']}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_scale_arguments(parser)
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "DOSSIER"), help=argparse.SUPPRESS)
    parser.add_argument("--territoire", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.exit(child(args.child[0], args.territoire, Path(args.child[1])))
    publish("export", run(Settings(), scale_of(args, parser)), report)


if __name__ == "__main__":
    main()
