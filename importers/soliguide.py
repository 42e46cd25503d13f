"""Soliguide places: each place a structure, each of its ``services_all`` a service.

PATH is a JSON list of places (an export of Soliguide's ``lieux``) or an API answer
``{"places": [...]}``. Only places ``ONLINE`` are imported; drafts, offline and
permanently closed places are reported as rejections (with their services). A temporary
closure (an active ``tempInfos.closure`` of the place or ``close`` of a service) is kept
with its dates (``catalogue.records.closures``): search, the map and the fiche leave the
service out while it lasts, and say when it comes or has just ended. It is also told in
the descriptions, and made ``off`` date ranges of the opening hours when both dates are
known.

Mapping tables (data, reviewable): ``data/mappings/soliguide/thematiques.csv``
(category → thématiques and service type) and ``publics.csv`` (who a place welcomes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from catalogue.errors import FichierIllisible
from importers.contract import ReadOptions, ReadResult, RecordKind, Rejection, SourceRecord
from importers.loose_json import as_dict, as_list, as_text
from importers.reading import existing, load_json, refuse_mapping
from importers.registry import register
from importers.soliguide_place import BadPlace, service_record, structure_record
from importers.soliguide_tables import (
    SOURCE,
    STATUS_REASONS,
    categories,
    public_values,
)

# -- the importer ----------------------------------------------------------------------


def _load(path: Path) -> list[Any]:
    data = load_json(existing(path))
    if isinstance(data, dict) and isinstance(data.get("places"), list):
        data = data["places"]
    if not isinstance(data, list):
        raise FichierIllisible(
            f"{path.name} doit contenir une liste de lieux Soliguide "
            "(ou un objet dont « places » est cette liste)."
        )
    return data


@dataclass
class _Read:
    """What one place gave: its structure and services, or why they were left out."""

    records: list[SourceRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, kind: RecordKind, ref: str, reason: str, source: str) -> None:
        self.rejections.append(Rejection(kind, ref, reason, source))


def _read_place(item: Any, position: int, source: str, today: date) -> _Read:
    read = _Read()
    if not isinstance(item, Mapping):
        read.reject("structure", f"élément {position}", "n'est pas un objet JSON", source)
        return read
    place = dict(item)
    lieu_id = as_text(place.get("lieu_id"))
    if lieu_id is None:
        read.reject("structure", f"élément {position}", "identifiant « lieu_id » absent", source)
        return read
    ref = f"{source}--{lieu_id}"
    entries = as_list(place.get("services_all"))
    refs = [
        f"{ref}--{as_text(as_dict(entry).get('serviceObjectId')) or index}"
        for index, entry in enumerate(entries, start=1)
    ]
    status = place.get("status")
    if status != "ONLINE":
        reason = STATUS_REASONS.get(str(status), f"statut Soliguide « {status} » inconnu")
        read.reject("structure", ref, reason, source)
        for service_ref in refs:  # a place left out takes its services with it
            read.reject("service", service_ref, reason, source)
        return read
    try:
        data, parent = structure_record(place, ref, source, today)
    except BadPlace as error:
        read.reject("structure", ref, str(error), source)
        for service_ref in refs:
            read.reject("service", service_ref, f"lieu « {ref} » illisible", source)
        return read
    read.records.append(SourceRecord("structure", ref, data))
    for service_ref, entry in zip(refs, entries, strict=True):
        try:
            if not isinstance(entry, Mapping):
                raise BadPlace("n'est pas un objet JSON")
            record = service_record(place, dict(entry), service_ref, parent, today)
        except BadPlace as error:
            read.reject("service", service_ref, str(error), source)
            continue
        read.records.append(SourceRecord("service", service_ref, record))
    return read


@register
class SoliguideImporter:
    kind: ClassVar[str] = "soliguide"
    description: ClassVar[str] = "Soliguide (JSON) : lieux et leurs services"

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        refuse_mapping(self.kind, options, "ses tables sont dans data/mappings/soliguide/")
        places = _load(path)
        source = options.source or SOURCE
        categories()  # a broken mapping table fails before anything is read
        public_values()
        today = date.today()
        reads = [
            _read_place(item, position, source, today) for position, item in enumerate(places, 1)
        ]
        records = [record for read in reads for record in read.records]
        rejections = [rejection for read in reads for rejection in read.rejections]
        return ReadResult.of(records, rejections)
