"""From what a structure typed (form) or sent (write API) to catalogue columns.

The record is validated with data·inclusion's own ``Service`` model and turned into
columns exactly as imports do (``catalogue.records``), then located with the shared
locator. ``source``, ``id``, ``structure_id`` and ``date_maj``
are ours to set, never the client's.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from data_inclusion.schema.v1 import Service
from pydantic import ValidationError
from sqlalchemy.engine import Connection

from catalogue.errors import DonneesInvalides
from catalogue.geography.locator import PLACE_COLUMNS, LocationError, locator_for, place_columns
from catalogue.messages import explain as explain_errors
from catalogue.records.columns import columns_of
from catalogue.records.rules import received_at_structure
from catalogue.records.validation import validate

LOCAL_SOURCE = "maillage"
FIXED_FIELDS = ("source", "id", "structure_id", "date_maj")
EDITABLE_FIELDS = tuple(name for name in Service.model_fields if name not in FIXED_FIELDS)


def local_id(uid: uuid.UUID) -> str:
    """The data·inclusion ``id`` of a record created in Maillage."""
    return f"{LOCAL_SOURCE}--{uid}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | set) and not value)


def locate(conn: Connection, columns: Mapping[str, Any]) -> dict[str, Any]:
    """The place columns of a record (all None when it names no place)."""
    try:
        location = locator_for(conn).locate(
            code_insee=columns.get("code_insee"),
            code_postal=columns.get("code_postal"),
            commune=columns.get("commune"),
            longitude=columns.get("longitude"),
            latitude=columns.get("latitude"),
        )
    except LocationError as error:
        raise DonneesInvalides(f"Lieu introuvable : {error}.", [str(error)]) from error
    return place_columns(location)


def _check_zone(conn: Connection, zone: list[str] | None) -> None:
    if not zone:
        return
    locator = locator_for(conn)
    unknown = [
        code
        for code in zone
        if not (
            code in ("france", "99100")
            or code in locator.communes
            or code in locator.departements
            or code in locator.epcis
        )
    ]
    if unknown:
        shown = ", ".join(f"« {c} »" for c in unknown[:10])
        raise DonneesInvalides(
            f"Zone d'éligibilité : code(s) inconnu(s) {shown} (attendu : code INSEE de "
            "commune, SIREN d'EPCI, code de département ou « france »).",
            [f"code inconnu {c}" for c in unknown],
        )


def service_columns(
    conn: Connection, uid: uuid.UUID, structure: Any, fields: Mapping[str, Any]
) -> dict[str, Any]:
    """Validated, normalised and located columns of a local service; DonneesInvalides
    (with every problem, in French) otherwise."""
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    if unknown:
        raise DonneesInvalides(f"Champ(s) inconnu(s) : {', '.join(unknown)}.", unknown)
    data = {name: value for name, value in fields.items() if not _blank(value)}
    data.update(
        source=LOCAL_SOURCE,
        id=local_id(uid),
        structure_id=structure.id,
        date_maj=date.today().isoformat(),
    )
    try:
        model = validate("service", data)
    except ValidationError as error:
        details = explain_errors(error.errors())
        raise DonneesInvalides(
            "Service invalide : " + " ; ".join(details) + ".", details
        ) from error
    columns = columns_of(model)
    _check_zone(conn, columns.get("zone_eligibilite"))
    place = locate(conn, columns)
    if received_at_structure(place["location"], columns.get("modes_accueil")):
        place = {name: getattr(structure, name) for name in PLACE_COLUMNS}
    return {**columns, **place}


def schema_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """A service row's editable data·inclusion fields, as a client would send them."""
    return {name: _json(row[name]) for name in EDITABLE_FIELDS}


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value
