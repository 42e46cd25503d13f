"""Resolving where a search is about: ``code_commune`` | ``lat``+``lon`` | ``adresse``."""

from __future__ import annotations

import re

from sqlalchemy.engine import Connection

from api.search.params import checked_code_commune, checked_coordinates, checked_radius
from api.search.query import ResolvedLocation
from catalogue.errors import CommuneInconnue, ParametreInvalide
from catalogue.geocoding.client import GeocodeurIndisponible, search
from catalogue.geography.lookup import (
    CommuneRef,
    commune_at,
    commune_by_code,
    commune_by_name,
    communes_by_postcode,
)
from catalogue.geography.matching import match_in_postcode
from catalogue.settings import GeocoderSettings

_POSTCODE = re.compile(r"\b(\d{5})\b")
MAX_ADRESSE = 200


def commune_from_address(conn: Connection, adresse: str) -> CommuneRef:
    """The commune of a free-text address: its postcode and the name around it, or a
    commune name alone (the most populous of that name). Commune-level precision."""
    adresse = adresse.strip()
    if not adresse:
        raise ParametreInvalide("« adresse » est vide.")
    if len(adresse) > MAX_ADRESSE:
        raise ParametreInvalide(f"« adresse » : {MAX_ADRESSE} caractères au plus.")
    # The last postcode-looking number is the postcode ("12 rue X 13150 Tarascon").
    matches = list(_POSTCODE.finditer(adresse))
    match = matches[-1] if matches else None
    if match is not None:
        after = adresse[match.end() :].strip(" ,")
        before = adresse[: match.start()].strip(" ,").split(",")[-1]
        candidates = communes_by_postcode(conn, match.group(1))
        if candidates:
            found = match_in_postcode(candidates, after or before)
            if found is None:  # "13200" alone: the main commune of the postcode
                found = next((c for c in candidates if c.type == "COM"), candidates[0])
            return found
    name_only = adresse.split(",")[-1]
    found_by_name = commune_by_name(conn, name_only) or commune_by_name(conn, adresse)
    if found_by_name is None:
        raise CommuneInconnue(
            f"Adresse « {adresse[:80]} » introuvable : indiquez un code postal et une commune "
            "(par exemple « 13150 Tarascon »)."
        )
    return found_by_name


def address_location(
    conn: Connection, adresse: str, radius_km: float, geocoder: GeocoderSettings
) -> ResolvedLocation | None:
    """The search centred on the street address the geocoder found for ``adresse`` (None
    when it found only a commune, nothing good enough, or did not answer)."""
    try:
        answers = search(geocoder.url, adresse.strip()[:MAX_ADRESSE], limit=1, timeout_s=2.0)
    except GeocodeurIndisponible:
        return None
    found = answers[0] if answers else None
    if found is None or found.type not in ("housenumber", "street", "locality"):
        return None
    if (found.score or 0) < geocoder.min_score or found.longitude is None or found.latitude is None:
        return None
    commune = commune_at(conn, found.longitude, found.latitude)
    precision = "adresse" if found.type == "housenumber" else "rue"
    return ResolvedLocation(
        found.longitude, found.latitude, commune, radius_km, precision, found.label
    )


def resolve_location(
    conn: Connection,
    *,
    code_commune: str | None,
    lat: float | None,
    lon: float | None,
    adresse: str | None,
    rayon_km: float | None,
    default_radius_km: float,
    max_radius_km: float,
    geocoder: GeocoderSettings | None = None,
) -> ResolvedLocation:
    given = [x for x in (code_commune, adresse) if x is not None] + (
        ["lat/lon"] if lat is not None or lon is not None else []
    )
    if len(given) != 1:
        raise ParametreInvalide(
            "Indiquez un lieu, et un seul : « code_commune », « adresse » ou « lat » et « lon »."
        )
    radius = checked_radius(rayon_km, default_radius_km, max_radius_km)
    coordinates = checked_coordinates(lat, lon)
    if coordinates is not None:
        latitude, longitude = coordinates
        commune = commune_at(conn, longitude, latitude)
        return ResolvedLocation(longitude, latitude, commune, radius)
    if code_commune is not None:
        commune = commune_by_code(conn, checked_code_commune(code_commune) or "")
    elif (
        geocoder is not None
        and geocoder.url
        and (at_address := address_location(conn, adresse or "", radius, geocoder))
    ):
        return at_address
    else:
        commune = commune_from_address(conn, adresse or "")
    return ResolvedLocation(commune.longitude, commune.latitude, commune, radius)
