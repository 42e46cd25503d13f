"""The synthetic dataset of the benchmarks (``bench.generate``), generated once per
(size, seed) under ``var/bench/`` and reused while the generator's sources are
unchanged."""

from __future__ import annotations

from pathlib import Path

from bench.common import Scale, log
from bench.databases import ensure_template, files_fingerprint
from bench.stack_settings import settings_for
from catalogue.settings import PROJECT_ROOT, Settings

DATA_DIR = PROJECT_ROOT / "var" / "bench"
SOURCE = "synthetique"
GENERATOR_SOURCES = ("generate", "records", "kinds*", "textes", "offres_*")


def dataset_fingerprint(scale: Scale) -> str:
    bench = PROJECT_ROOT / "bench"
    files = [p for pattern in GENERATOR_SOURCES for p in bench.glob(f"{pattern}.py")]
    return files_fingerprint(files, str(scale.services), str(scale.seed), SOURCE)


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
