"""Resolving where a search is about: ``code_commune`` | ``lat``+``lon`` | ``adresse``."""

from __future__ import annotations

import re

from sqlalchemy.engine import Connection

from api.search.params import checked_code_commune, checked_coordinates, checked_radius
from api.search.query import ResolvedLocation
from catalogue.errors import CommuneInconnue, LieuAmbigu, ParametreInvalide
from catalogue.geocoding.client import GeocodeurIndisponible, search
from catalogue.geography.lookup import (
    CommuneRef,
    commune_at,
    commune_by_code,
    communes_by_postcode,
    communes_named,
    communes_spelled_like,
    zone_names,
)
from catalogue.geography.matching import match_in_postcode
from catalogue.settings import GeocoderSettings

_POSTCODE = re.compile(r"\b(\d{5})\b")
MAX_ADRESSE = 200
MAX_CHOIX = 10
# A commune outweighs its homonyms when it has that many times the population of the next
# one ("Montreuil" is the Seine-Saint-Denis one, "Saint-Denis" is asked).
OUTWEIGHS = 20


def commune_from_address(conn: Connection, adresse: str) -> CommuneRef:
    """The commune of a free-text address: its postcode and the name around it, or a
    commune's name alone (``commune_from_name``). Commune-level precision."""
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
            return found or _main_commune(candidates)
    name_only = adresse.split(",")[-1]
    found = commune_from_name(conn, name_only)
    if found is None and name_only != adresse:
        found = commune_from_name(conn, adresse)
    return found or _not_found(adresse)


def commune_from_name(conn: Connection, name: str) -> CommuneRef | None:
    """The commune a typed name means: the only one of that name, or one that outweighs its
    homonyms; else, for a typo, the closest spelling. Several of the same weight: the
    person chooses (``LieuAmbigu``) — "Saint-Denis" must not silently become La Réunion."""
    named = communes_named(conn, name)
    if len(named) == 1 or (
        len(named) > 1 and named[0].population > OUTWEIGHS * named[1].population
    ):
        return named[0]
    if named:
        raise _ambiguous(conn, f"Plusieurs communes s'appellent « {named[0].nom} »", named)
    close = communes_spelled_like(conn, name)
    if len(close) > 1:
        raise _ambiguous(conn, f"« {name.strip()[:80]} » est introuvable", close)
    return close[0] if close else None


def _main_commune(candidates: list[CommuneRef]) -> CommuneRef:
    """A postcode alone: its one arrondissement ("75018"), else its main commune."""
    arrondissements = [c for c in candidates if c.type == "ARM"]
    if len(arrondissements) == 1:
        return arrondissements[0]
    return next((c for c in candidates if c.type == "COM"), candidates[0])


def _not_found(adresse: str) -> CommuneRef:
    raise CommuneInconnue(
        f"Adresse « {adresse[:80]} » introuvable : indiquez un code postal et une commune "
        "(par exemple « 13150 Tarascon »)."
    )


def _ambiguous(conn: Connection, what: str, communes: list[CommuneRef]) -> LieuAmbigu:
    shown = communes[:MAX_CHOIX]
    names = zone_names(conn, {c.departement_code for c in shown})
    choix: list[dict[str, object]] = [
        {
            "code_commune": c.code,
            "nom": c.nom,
            "code_departement": c.departement_code,
            "departement": names.get(c.departement_code),
            "codes_postaux": list(c.codes_postaux),
            "libelle": f"{c.nom} ({', '.join(c.codes_postaux[:2]) or c.departement_code}"
            f" – {names.get(c.departement_code, c.departement_code)})",
        }
        for c in shown
    ]
    more = (
        f" (les {MAX_CHOIX} plus peuplées sur {len(communes)})" if len(communes) > MAX_CHOIX else ""
    )
    return LieuAmbigu(f"{what} : choisissez la bonne{more}, ou ajoutez le code postal.", choix)


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
