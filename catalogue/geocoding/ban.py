"""BAN address files as addok documents.

The BAN publishes each département twice: ``adresses-XX.csv`` (one address a row,
semicolon-separated) and the ndjson made for addok (one street a line, its housenumbers
inside). The CSV rows are grouped here the way that ndjson groups them: a document per
street (``type`` street, its housenumbers keyed by number and repetition, e.g. "12 bis")
and one per commune (``type`` municipality), with the fields addok-france reads (name,
postcode, citycode, city, context, importance, lon, lat).

Every document carries the BAN's own id as addok's ``_id`` and the action ``update``:
loading a file again replaces its documents instead of adding them twice.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

# Paris, Lyon and Marseille: the BAN's city is the commune, the arrondissement its district.
_ARRONDISSEMENT = re.compile(r"^(.*) \d+(?:er|e) Arrondissement$")

# Lieux-dits without a number are numbered 99999 in the CSV: a place, not a housenumber.
NO_NUMBER = "99999"


@dataclass
class Loaded:
    """What a load read and handed to addok."""

    fichiers: int = 0
    communes: set[str] = field(default_factory=set)
    voies: int = 0
    adresses: int = 0
    ignorees: int = 0  # rows without coordinates, number or street name

    def as_dict(self) -> dict[str, int]:
        return {
            "fichiers": self.fichiers,
            "communes": len(self.communes),
            "voies": self.voies,
            "adresses": self.adresses,
            "lignes_ignorees": self.ignorees,
        }


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def documents(path: Path, loaded: Loaded) -> Iterator[dict[str, Any]]:
    """The addok documents of one BAN file (CSV or ndjson, gzipped or not)."""
    loaded.fichiers += 1
    with _open(path) as stream:
        first = stream.readline()
        stream.seek(0)
        if first.lstrip().startswith("{"):
            yield from _from_ndjson(stream, loaded)
        else:
            yield from _from_csv(csv.DictReader(stream, delimiter=";"), loaded)


def _from_ndjson(lines: Iterable[str], loaded: Loaded) -> Iterator[dict[str, Any]]:
    for line in lines:
        if not line.strip():
            continue
        doc = orjson.loads(line)
        doc.setdefault("_id", doc.get("id"))
        doc["_action"] = "update"
        if doc.get("citycode"):
            loaded.communes.add(doc["citycode"])
        if doc.get("type") != "municipality":
            loaded.voies += 1
        loaded.adresses += len(doc.get("housenumbers") or {})
        yield doc


def _number(value: str | None) -> float | None:
    try:
        number = float((value or "").replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _from_csv(rows: Iterable[dict[str, str]], loaded: Loaded) -> Iterator[dict[str, Any]]:
    # The BAN sorts its files by id, so by commune: one commune is held at a time.
    commune: _Commune | None = None
    for row in rows:
        code = (row.get("code_insee") or "").strip()
        lon, lat = _number(row.get("lon")), _number(row.get("lat"))
        numero = (row.get("numero") or "").strip()
        voie = (row.get("nom_voie") or "").strip()
        if not code or lon is None or lat is None or not numero or not voie:
            loaded.ignorees += 1
            continue
        if commune is None or commune.code != code:
            if commune is not None:
                yield from commune.documents()
            commune = _Commune(code, (row.get("nom_commune") or "").strip())
            loaded.communes.add(code)
        commune.add(row, voie, numero, lon, lat, loaded)
    if commune is not None:
        yield from commune.documents()


@dataclass
class _Street:
    id: str
    name: str
    postcodes: Counter[str] = field(default_factory=Counter)
    housenumbers: dict[str, dict[str, Any]] = field(default_factory=dict)
    points: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class _Commune:
    code: str
    name: str
    streets: dict[str, _Street] = field(default_factory=dict)

    def add(
        self, row: dict[str, str], voie: str, numero: str, lon: float, lat: float, loaded: Loaded
    ) -> None:
        ban_id = (row.get("id") or "").strip()
        # A BAN address id is commune_street_number[_repetition]: its street is the first two.
        street_id = "_".join(ban_id.split("_")[:2]) if ban_id.count("_") >= 2 else None
        street_id = street_id or f"{self.code}_{voie.lower()}"
        street = self.streets.get(street_id)
        if street is None:
            street = self.streets[street_id] = _Street(street_id, voie)
            loaded.voies += 1
        if row.get("code_postal"):
            street.postcodes[row["code_postal"].strip()] += 1
        street.points.append((lon, lat))
        if numero == NO_NUMBER:
            return
        rep = (row.get("rep") or "").strip()
        key = f"{numero} {rep}" if rep else numero
        if key not in street.housenumbers:
            loaded.adresses += 1
        street.housenumbers[key] = {"id": ban_id or f"{street_id}_{key}", "lon": lon, "lat": lat}

    def documents(self) -> Iterator[dict[str, Any]]:
        context = self.code[:3] if self.code.startswith("97") else self.code[:2]
        arrondissement = _ARRONDISSEMENT.match(self.name)
        city = {"city": arrondissement.group(1), "district": self.name} if arrondissement else {}
        every: list[tuple[float, float]] = []
        postcodes: Counter[str] = Counter()
        for street in self.streets.values():
            every += street.points
            postcodes += street.postcodes
            yield {
                "_id": street.id,
                "_action": "update",
                "id": street.id,
                "type": "street",
                "name": street.name,
                "postcode": _most_common(street.postcodes),
                "citycode": self.code,
                "city": self.name,
                "context": context,
                **city,
                # Busier streets first among equals, as the BAN ranks them.
                "importance": round(min(1.0, math.log10(1 + len(street.points)) / 3), 4),
                **_centre(street.points),
                "housenumbers": street.housenumbers,
            }
        yield {
            "_id": self.code,
            "_action": "update",
            "id": self.code,
            "type": "municipality",
            "name": self.name,
            "postcode": _most_common(postcodes),
            "citycode": self.code,
            "city": self.name,
            "context": context,
            **city,
            "importance": 1.0,
            **_centre(every),
        }


def _most_common(counts: Counter[str]) -> str:
    return counts.most_common(1)[0][0] if counts else ""


def _centre(points: list[tuple[float, float]]) -> dict[str, float]:
    # The point of a street or a commune: the median of its addresses (on them, unlike a
    # mean that a bent street would put in a field).
    lons = sorted(p[0] for p in points)
    lats = sorted(p[1] for p in points)
    return {"lon": lons[len(lons) // 2], "lat": lats[len(lats) // 2]}


def ndjson_lines(docs: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for doc in docs:
        yield orjson.dumps(doc) + b"\n"
