"""What every benchmark command shares: its scale options, its log, SIGTERM, the browser.

The rest of the shared machinery is split by what it does:

- ``bench.stack_settings``: settings and environments of the benchmark databases;
- ``bench.databases``: the template, fresh copies of it, their upkeep;
- ``bench.dataset``: the synthetic dataset, generated once per (size, seed);
- ``bench.shared_catalogue``: the national catalogue, imported and indexed once;
- ``bench.measures``: percentiles, memory, CPU, the machine and its load;
- ``bench.results``: the JSON results and the printed tables;
- ``bench.profiling``: the time of SQL statements and Python profiles.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import dataclass

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

DEFAULT_SERVICES = 150_000
QUICK_SERVICES = 10_000
DEFAULT_SEED = 1


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def exit_on_sigterm() -> None:
    """Turn SIGTERM into ``SystemExit``, so that cleanups run (API servers stopped)."""
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


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
    services: int = args.services or (QUICK_SERVICES if args.quick else DEFAULT_SERVICES)
    if services < 1:
        parser.error("--services must be at least 1")
    return Scale(services=services, seed=args.seed, quick=args.quick)
