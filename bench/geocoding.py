"""Geocoding benchmark: an import whose addresses go to addok, against the same without.

    python -m bench.geocoding [--services 150000] [--seed 1] [--quick]

The national dataset of ``bench.generate``, with the coordinates taken off every other
record that has an address (structures, and services with a place of their own): at
least half the services then lack coordinates. A BAN file (the per-département CSV
format) is written from those records' own addresses and points, and loaded into a Redis
and an addok of the benchmark's own (``var/bench/geocodeur``, ports above the stack's),
so that the development geocoder is left alone. Both live under
``var/bench/geocodage-<N>-<seed>``, rebuilt when the dataset changes.

Each import runs in its own process (``bench.import_child``), into a fresh catalogue:

- without a geocoder (the baseline: the stripped records stay at their commune);
- with the geocoder: every address without a point asked, in ``/search/csv/`` batches;
- again with the geocoder, unchanged: the cache answers, nothing is asked.

Target: geocoding is not the import's bottleneck — the import with it takes at most
``TARGET_RATIO`` times the same import without, in the same run.
"""

from __future__ import annotations

import argparse
import csv
import re
import socket
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import orjson

from bench.common import Scale, add_scale_arguments, exit_on_sigterm, log, scale_of
from bench.databases import files_fingerprint, fresh_database
from bench.dataset import DATA_DIR, dataset, dataset_fingerprint
from bench.import_child import measure_import
from bench.measures import machine, ratio
from bench.results import print_table, publish, target_verdict
from bench.stack_settings import ensure_stack
from catalogue.geocoding.daemons import Addok, Redis
from catalogue.geocoding.load import load_files
from catalogue.settings import GeocoderSettings, Settings, StackSettings
from importers.json_arrays import iter_array

TARGET_RATIO = 1.5
BAN_COLUMNS = ("id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune")
_ADDRESS = re.compile(r"^(?P<numero>\d+)(?: (?P<rep>bis|ter|quater))? (?P<voie>.+)$")
# The benchmark's own Redis and addok: this far above the development stack's ports.
PORT_SHIFT = 100


def _write_records(path: Path, records: Iterator[dict[str, Any]]) -> None:
    with path.open("wb") as out:
        out.write(b"[\n")
        for number, record in enumerate(records):
            out.write((b",\n" if number else b"") + orjson.dumps(record))
        out.write(b"\n]\n")


class _Variant:
    """The stripped records and the BAN rows of their addresses, written as they pass."""

    def __init__(self) -> None:
        self.ban: dict[tuple[str, str, str, str], dict[str, Any]] = {}
        self.counts = {"services": 0, "services_sans_coordonnees": 0, "structures": 0}
        self.counts["structures_sans_coordonnees"] = 0

    def strip(self, kind: str, records: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        with_address = 0
        for record in records:
            parts = _ADDRESS.match(record.get("adresse") or "")
            if parts and record.get("code_insee") and record.get("longitude") is not None:
                self._add_to_ban(record, parts)
                with_address += 1
                if with_address % 2:
                    record = {**record, "longitude": None, "latitude": None}
            self.counts[kind] += 1
            self.counts[f"{kind}_sans_coordonnees"] += record.get("longitude") is None
            yield record

    def _add_to_ban(self, record: dict[str, Any], parts: re.Match[str]) -> None:
        key = (record["code_insee"], parts["numero"], parts["rep"] or "", parts["voie"])
        self.ban.setdefault(
            key,
            {
                "numero": parts["numero"],
                "rep": parts["rep"] or "",
                "nom_voie": parts["voie"],
                "code_postal": record.get("code_postal") or "",
                "code_insee": record["code_insee"],
                "nom_commune": record.get("commune") or "",
                "lon": record["longitude"],
                "lat": record["latitude"],
            },
        )

    def write_ban(self, path: Path) -> None:
        """Sorted by commune, as the BAN publishes its files."""
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, [*BAN_COLUMNS, "lon", "lat"], delimiter=";")
            writer.writeheader()
            for number, key in enumerate(sorted(self.ban)):
                writer.writerow({"id": f"{key[0]}_b{number:07d}", **self.ban[key]})


def geocoding_dataset(base: Settings, scale: Scale) -> tuple[Path, dict[str, int]]:
    """``var/bench/geocodage-<N>-<seed>``: the stripped dump and its ``ban.csv``."""
    source = dataset(base, scale)
    out = DATA_DIR / f"geocodage-{scale.services}-{scale.seed}"
    marker = out / ".fingerprint"
    wanted = files_fingerprint([Path(__file__)], dataset_fingerprint(scale))
    if marker.is_file() and marker.read_text().splitlines()[0] == wanted:
        return out, orjson.loads(marker.read_text().splitlines()[1])
    log(f"Taking coordinates off every other address of {source} into {out}…")
    out.mkdir(parents=True, exist_ok=True)
    marker.unlink(missing_ok=True)
    variant = _Variant()
    for kind in ("structures", "services"):
        _write_records(
            out / f"{kind}.json", variant.strip(kind, iter_array(source / f"{kind}.json"))
        )
    variant.write_ban(out / "ban.csv")
    counts = {**variant.counts, "adresses_ban": len(variant.ban)}
    marker.write_text(wanted + "\n" + orjson.dumps(counts).decode() + "\n")
    return out, counts


def _geocoder_stack(base: Settings) -> tuple[Redis, Addok]:
    settings = StackSettings(
        var_dir=DATA_DIR / "geocodeur",
        redis_port=base.stack.redis_port + PORT_SHIFT,
        addok_port=base.stack.addok_port + PORT_SHIFT,
    )
    return Redis(settings, durable=False), Addok(settings)


def _flush(redis: Redis) -> None:
    with socket.create_connection(("127.0.0.1", redis.settings.redis_port), 5) as conn:
        conn.sendall(b"FLUSHALL\r\n")
        if not conn.recv(16).startswith(b"+OK"):
            raise RuntimeError("Redis refused FLUSHALL")


def run(base: Settings, scale: Scale) -> dict[str, Any]:
    ensure_stack(base)
    data, counts = geocoding_dataset(base, scale)
    redis, addok = _geocoder_stack(base)
    redis.start()
    _flush(redis)
    addok.start()
    log(f"Loading {counts['adresses_ban']:,} addresses into the benchmark's addok…")
    started = time.perf_counter()
    loaded = load_files(addok, [data / "ban.csv"])
    load_seconds = time.perf_counter() - started
    at_start = machine()
    imports: dict[str, dict[str, Any]] = {}
    plain = fresh_database(base, scale.catalogue + "_geo", index=scale.index + "_geo")
    log("Import without a geocoder (baseline)…")
    imports["without"] = measure_import(plain, data)
    geocoding = plain.model_copy(update={"geocoder": GeocoderSettings(url=addok.url)})
    fresh_database(base, scale.catalogue + "_geo", index=scale.index + "_geo")
    log("Import with the geocoder…")
    imports["with"] = measure_import(geocoding, data)
    log("Unchanged re-import with the geocoder…")
    imports["again"] = measure_import(geocoding, data)
    for name, measured in imports.items():
        log(f"  {name}: {measured['seconds']:.1f} s, {measured['localisation']}")
    asked = imports["with"]["localisation"].get("adresses_interrogees", 0)
    over = ratio(imports["with"]["seconds"], imports["without"]["seconds"])
    extra = imports["with"]["seconds"] - imports["without"]["seconds"]
    addok.stop()
    redis.stop()
    return {
        "machine": at_start,
        "dataset": {"path": str(data), **counts},
        "ban_load": {"seconds": round(load_seconds, 1), **loaded.as_dict()},
        "imports": imports,
        "addresses_asked": asked,
        "addresses_per_s_of_extra_time": round(asked / extra) if extra > 0 else None,
        "ratios": {"import_with_geocoder_over_without": over},
        "targets": {
            "import_with_geocoder_over_without": target_verdict(
                over, TARGET_RATIO, higher_is_better=False
            )
        },
    }


def report(result: dict[str, Any]) -> None:
    imports = result["imports"]
    rows: list[tuple[object, ...]] = [("import", "seconds", "services/s", "localisation")]
    labels = {"without": "without geocoder", "with": "with geocoder", "again": "unchanged, again"}
    for name, label in labels.items():
        measured = imports[name]
        located = ", ".join(f"{k} {v:,}" for k, v in measured["localisation"].items())
        rows.append((label, measured["seconds"], measured["services_per_s"], located))
    data = result["dataset"]
    print_table(
        f"Geocoding: {data['services']:,} services ({data['services_sans_coordonnees']:,} "
        f"without coordinates), {data['structures']:,} structures; BAN file of "
        f"{data['adresses_ban']:,} addresses loaded in {result['ban_load']['seconds']} s",
        rows,
    )
    target = result["targets"]["import_with_geocoder_over_without"]
    print_table(
        "Geocoding target",
        [
            ("target", "wanted", "measured", "verdict"),
            (
                "import with / without geocoder",
                f"≤ {TARGET_RATIO}",
                target["measured"],
                target["verdict"],
            ),
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.geocoding", description=__doc__)
    add_scale_arguments(parser)
    args = parser.parse_args(argv)
    exit_on_sigterm()
    publish("geocoding", run(Settings(), scale_of(args, parser)), report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
