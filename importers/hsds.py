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

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from catalogue.errors import FichierIllisible
from importers.contract import ReadOptions, ReadResult, Rejection, SourceRecord
from importers.hsds_records import (
    SOURCE,
    BadRecord,
    Organization,
    service_records,
    structure_record,
    terms,
)
from importers.loose_json import as_dict, as_dicts, as_text
from importers.reading import load_json, refuse_mapping
from importers.registry import register

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
    organizations: dict[str, Organization] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    # (structure ref, service) in the order read
    services: list[tuple[str, dict[str, Any], date]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    dates: dict[str, date] = field(default_factory=dict)

    def organization(self, org: dict[str, Any], source: str, fallback: date) -> str | None:
        org_id = as_text(org.get("id"))
        if org_id is None:
            return None
        ref = f"{source}--{org_id}"
        known = self.organizations.get(ref)
        if known is None:
            self.organizations[ref] = Organization(dict(org))
            self.order.append(ref)
            self.dates[ref] = fallback
        elif len(org) > len(known.data):
            known.data = dict(org)
        return ref


def _ref(source: str, item: dict[str, Any], where: str) -> str:
    """A record's id when it has one, else where it is in the file."""
    own = as_text(item.get("id"))
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
            for service in as_dicts(item.get("services")):
                into.rejections.append(
                    Rejection(
                        "service",
                        _ref(source, service, where),
                        "organisation sans identifiant : service non importé",
                        source,
                    )
                )
            return
        for service in as_dicts(item.get("services")):
            into.organizations[ref].services.append(service)
            into.services.append((ref, service, fallback))
        return
    if kind == "service_at_location":
        service = dict(item["service"])
        sal = {k: v for k, v in item.items() if k != "service"}
        service["service_at_locations"] = [sal, *as_dicts(service.get("service_at_locations"))]
        item = service
    elif kind is None:
        reason = (
            "objet HSDS non reconnu (ni organisation, ni service, ni service_at_location) : ignoré"
        )
        into.rejections.append(Rejection("structure", where, reason, source))
        return
    org = as_dict(item.get("organization"))
    ref = into.organization(org, source, fallback) if org else None
    if ref is None and (org_id := as_text(item.get("organization_id"))):
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
            data, warnings = structure_record(ref, org, source, collected.dates[ref])
            records.append(SourceRecord("structure", ref, data, warnings))
        rejections = list(collected.rejections)
        for structure_ref, service, fallback in collected.services:
            try:
                records.extend(service_records(service, structure_ref, source, fallback))
            except BadRecord as error:
                ref = f"{source}--{as_text(service.get('id')) or structure_ref}"
                rejections.append(Rejection("service", ref, str(error), source))
        return ReadResult.of(records, rejections)
