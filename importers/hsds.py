"""Open Referral HSDS 3.0 JSON: each organization a structure, each service a service.

PATH is one HSDS JSON file or a directory of them (``*.json``, read in name order). A
file may hold an organization with its ``services``, a service (with its
``organization`` and ``service_at_locations``), a ``service_at_location`` (with its
``service`` and ``location``), a JSON list of any of these, or a paginated API answer
(``{"contents": [...], "total_items": …}``). Anything else (a taxonomy, …) is reported
as a rejection, never guessed.

- An organization embedded several times (in each of its services) becomes one structure:
  the most complete copy is kept. Its place is its first physical location, else the first
  physical location of one of its services.
- A service with several physical locations becomes one service per location
  (``<source>--<service id>--<service_at_location id>``); a virtual location makes it
  ``a-distance``, a physical one ``en-presentiel``.
- ``date_maj``: the service's ``last_modified``, else the latest ``metadata`` action
  date; a structure takes its own metadata, else its services' latest date. When the
  source gives no date at all, the file's modification date is used (and a warning says
  so).
- Opening hours are converted to OSM syntax only for simple weekly schedules
  (``byday`` + ``opens_at``/``closes_at``); other schedules are left out with a warning.
- Thématiques come from the services' ``attributes`` taxonomy terms through the
  reviewable table ``data/mappings/hsds/thematiques.csv`` (matched on the term's code or
  name; an unknown term is a warning, not a rejection).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from data_inclusion.schema.v1 import Thematique

from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.opening_hours import WEEK, from_soliguide
from catalogue.settings import PROJECT_ROOT
from importers.contract import ReadOptions, ReadResult, Rejection, SourceRecord
from importers.reading import load_json, refuse_mapping
from importers.registry import register

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
    table = terms()
    value = value.lower()
    return table.get(((taxonomy or "").lower(), value)) or table.get(("", value))


# -- small readers of loosely typed JSON -----------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return float(value) if isinstance(value, int | float) else None


def _clip(text: str | None, limit: int) -> str | None:
    if text is None:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _url(value: Any) -> str | None:
    url = _str(value)
    return url if url and url.startswith(("http://", "https://")) else None


def _sentences(parts: list[str | None]) -> str | None:
    kept = [p.strip().rstrip(".") + "." for p in parts if p and p.strip()]
    return _clip(" ".join(kept), _TEXT_MAX) if kept else None


# -- pieces shared by organizations and services ---------------------------------------


class _Bad(ValueError):
    """A record that cannot be read; the message is the French reason."""


def _phone(*holders: dict[str, Any]) -> str | None:
    for holder in holders:
        phones = _dicts(holder.get("phones")) + [
            p for c in _dicts(holder.get("contacts")) for p in _dicts(c.get("phones"))
        ]
        for phone in phones:
            number = _str(phone.get("number"))
            if number and (number := number.strip("\"' ")):
                return number
    return None


def _metadata_date(record: dict[str, Any]) -> date | None:
    dates = [_day(m.get("last_action_date")) for m in _dicts(record.get("metadata"))]
    return max((d for d in dates if d), default=None)


def _service_date(service: dict[str, Any]) -> date | None:
    return _day(service.get("last_modified")) or _metadata_date(service)


def _is_virtual(location: dict[str, Any]) -> bool:
    return _str(location.get("location_type")) == "virtual"


def _place(location: dict[str, Any]) -> dict[str, Any]:
    """A physical location's address and point, in v1 fields."""
    addresses = _dicts(location.get("addresses"))
    address = next(
        (a for a in addresses if a.get("address_type") == "physical"),
        addresses[0] if addresses else {},
    )
    # A foreign postcode ("ABC 1234") is not one: the commune and point still locate it.
    postcode = _str(address.get("postal_code"))
    latitude, longitude = _number(location.get("latitude")), _number(location.get("longitude"))
    if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
        latitude = longitude = None
    return {
        "adresse": _str(address.get("address_1")),
        "complement_adresse": _str(address.get("address_2")),
        "code_postal": postcode if postcode and re.fullmatch(r"\d{5}", postcode) else None,
        "commune": _str(address.get("city")),
        "latitude": latitude,
        "longitude": longitude,
    }


def _hours(schedules: list[dict[str, Any]]) -> tuple[str | None, bool]:
    """Simple weekly schedules in OSM syntax, and whether some schedule was left out."""
    week: dict[str, dict[str, Any]] = {}
    skipped = False
    for schedule in schedules:
        days = [d.strip().upper() for d in (_str(schedule.get("byday")) or "").split(",")]
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
class _Organization:
    data: dict[str, Any]  # the most complete copy seen
    services: list[dict[str, Any]] = field(default_factory=list)


def _structure(
    ref: str, org: _Organization, source: str, fallback: date
) -> tuple[dict[str, Any], list[str]]:
    data = org.data
    warnings: list[str] = []
    locations = [loc for loc in _dicts(data.get("locations")) if not _is_virtual(loc)]
    locations += [
        _dict(sal.get("location"))
        for service in org.services
        for sal in _dicts(service.get("service_at_locations"))
        if sal.get("location") and not _is_virtual(_dict(sal.get("location")))
    ]
    place = _place(locations[0]) if locations else {}
    dated = _metadata_date(data) or max(
        (d for d in (_service_date(s) for s in org.services) if d), default=None
    )
    if dated is None:
        dated = fallback
        warnings.append("aucune date de mise à jour dans la source : date du fichier utilisée")
    hours, skipped = _hours([s for loc in locations[:1] for s in _dicts(loc.get("schedules"))])
    if skipped:
        warnings.append("horaires HSDS trop complexes pour être convertis : ignorés")
    description = _str(data.get("description"))
    return {
        "source": source,
        "id": ref,
        "nom": _clip(_str(data.get("name")), _NAME_MAX),
        "date_maj": dated.isoformat(),
        "description": _clip(description, _TEXT_MAX),
        "site_web": _url(data.get("website")),
        "courriel": _str(data.get("email")),
        "telephone": _phone(data, *locations[:1]),
        "horaires_accueil": hours,
        **place,
    }, warnings


# -- services --------------------------------------------------------------------------


def _fees(service: dict[str, Any]) -> tuple[str | None, str | None]:
    text = _str(service.get("fees_description"))
    legacy = _str(service.get("fees"))
    if legacy and legacy != "fees_description" and legacy != text:
        text = _sentences([text, legacy])
    options = _dicts(service.get("cost_options"))
    costs = []
    for option in options:
        amount = _number(option.get("amount"))
        if amount is None:
            continue
        what = " ".join(
            x
            for x in (
                f"{amount:g} {(_str(option.get('currency')) or '').upper()}".strip(),
                _str(option.get("amount_description")),
                f"({_str(option.get('option'))})" if option.get("option") else None,
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
    return _sentences([_str(service.get("eligibility_description")), ages])


def _conditions(service: dict[str, Any]) -> str | None:
    documents = [_str(d.get("document")) for d in _dicts(service.get("required_documents"))]
    listed = "; ".join(d for d in documents if d)
    return _sentences([f"Justificatifs demandés : {listed}" if listed else None])


def _thematiques(service: dict[str, Any]) -> tuple[list[str] | None, list[str]]:
    found: set[str] = set()
    unknown: list[str] = []
    for attribute in _dicts(service.get("attributes")):
        term = _dict(attribute.get("taxonomy_term"))
        taxonomy = _str(_dict(term.get("taxonomy_detail")).get("name")) or _str(
            term.get("taxonomy")
        )
        code, name = _str(term.get("code")), _str(term.get("name"))
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


def _services(
    service: dict[str, Any], structure_ref: str, source: str, fallback: date
) -> list[SourceRecord]:
    """One record per physical location of ``service`` (one when it has none)."""
    service_id = _str(service.get("id"))
    if service_id is None:
        raise _Bad("identifiant « id » du service absent")
    status = _str(service.get("status"))
    if status and status.lower() in _INACTIVE:
        raise _Bad(f"service au statut « {status} » dans la source : non importé")
    sals = _dicts(service.get("service_at_locations"))
    physical = [s for s in sals if s.get("location") and not _is_virtual(_dict(s["location"]))]
    virtual = any(_is_virtual(_dict(s.get("location"))) for s in sals)
    modes = (["en-presentiel"] if physical else []) + (["a-distance"] if virtual else [])
    warnings: list[str] = []
    dated = _service_date(service)
    if dated is None:
        dated = fallback
        warnings.append("aucune date de mise à jour dans la source : date du fichier utilisée")
    themes, theme_warnings = _thematiques(service)
    warnings += theme_warnings
    frais, frais_precisions = _fees(service)
    name = _str(service.get("name"))
    description = _str(service.get("description")) or name
    alert = _str(service.get("alert"))
    if alert and description:
        description = f"{description}\n{alert}"
    base = {
        "source": source,
        "structure_id": structure_ref,
        "nom": _clip(name, _NAME_MAX),
        "description": _clip(description, _TEXT_MAX),
        "lien_source": _url(service.get("url")),
        "date_maj": dated.isoformat(),
        "thematiques": themes,
        "frais": frais,
        "frais_precisions": frais_precisions,
        "publics_precisions": _publics_precisions(service),
        "conditions_acces": _conditions(service),
        "mobilisation_precisions": _clip(_str(service.get("application_process")), _TEXT_MAX),
        "courriel": _str(service.get("email")),
        "modes_accueil": modes or None,
    }
    ref = f"{source}--{service_id}"
    records = []
    for index, sal in enumerate(physical or [{}], start=1):
        location = _dict(sal.get("location"))
        own_warnings = list(warnings)
        schedules = (
            _dicts(sal.get("schedules"))
            or _dicts(service.get("schedules"))
            or _dicts(location.get("schedules"))
        )
        hours, skipped = _hours(schedules)
        if skipped:
            own_warnings.append("horaires HSDS trop complexes pour être convertis : ignorés")
        record_ref = ref
        if len(physical) > 1:
            record_ref = f"{ref}--{_str(sal.get('id')) or index}"
        data = {
            **base,
            "id": record_ref,
            "telephone": _phone(sal, service, location),
            "horaires_accueil": hours,
            **(_place(location) if location else {}),
        }
        records.append(SourceRecord("service", record_ref, data, own_warnings))
    return records


# -- reading files ---------------------------------------------------------------------


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(p for p in path.glob("*.json") if p.is_file())
        if not files:
            raise FichierIllisible(f"{path.name} : aucun fichier .json HSDS dans ce dossier.")
        return files
    return [path]


def _documents(data: Any, path: Path) -> list[Any]:
    if not isinstance(data, dict | list):
        raise FichierIllisible(
            f"{path.name} doit contenir un objet HSDS (organisation, service…) ou une liste."
        )
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return list(data["contents"])
    return [data]


@dataclass
class _Collected:
    organizations: dict[str, _Organization] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    # (structure ref, service) in the order read
    services: list[tuple[str, dict[str, Any], date]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    dates: dict[str, date] = field(default_factory=dict)

    def organization(self, org: dict[str, Any], source: str, fallback: date) -> str | None:
        org_id = _str(org.get("id"))
        if org_id is None:
            return None
        ref = f"{source}--{org_id}"
        known = self.organizations.get(ref)
        if known is None:
            self.organizations[ref] = _Organization(dict(org))
            self.order.append(ref)
            self.dates[ref] = fallback
        elif len(org) > len(known.data):
            known.data = dict(org)
        return ref


def _ref(source: str, item: dict[str, Any], where: str) -> str:
    """A record's id when it has one, else where it is in the file."""
    own = _str(item.get("id"))
    return f"{source}--{own}" if own else where


def _kind_of(item: dict[str, Any]) -> str | None:
    if isinstance(item.get("service"), dict):
        return "service_at_location"
    if "organization" in item or "organization_id" in item or "service_at_locations" in item:
        return "service"
    if "services" in item or "locations" in item or "website" in item or "legal_status" in item:
        return "organization"
    return None


def _collect(item: Any, where: str, source: str, fallback: date, into: _Collected) -> None:
    if not isinstance(item, Mapping):
        into.rejections.append(Rejection("structure", where, "n'est pas un objet JSON", source))
        return
    item = dict(item)
    kind = _kind_of(item)
    if kind == "organization":
        ref = into.organization(item, source, fallback)
        if ref is None:
            into.rejections.append(
                Rejection("structure", where, "identifiant « id » de l'organisation absent", source)
            )
            for service in _dicts(item.get("services")):
                into.rejections.append(
                    Rejection(
                        "service",
                        _ref(source, service, where),
                        "organisation sans identifiant : service non importé",
                        source,
                    )
                )
            return
        for service in _dicts(item.get("services")):
            into.organizations[ref].services.append(service)
            into.services.append((ref, service, fallback))
        return
    if kind == "service_at_location":
        service = dict(item["service"])
        sal = {k: v for k, v in item.items() if k != "service"}
        service["service_at_locations"] = [sal, *_dicts(service.get("service_at_locations"))]
        item = service
    elif kind is None:
        reason = (
            "objet HSDS non reconnu (ni organisation, ni service, ni service_at_location) : ignoré"
        )
        into.rejections.append(Rejection("structure", where, reason, source))
        return
    org = _dict(item.get("organization"))
    ref = into.organization(org, source, fallback) if org else None
    if ref is None and (org_id := _str(item.get("organization_id"))):
        ref = f"{source}--{org_id}"  # the structure may already be in the catalogue
    if ref is None:
        into.rejections.append(
            Rejection(
                "service",
                _ref(source, item, where),
                "organisation du service absente (ni « organization » ni « organization_id »)",
                source,
            )
        )
        return
    if ref in into.organizations:
        into.organizations[ref].services.append(item)
    into.services.append((ref, item, fallback))


def _modified(path: Path) -> date:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).date()
    except OSError:
        return datetime.now(UTC).date()


@register
class HsdsImporter:
    kind: ClassVar[str] = "hsds"
    description: ClassVar[str] = (
        "Open Referral HSDS 3.0 (JSON) : organisations, services et leurs lieux"
    )

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        refuse_mapping(self.kind, options, "sa table est data/mappings/hsds/thematiques.csv")
        source = options.source or SOURCE
        terms()  # a broken mapping table fails before anything is read
        collected = _Collected()
        for file in _files(path):
            data = load_json(file)
            fallback = _modified(file)
            documents = _documents(data, file)
            for position, item in enumerate(documents, start=1):
                where = file.name if len(documents) == 1 else f"{file.name}, élément {position}"
                _collect(item, where, source, fallback, collected)
        records: list[SourceRecord] = []
        for ref in collected.order:
            org = collected.organizations[ref]
            data, warnings = _structure(ref, org, source, collected.dates[ref])
            records.append(SourceRecord("structure", ref, data, warnings))
        rejections = list(collected.rejections)
        for structure_ref, service, fallback in collected.services:
            try:
                records.extend(_services(service, structure_ref, source, fallback))
            except _Bad as error:
                ref = f"{source}--{_str(service.get('id')) or structure_ref}"
                rejections.append(Rejection("service", ref, str(error), source))
        return ReadResult.of(records, rejections)
