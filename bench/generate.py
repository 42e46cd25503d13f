"""A seeded, deterministic synthetic national dataset in the data·inclusion v1 format.

    python -m bench.generate --services 150000 --seed 1 --out var/bench/synthetique

Structures sit in real communes (arrondissements for Paris, Lyon and Marseille) drawn by
population, a few hundred metres around the commune's reference point (``bench.records``).
The same seed, size and geography give byte-identical files. Records are streamed to
disk, one per line, so memory stays flat at any size.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Engine

from bench.records import Commune, Generator

_COMMUNES_SQL = """
SELECT c.code, COALESCE(p.nom, c.nom), c.departement_code, c.epci_siren, c.population,
       c.codes_postaux, ST_X(c.point), ST_Y(c.point), c.parent_code
  FROM communes c LEFT JOIN communes p ON p.code = c.parent_code
 WHERE c.type IN ('COM', 'ARM') AND c.population > 0
   AND NOT EXISTS (SELECT 1 FROM communes a WHERE a.parent_code = c.code)
   AND (CAST(:all AS boolean) OR c.departement_code IN :departements)
 ORDER BY c.code
"""


def load_communes(engine: Engine, departements: Sequence[str] = ()) -> list[Commune]:
    """Inhabited communes and arrondissements (not their parent city), by code."""
    stmt = text(_COMMUNES_SQL).bindparams(bindparam("departements", expanding=True))
    params = {"all": not departements, "departements": list(departements) or [""]}
    with engine.connect() as conn:
        return [
            Commune(code, nom, dep, epci, pop, tuple(cps), lon, lat, parent)
            for code, nom, dep, epci, pop, cps, lon, lat, parent in conn.execute(stmt, params)
        ]


@dataclass(frozen=True)
class Summary:
    structures: int
    services: int
    octets: int
    secondes: float


class _JsonArray:
    """A JSON array written one record per line, to a temporary file renamed at the end."""

    _encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp = path.with_name(f".{path.name}.tmp")
        self._fh = self._tmp.open("w", encoding="utf-8", newline="\n", buffering=1 << 20)
        self._fh.write("[")
        self._first = True

    def add(self, record: dict[str, Any]) -> None:
        self._fh.write("\n" if self._first else ",\n")
        self._fh.write(self._encode(record))
        self._first = False

    def __enter__(self) -> _JsonArray:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self._fh.write("\n]\n")
        self._fh.close()
        if kind is None:
            os.replace(self._tmp, self.path)
        else:
            self._tmp.unlink(missing_ok=True)


def generate(
    communes: Sequence[Commune], out: Path, *, services: int, seed: int, source: str
) -> Summary:
    """Write ``out/structures.json`` and ``out/services.json`` with exactly ``services``."""
    if services < 1:
        raise ValueError("il faut au moins un service")
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    gen = Generator(communes, seed, source)
    structures = written = 0
    with (
        _JsonArray(out / "structures.json") as structure_file,
        _JsonArray(out / "services.json") as service_file,
    ):
        while written < services:
            structures += 1
            structure, kind, commune = gen.structure(structures)
            structure_file.add(structure)
            count = min(gen.service_count(), services - written)
            for offre in gen.offres(kind, count):
                written += 1
                service_file.add(gen.service(written, offre, kind, structure, commune))
    size = sum((out / name).stat().st_size for name in ("structures.json", "services.json"))
    return Summary(structures, written, size, time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.generate",
        description="Jeu de données synthétique au format data·inclusion v1 (déterministe).",
    )
    parser.add_argument("--services", type=int, default=150_000, help="nombre de services")
    parser.add_argument("--seed", type=int, default=1, help="graine du tirage")
    parser.add_argument("--out", type=Path, required=True, help="dossier de sortie")
    parser.add_argument("--source", default="synthetique", help="identifiant de la source")
    parser.add_argument(
        "--departements", default="", help="codes de départements séparés par des virgules"
    )
    args = parser.parse_args(argv)
    if args.services < 1:
        parser.error("--services doit être au moins 1")

    from catalogue.db import make_engine
    from catalogue.settings import Settings

    departements = [d.strip().upper() for d in args.departements.split(",") if d.strip()]
    engine = make_engine(Settings())
    try:
        communes = load_communes(engine, departements)
    finally:
        engine.dispose()
    if not communes:
        parser.error("aucune commune : géographie absente ou départements inconnus")
    summary = generate(
        communes, args.out, services=args.services, seed=args.seed, source=args.source
    )
    print(
        f"{summary.services} services, {summary.structures} structures → {args.out} "
        f"({summary.octets / 1e6:.1f} Mo, {summary.secondes:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
