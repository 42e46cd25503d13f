"""Records placed at their address: a batch's addresses geocoded together, before its
records are prepared, when a geocoder is configured (``MAILLAGE_GEOCODER_URL``).

A record is geocoded when it gives an address and no trustworthy point of its own (none,
or one the locator distrusted): it would otherwise sit on its town hall. Each address is
asked once, filtered to its commune, in ``/search/csv/`` requests of
``MAILLAGE_GEOCODER_REQUEST_ROWS`` addresses (one for most batches); answers
are kept in ``geocoding_cache`` by commune and normalised address, so a re-import asks
nothing it asked before. An answer is kept when it scores at least
``MAILLAGE_GEOCODER_MIN_SCORE`` (0.75 by default, as Dora and data·inclusion) and lies
in the commune or within ``MAILLAGE_GEOCODER_NEAR_COMMUNE_KM`` of it; the record is then
at precision ``adresse`` (its number found) or ``rue`` (only its street). Otherwise it
stays at ``commune``, and the report says why.
"""

from __future__ import annotations

import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Engine

from catalogue.geocoding.client import Answer, GeocodeurIndisponible, Query, geocode
from catalogue.geography.locator import Commune, Location, LocationError, Locator
from catalogue.geography.names import normalise_name
from catalogue.models import GEOCODING_CACHE
from catalogue.settings import GeocoderSettings
from importers.contract import SourceRecord
from importers.pipeline.identity import Listed
from importers.pipeline.report import warning

# What an address match adds to a record's place columns (None when not geocoded).
MATCH_COLUMNS = ("geocoding_score", "geocoding_ban_id", "geocoding_label")
_ANSWER_FIELDS = ("longitude", "latitude", "score", "type", "ban_id", "label", "citycode")


@dataclass(frozen=True)
class AddressLocation(Location):
    """A place the geocoder found: what it matched, and how well."""

    score: float = 0.0
    ban_id: str = ""
    label: str = ""


def match_columns(location: Location | None) -> dict[str, Any]:
    if isinstance(location, AddressLocation):
        return dict(
            zip(MATCH_COLUMNS, (location.score, location.ban_id, location.label), strict=True)
        )
    return dict.fromkeys(MATCH_COLUMNS)


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _number(value: Any) -> float | None:
    return float(value) if type(value) in (int, float) else None


def address_key(commune: Commune, adresse: str) -> str:
    return f"{commune.code}|{normalise_name(adresse)}"


_SPLIT_INTO_ARRONDISSEMENTS: weakref.WeakKeyDictionary[Locator, frozenset[str]] = (
    weakref.WeakKeyDictionary()
)


def _split(locator: Locator) -> frozenset[str]:
    """Paris, Lyon, Marseille: the BAN files their addresses under the arrondissements."""
    if locator not in _SPLIT_INTO_ARRONDISSEMENTS:
        _SPLIT_INTO_ARRONDISSEMENTS[locator] = frozenset(
            c.parent_code for c in locator.communes.values() if c.type == "ARM" and c.parent_code
        )
    return _SPLIT_INTO_ARRONDISSEMENTS[locator]


class BatchAddresses:
    """The addresses of one batch, geocoded; ``place`` then puts each record there."""

    def __init__(self, locator: Locator, settings: GeocoderSettings) -> None:
        self.locator = locator
        self.settings = settings
        self.answers: dict[str, Answer] = {}
        self.counts: Counter[str] = Counter()

    @property
    def enabled(self) -> bool:
        return bool(self.settings.url)

    def geocode(self, items: Iterable[Listed], engine: Engine) -> BatchAddresses:
        """Ask the cache, then the geocoder, for every address of ``items`` that needs it."""
        if not self.enabled:
            return self
        queries = {q.key: q for item in items if (q := self._query(item.record.data))}
        if not queries:
            return self
        with engine.connect() as conn:
            cached = conn.execute(
                select(GEOCODING_CACHE).where(GEOCODING_CACHE.c.key.in_(list(queries)))
            ).mappings()
            self.answers = {r["key"]: Answer(*(r[f] for f in _ANSWER_FIELDS)) for r in cached}
        self.counts["adresses_en_cache"] += len(self.answers)
        missing = [q for key, q in queries.items() if key not in self.answers]
        if not missing:
            return self
        self.counts["adresses_interrogees"] += len(missing)
        found: dict[str, Answer] = {}
        size = self.settings.request_rows
        for start in range(0, len(missing), size):
            try:
                chunk = missing[start : start + size]
                found.update(geocode(self.settings.url, chunk, timeout_s=self.settings.timeout_s))
            except GeocodeurIndisponible:
                # The rest stay at their commune (and are asked again next time).
                self.counts["geocodeur_indisponible"] += len(missing) - start
                break
        self.answers.update(found)
        if not found:
            return self
        statement = pg_insert(GEOCODING_CACHE).on_conflict_do_nothing(index_elements=["key"])
        with engine.begin() as conn:
            conn.execute(
                statement,
                [{"key": key, **answer.__dict__} for key, answer in found.items()],
            )
        return self

    def _query(self, data: dict[str, Any]) -> Query | None:
        adresse = _text(data.get("adresse"))
        if not adresse:
            return None
        code_postal = _text(data.get("code_postal"))
        try:
            location = self.locator.locate(
                code_insee=_text(data.get("code_insee")) or None,
                code_postal=code_postal or None,
                commune=_text(data.get("commune")) or None,
                longitude=_number(data.get("longitude")),
                latitude=_number(data.get("latitude")),
            )
        except LocationError:
            return None
        if location is None or location.precision != "commune":
            return None
        commune = location.commune
        split = commune.code in _split(self.locator)
        # The BAN names arrondissements' addresses after their city (« 75018 Paris »).
        city = (
            self.locator.communes.get(commune.parent_code or "") if commune.type == "ARM" else None
        )
        return Query(
            key=address_key(commune, adresse),
            adresse=adresse,
            code_postal=code_postal,
            commune=(city or commune).nom,
            citycode="" if split else commune.code,
            postcode=code_postal if split else "",
        )

    def place(
        self, record: SourceRecord, location: Location | None, warnings: list[dict[str, str]]
    ) -> Location | None:
        """Where ``record`` is: at its address when the geocoder found it well enough,
        else where the locator put it (a warning then says why, if it was asked)."""
        adresse = _text(record.data.get("adresse"))
        if not self.enabled or location is None or location.precision != "commune" or not adresse:
            return location
        key = address_key(location.commune, adresse)
        if key not in self.answers:
            if self.counts["geocodeur_indisponible"]:
                warnings.append(_refused(record, adresse, "géocodeur indisponible"))
            return location
        answer = self.answers[key]
        reason = self._refusal(answer, location.commune)
        if reason is not None:
            self.counts["adresses_refusees"] += 1
            warnings.append(_refused(record, adresse, reason))
            return location
        assert answer.longitude is not None and answer.latitude is not None
        assert answer.score is not None
        precision = "adresse" if answer.type == "housenumber" else "rue"
        if precision == "rue":
            warnings.append(
                warning(record, f"adresse « {adresse} » placée sur sa voie : numéro introuvable")
            )
        return AddressLocation(
            answer.longitude,
            answer.latitude,
            precision,
            location.commune,
            location.note,
            score=round(answer.score, 4),
            ban_id=answer.ban_id or "",
            label=answer.label or "",
        )

    def _refusal(self, answer: Answer, commune: Commune) -> str | None:
        """Why ``answer`` cannot place a record of ``commune`` (None: it can)."""
        if answer.type is None or answer.longitude is None or answer.latitude is None:
            return "introuvable dans la Base Adresse Nationale"
        label = f"« {answer.label} »"
        if (answer.score or 0) < self.settings.min_score:
            return (
                f"meilleur résultat {label} au score {answer.score or 0:.2f}, "
                f"sous le seuil de {self.settings.min_score:.2f}"
            )
        if answer.type == "municipality":
            return "seule la commune a été reconnue"
        at = self.locator.commune_at(answer.longitude, answer.latitude)
        if at is not None and commune.code in (at.code, at.parent_code):
            return None
        # (The locator's own measure of how far a point is from a commune's contour.)
        km = self.locator._km_outside(commune, answer.longitude, answer.latitude)
        if km > self.settings.near_commune_km:
            return f"résultat {label} à {km:.1f} km de la commune"
        return None


def _refused(record: SourceRecord, adresse: str, reason: str) -> dict[str, str]:
    return warning(record, f"adresse « {adresse} » non géocodée : {reason}")


def count_precisions(counts: Counter[str], rows: Iterable[dict[str, Any]]) -> None:
    """Records of a batch by the precision of their place (for the report)."""
    counts.update(f"precision_{row['geocoding_precision'] or 'aucune'}" for row in rows)
