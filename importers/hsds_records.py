"""HSDS 3.0 objects made into data·inclusion records: organizations into structures, services
(at their locations) into services, with the thématiques their taxonomy terms map to."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from data_inclusion.schema.v1 import Thematique

from catalogue.errors import ParametreInvalide
from catalogue.opening_hours import WEEK, from_soliguide
from catalogue.settings import PROJECT_ROOT
from catalogue.vocabulary import FREINS_TAXONOMY, THEMATIQUES
from importers.contract import SourceRecord
from importers.loose_json import as_dict, as_dicts, as_text, clip, day

MAPPINGS = PROJECT_ROOT / "data" / "mappings" / "hsds"
SOURCE = "hsds"
_NAME_MAX, _TEXT_MAX = 150, 10_000
_RRULE_DAYS = {osm.upper(): key for key, osm in WEEK}  # "MO" → "monday"
_INACTIVE = {"inactive", "defunct", "temporarily closed"}


# -- mapping table ---------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    libelle: str
    thematiques: tuple[str, ...]


@cache
def terms() -> dict[tuple[str, str], Term]:
    """(taxonomy or "", term code or name, lowercased) → thématiques (thematiques.csv)."""
    table: dict[tuple[str, str], Term] = {}
    with (MAPPINGS / "thematiques.csv").open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            where = f"data/mappings/hsds/thematiques.csv, ligne {line}"
            try:
                themes = tuple(Thematique(v).value for v in row["thematiques"].split())
            except ValueError as error:
                raise ParametreInvalide(f"{where} : {error}.") from error
            key = (row["taxonomie"].strip().lower(), row["terme"].strip().lower())
            table[key] = Term(row["libelle"].strip(), themes)
    return table


def _term(taxonomy: str | None, value: str | None) -> Term | None:
    if not value:
        return None
    if value in THEMATIQUES:  # data·inclusion's own (as Maillage publishes them)
        return Term(value, (value,))
    table = terms()
    value = value.lower()
    return table.get(((taxonomy or "").lower(), value)) or table.get(("", value))


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return float(value) if isinstance(value, int | float) else None


def _url(value: Any) -> str | None:
    url = as_text(value)
    return url if url and url.startswith(("http://", "https://")) else None


def _sentences(parts: list[str | None]) -> str | None:
    kept = [p.strip().rstrip(".") + "." for p in parts if p and p.strip()]
    return clip(" ".join(kept), _TEXT_MAX) if kept else None


# -- pieces shared by organizations and services ---------------------------------------


class BadRecord(ValueError):
    """A record that cannot be read; the message is the French reason."""


def _phone(*holders: dict[str, Any]) -> str | None:
    for holder in holders:
        phones = as_dicts(holder.get("phones")) + [
            p for c in as_dicts(holder.get("contacts")) for p in as_dicts(c.get("phones"))
        ]
        for phone in phones:
            number = as_text(phone.get("number"))
            if number and (number := number.strip("\"' ")):
                return number
    return None


def _metadata_date(record: dict[str, Any]) -> date | None:
    dates = [day(m.get("last_action_date")) for m in as_dicts(record.get("metadata"))]
    return max((d for d in dates if d), default=None)


def _service_date(service: dict[str, Any]) -> date | None:
    return day(service.get("last_modified")) or _metadata_date(service)


def _is_virtual(location: dict[str, Any]) -> bool:
    return as_text(location.get("location_type")) == "virtual"


def _place(location: dict[str, Any]) -> dict[str, Any]:
    """A physical location's address and point, in v1 fields."""
    addresses = as_dicts(location.get("addresses"))
    address = next(
        (a for a in addresses if a.get("address_type") == "physical"),
        addresses[0] if addresses else {},
    )
    # A foreign postcode ("ABC 1234") is not one: the commune and point still locate it.
    postcode = as_text(address.get("postal_code"))
    latitude, longitude = _number(location.get("latitude")), _number(location.get("longitude"))
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        latitude = longitude = None
    return {
        "adresse": as_text(address.get("address_1")),
        "complement_adresse": as_text(address.get("address_2")),
        "code_postal": postcode if postcode and re.fullmatch(r"\d{5}", postcode) else None,
        "commune": as_text(address.get("city")),
        "latitude": latitude,
        "longitude": longitude,
    }


def _hours(schedules: list[dict[str, Any]]) -> tuple[str | None, bool]:
    """Simple weekly schedules in OSM syntax, and whether some schedule was left out."""
    week: dict[str, dict[str, Any]] = {}
    skipped = False
    for schedule in schedules:
        days = [d.strip().upper() for d in (as_text(schedule.get("byday")) or "").split(",")]
        opens = _clock(schedule.get("opens_at"))
        closes = _clock(schedule.get("closes_at"))
        simple = (
            schedule.get("freq") in (None, "WEEKLY", "weekly")
            and schedule.get("interval") in (None, 1)
            and not any(schedule.get(k) for k in ("byweekno", "bymonthday", "byyearday"))
            and all(d in _RRULE_DAYS for d in days)
            and opens is not None
            and closes is not None
        )
        if not simple:
            skipped = True
            continue
        for d in days:
            day = week.setdefault(_RRULE_DAYS[d], {"open": True, "timeslot": []})
            day["timeslot"].append({"start": opens, "end": closes})
    return from_soliguide(week) if week else None, skipped


def _clock(value: Any) -> int | None:
    """``"09:30:00"`` → 930."""
    match = (
        re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?", value)
        if (isinstance(value, str))
        else None
    )
    return int(match[1]) * 100 + int(match[2]) if match else None


# -- organizations ---------------------------------------------------------------------


@dataclass
class Organization:
    data: dict[str, Any]  # the most complete copy seen
    services: list[dict[str, Any]] = field(default_factory=list)


def structure_record(
    ref: str, org: Organization, source: str, fallback: date
) -> tuple[dict[str, Any], list[str]]:
    data = org.data
    warnings: list[str] = []
    locations = [loc for loc in as_dicts(data.get("locations")) if not _is_virtual(loc)]
    locations += [
        as_dict(sal.get("location"))
        for service in org.services
        for sal in as_dicts(service.get("service_at_locations"))
        if sal.get("location") and not _is_virtual(as_dict(sal.get("location")))
    ]
    place = _place(locations[0]) if locations else {}
    dated = _metadata_date(data) or max(
        (d for d in (_service_date(s) for s in org.services) if d), default=None
    )
    if dated is None:
        dated = fallback
        warnings.append("aucune date de mise à jour dans la source : date du fichier utilisée")
    hours, skipped = _hours([s for loc in locations[:1] for s in as_dicts(loc.get("schedules"))])
    if skipped:
        warnings.append("horaires HSDS trop complexes pour être convertis : ignorés")
    description = as_text(data.get("description"))
    return {
        "source": source,
        "id": ref,
        "nom": clip(as_text(data.get("name")), _NAME_MAX),
        "date_maj": dated.isoformat(),
        "description": clip(description, _TEXT_MAX),
        "site_web": _url(data.get("website")),
        "courriel": as_text(data.get("email")),
        "telephone": _phone(data, *locations[:1]),
        "horaires_accueil": hours,
        **place,
    }, warnings


# -- services --------------------------------------------------------------------------


# « Gratuit. » or « Payant. » leading the fees' text: how Maillage publishes its ``frais``.
_FRAIS_FIRST = re.compile(r"^(Gratuit|Payant)(?:\. |$)")


def _fees(service: dict[str, Any]) -> tuple[str | None, str | None]:
    text = as_text(service.get("fees_description"))
    if text and (said := _FRAIS_FIRST.match(text)):
        return said.group(1).lower(), text[said.end() :] or None
    legacy = as_text(service.get("fees"))
    if legacy and legacy != "fees_description" and legacy != text:
        text = _sentences([text, legacy])
    options = as_dicts(service.get("cost_options"))
    costs = []
    for option in options:
        amount = _number(option.get("amount"))
        if amount is None:
            continue
        what = " ".join(
            x
            for x in (
                f"{amount:g} {(as_text(option.get('currency')) or '').upper()}".strip(),
                as_text(option.get("amount_description")),
                f"({as_text(option.get('option'))})" if option.get("option") else None,
            )
            if x
        )
        costs.append((amount, what))
    precisions = _sentences([text, *(f"Tarif : {w}" for _, w in costs)])
    if any(amount > 0 for amount, _ in costs):
        return "payant", precisions
    if costs or (text and re.search(r"\b(free|gratuit)", text, re.IGNORECASE)):
        return "gratuit", precisions
    return None, precisions


def _publics_precisions(service: dict[str, Any]) -> str | None:
    low, high = _number(service.get("minimum_age")), _number(service.get("maximum_age"))
    ages = None
    if low is not None and high is not None:
        ages = f"Âge : de {low:g} à {high:g} ans"
    elif low is not None:
        ages = f"Âge : à partir de {low:g} ans"
    elif high is not None:
        ages = f"Âge : jusqu'à {high:g} ans"
    return _sentences([as_text(service.get("eligibility_description")), ages])


def _conditions(service: dict[str, Any]) -> str | None:
    documents = [as_text(d.get("document")) for d in as_dicts(service.get("required_documents"))]
    listed = "; ".join(d for d in documents if d)
    return _sentences([f"Justificatifs demandés : {listed}" if listed else None])


def _thematiques(service: dict[str, Any]) -> tuple[list[str] | None, list[str]]:
    found: set[str] = set()
    unknown: list[str] = []
    for attribute in as_dicts(service.get("attributes")):
        term = as_dict(attribute.get("taxonomy_term"))
        taxonomy = as_text(as_dict(term.get("taxonomy_detail")).get("name")) or as_text(
            term.get("taxonomy")
        )
        if taxonomy == FREINS_TAXONOMY:
            continue  # Maillage's freins: derived from the thématiques again
        code, name = as_text(term.get("code")), as_text(term.get("name"))
        mapped = _term(taxonomy, code) or _term(taxonomy, name)
        if mapped is None:
            if code or name:
                unknown.append(code or name or "")
            continue
        found.update(mapped.thematiques)
    warnings = [
        f"terme de taxonomie « {u} » absent de data/mappings/hsds/thematiques.csv : ignoré"
        for u in unknown
    ]
    return sorted(found) or None, warnings


def service_records(
    service: dict[str, Any], structure_ref: str, source: str, fallback: date
) -> list[SourceRecord]:
    """One record per physical location of ``service`` (one when it has none)."""
    service_id = as_text(service.get("id"))
    if service_id is None:
        raise BadRecord("identifiant « id » du service absent")
    status = as_text(service.get("status"))
    if status and status.lower() in _INACTIVE:
        raise BadRecord(f"service au statut « {status} » dans la source : non importé")
    sals = as_dicts(service.get("service_at_locations"))
    physical = [s for s in sals if s.get("location") and not _is_virtual(as_dict(s["location"]))]
    virtual = any(_is_virtual(as_dict(s.get("location"))) for s in sals)
    modes = (["en-presentiel"] if physical else []) + (["a-distance"] if virtual else [])
    warnings: list[str] = []
    dated = _service_date(service)
    if dated is None:
        dated = fallback
        warnings.append("aucune date de mise à jour dans la source : date du fichier utilisée")
    themes, theme_warnings = _thematiques(service)
    warnings += theme_warnings
    frais, frais_precisions = _fees(service)
    name = as_text(service.get("name"))
    description = as_text(service.get("description")) or name
    alert = as_text(service.get("alert"))
    if alert and description:
        description = f"{description}\n{alert}"
    base = {
        "source": source,
        "structure_id": structure_ref,
        "nom": clip(name, _NAME_MAX),
        "description": clip(description, _TEXT_MAX),
        "lien_source": _url(service.get("url")),
        "date_maj": dated.isoformat(),
        "thematiques": themes,
        "frais": frais,
        "frais_precisions": frais_precisions,
        "publics_precisions": _publics_precisions(service),
        "conditions_acces": _conditions(service),
        "mobilisation_precisions": clip(as_text(service.get("application_process")), _TEXT_MAX),
        "courriel": as_text(service.get("email")),
        "modes_accueil": modes or None,
    }
    ref = f"{source}--{service_id}"
    records = []
    for index, sal in enumerate(physical or [{}], start=1):
        location = as_dict(sal.get("location"))
        own_warnings = list(warnings)
        schedules = (
            as_dicts(sal.get("schedules"))
            or as_dicts(service.get("schedules"))
            or as_dicts(location.get("schedules"))
        )
        hours, skipped = _hours(schedules)
        if skipped:
            own_warnings.append("horaires HSDS trop complexes pour être convertis : ignorés")
        record_ref = ref
        if len(physical) > 1:
            record_ref = f"{ref}--{as_text(sal.get('id')) or index}"
        data = {
            **base,
            "id": record_ref,
            "telephone": _phone(sal, service, location),
            "horaires_accueil": hours,
            **(_place(location) if location else {}),
        }
        records.append(SourceRecord("service", record_ref, data, own_warnings))
    return records
