"""Locating records in bulk, in memory: an index of every commune (codes, postcodes, names,
reference points, contours in an STRtree) loaded once per import run.

Order: the source's coordinates when they are in France and in or near the stated
commune → the commune, by INSEE code or by postcode + name → rejected, with the reason.
An address geocoder may slot in between later; it is off by default.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import shapely
from sqlalchemy import text
from sqlalchemy.engine import Connection

from catalogue.geography.matching import (
    departements_of_postcode,
    match_by_first_words,
    match_by_shorter_name,
    match_in_postcode,
)
from catalogue.geography.names import arrondissement_of, normalise_name

# A stated commune and the source's point may disagree by this much (neighbouring
# communes, simplified contours) before we distrust the point.
NEAR_STATED_COMMUNE_KM = 10.0
# Points this close to the coast or a border, outside every simplified contour, are kept.
COAST_TOLERANCE_KM = 2.0
_KM_PER_DEGREE = 111.32


@dataclass(frozen=True)
class Commune:
    code: str
    nom: str
    type: str
    parent_code: str | None
    departement_code: str
    epci_siren: str | None
    codes_postaux: tuple[str, ...]
    longitude: float
    latitude: float


@dataclass(frozen=True)
class Location:
    longitude: float
    latitude: float
    precision: str  # "source" | "adresse" | "commune"
    commune: Commune
    note: str | None = None  # why the source's point was not used, if it was not


# Where a catalogue record is: its point, how precise, and its commune.
PLACE_COLUMNS = ("location", "geocoding_precision", "code_commune_resolu")


def place_columns(location: Location | None) -> dict[str, Any]:
    """The place columns of a record at ``location`` (all None without one)."""
    if location is None:
        return dict.fromkeys(PLACE_COLUMNS)
    return {
        "location": f"SRID=4326;POINT({location.longitude} {location.latitude})",
        "geocoding_precision": location.precision,
        "code_commune_resolu": location.commune.code,
    }


class LocationError(ValueError):
    """The record names a place we cannot find; the message is the French reason."""


def _degrees_to_km(degrees: float, latitude: float) -> float:
    # Contour distances in degrees mix both axes; the mean scale is close enough for a
    # tolerance check (never used for the distances shown to users).
    return degrees * _KM_PER_DEGREE * (1 + math.cos(math.radians(latitude))) / 2


_CACHE: dict[tuple[str, str], Locator] = {}


def locator_for(connection: Connection) -> Locator:
    """A Locator for this database's geography, reused while that geography is unchanged
    (it is immutable between loads, and building the index takes about a second)."""
    version = connection.execute(
        text("SELECT version FROM reference_datasets WHERE name = 'geographie'")
    ).scalar()
    key = (connection.engine.url.render_as_string(hide_password=True), str(version))
    if key not in _CACHE:
        _CACHE.clear()  # one geography at a time is all a process needs
        _CACHE[key] = Locator(connection)
    return _CACHE[key]


class Locator:
    """Every commune of France in memory, ready for thousands of look-ups per second."""

    def __init__(self, connection: Connection) -> None:
        rows = connection.execute(
            text(
                "SELECT code, nom, nom_normalise, type, parent_code, departement_code, "
                "epci_siren, codes_postaux, ST_X(point), ST_Y(point), ST_AsBinary(contour) "
                "FROM communes ORDER BY type = 'ARM', population DESC"
            )
        ).all()
        self.communes: dict[str, Commune] = {}
        self._by_postcode: dict[str, list[Commune]] = defaultdict(list)
        self._by_name: dict[str, list[Commune]] = defaultdict(list)
        self._by_departement: dict[str, list[Commune]] = defaultdict(list)
        self._by_arrondissement: dict[tuple[str, int], Commune] = {}
        codes: list[str] = []
        contours: list[bytes] = []
        # ``nom_normalise`` is ``normalise_name(nom)``, stored by the geography's loader
        # (a third of the time this takes, computed again).
        for code, nom, normalised, type_, parent, dep, epci, postcodes, lon, lat, contour in rows:
            commune = Commune(code, nom, type_, parent, dep, epci, tuple(postcodes), lon, lat)
            self.communes[code] = commune
            for postcode in postcodes:
                self._by_postcode[postcode].append(commune)
            if type_ == "COM":
                self._by_name[normalised].append(commune)
                self._by_departement[dep].append(commune)
            elif type_ == "ARM" and (key := arrondissement_of(normalised)):
                self._by_arrondissement[key] = commune
            if contour is not None:
                codes.append(code)
                contours.append(bytes(contour))
        self._contour_codes = codes
        self._contours = shapely.from_wkb(contours)
        self._contour_of = dict(zip(codes, self._contours, strict=True))
        self._tree = shapely.STRtree(self._contours)
        self._prefetched: dict[tuple[float, float], Commune | None] = {}
        self.epcis = {c.epci_siren for c in self.communes.values() if c.epci_siren}
        self.departements = {c.departement_code for c in self.communes.values()}

    # -- communes -----------------------------------------------------------------------

    def by_postcode_and_name(self, postcode: str | None, name: str | None) -> Commune:
        return self._by_postcode_and_name(postcode, name)[0]

    def _by_postcode_and_name(
        self, postcode: str | None, name: str | None
    ) -> tuple[Commune, str | None]:
        """The commune, and a note when it was found by a second-best route."""
        if not postcode:
            return self._by_name_alone(name), None
        candidates = self._by_postcode.get(postcode, [])
        found = match_in_postcode(candidates, name) if candidates else None
        if found is not None:
            return found, None
        departements = departements_of_postcode(postcode)
        # CEDEX and mistyped postcodes: the name within the postcode's département.
        named = self._named_in(name, departements)
        if len(named) == 1:
            why = "inconnu (CEDEX ?)" if not candidates else "ne couvre pas cette commune"
            return named[0], (
                f"code postal « {postcode} » {why} : commune « {named[0].nom} » retrouvée "
                f"par son nom dans le département {named[0].departement_code}"
            )
        guess = match_by_shorter_name(candidates, name)
        if guess is not None:
            return guess, (
                f"commune « {name} » absente du code postal « {postcode} » : rapprochée de "
                f"« {guess.nom} » (commune fusionnée ou renommée ?)"
            )
        guess = match_by_first_words(candidates, name) or match_by_first_words(
            self._in_departements(departements), name
        )
        if guess is not None:
            return guess, (
                f"commune « {name} » inconnue sous ce nom (code postal « {postcode} ») : "
                f"rapprochée de « {guess.nom} », seule commune du département dont le nom "
                "commence ainsi (nom postal ou CEDEX ?)"
            )
        if not candidates:
            where = f", et aucune commune « {name} » dans son département" if name else ""
            hint = (
                " (les collectivités d'outre-mer — Saint-Martin, Saint-Barthélemy, "
                "Saint-Pierre-et-Miquelon, Pacifique — sont hors du référentiel)"
                if postcode[:2] in ("97", "98") and not set(departements) & self.departements
                else ""
            )
            raise LocationError(f"code postal inconnu « {postcode} »{where}{hint}")
        raise LocationError(
            f"le code postal « {postcode} » couvre plusieurs communes et le nom "
            f"« {name or ''} » n'en désigne aucune"
        )

    def _in_departements(self, departements: tuple[str, ...]) -> list[Commune]:
        """The communes of these départements, most populated first."""
        return [c for d in departements for c in self._by_departement.get(d, [])]

    def _named_in(self, name: str | None, departements: tuple[str, ...]) -> list[Commune]:
        wanted = normalise_name(name or "")
        if not wanted or not departements:
            return []
        arrondissement = arrondissement_of(wanted)
        if arrondissement is not None and arrondissement in self._by_arrondissement:
            named = [self._by_arrondissement[arrondissement]]
        else:
            named = self._by_name.get(arrondissement[0] if arrondissement else wanted, [])
        return [c for c in named if c.departement_code in departements]

    def _by_name_alone(self, name: str | None) -> Commune:
        wanted = normalise_name(name or "")
        arrondissement = arrondissement_of(wanted)
        if arrondissement is not None and arrondissement in self._by_arrondissement:
            return self._by_arrondissement[arrondissement]
        named = self._by_name.get(wanted, [])
        if len(named) == 1:
            return named[0]
        if not name:
            raise LocationError("ni code INSEE, ni code postal, ni nom de commune")
        if named:
            raise LocationError(f"la commune « {name} » est ambiguë sans code postal")
        raise LocationError(f"commune inconnue « {name} »")

    def commune_for(
        self, code_insee: str | None, postcode: str | None, name: str | None
    ) -> Commune:
        return self._commune_for(code_insee, postcode, name)[0]

    def _commune_for(
        self, code_insee: str | None, postcode: str | None, name: str | None
    ) -> tuple[Commune, str | None]:
        if code_insee:
            commune = self.communes.get(code_insee)
            if commune is not None:
                return commune, None
            # Sources often put a postcode where the INSEE code belongs.
            if postcode or name or code_insee in self._by_postcode:
                try:
                    found, note = self._by_postcode_and_name(postcode or code_insee, name)
                except LocationError:
                    pass
                else:
                    return found, note and (
                        f"code INSEE inconnu « {code_insee} » : commune « {found.nom} » "
                        "retrouvée par son nom"
                    )
            raise LocationError(f"code INSEE inconnu « {code_insee} »")
        return self._by_postcode_and_name(postcode, name)

    def commune_at(self, longitude: float, latitude: float) -> Commune | None:
        if (longitude, latitude) in self._prefetched:
            return self._prefetched[(longitude, latitude)]
        if not (math.isfinite(longitude) and math.isfinite(latitude)):
            return None
        point = shapely.Point(longitude, latitude)
        hits = self._tree.query(point, predicate="intersects")
        if len(hits):
            return self._most_precise(hits.tolist())
        return self._near_coast(point)

    def prefetch(self, points: Iterable[tuple[float, float]]) -> None:
        """Find the communes of many points in one vectorised query, for the following
        ``commune_at`` calls (looking them up one by one costs ten times more)."""
        wanted = list(dict.fromkeys(points))
        self._prefetched = {}
        if not wanted:
            return
        lons, lats = zip(*wanted, strict=True)
        inputs, hits = self._tree.query(shapely.points(lons, lats), predicate="intersects")
        by_point: dict[int, list[int]] = defaultdict(list)
        for position, hit in zip(inputs.tolist(), hits.tolist(), strict=True):
            by_point[position].append(hit)
        for position, point in enumerate(wanted):
            found = by_point.get(position)
            if found:
                self._prefetched[point] = self._most_precise(found)
            elif all(math.isfinite(v) for v in point):
                self._prefetched[point] = self._near_coast(shapely.Point(*point))

    def _most_precise(self, hits: list[int]) -> Commune:
        # The arrondissement is more precise than its city; then the first contour.
        best = min(hits, key=lambda i: (self.communes[self._contour_codes[i]].type != "ARM", i))
        return self.communes[self._contour_codes[best]]

    def _near_coast(self, point: shapely.Point) -> Commune | None:
        tolerance = COAST_TOLERANCE_KM / _KM_PER_DEGREE
        nearest = self._tree.query_nearest(point, max_distance=tolerance)
        if len(nearest):
            return self.communes[self._contour_codes[nearest[0]]]
        return None

    def _km_outside(self, commune: Commune, longitude: float, latitude: float) -> float:
        contour = self._contour_of.get(commune.code)
        if contour is None:
            contour = shapely.Point(commune.longitude, commune.latitude)
        return _degrees_to_km(contour.distance(shapely.Point(longitude, latitude)), latitude)

    def _related(self, a: Commune, b: Commune) -> bool:
        return a.code == b.code or a.parent_code == b.code or b.parent_code == a.code

    # -- records ------------------------------------------------------------------------

    def locate(
        self,
        *,
        code_insee: str | None,
        code_postal: str | None,
        commune: str | None,
        longitude: float | None,
        latitude: float | None,
    ) -> Location | None:
        """Where a record is, or None when it gives no place at all.

        Raises LocationError when it names a place we cannot find.
        """
        has_place = bool(code_insee or code_postal or commune)
        stated: Commune | None = None
        stated_note: str | None = None
        stated_error: LocationError | None = None
        if has_place:
            try:
                stated, stated_note = self._commune_for(code_insee, code_postal, commune)
            except LocationError as error:
                stated_error = error

        note = None
        if longitude is not None and latitude is not None:
            attempts = [(longitude, latitude), (latitude, longitude)]  # swapped axes happen
            for lon, lat in attempts:
                if not (math.isfinite(lon) and math.isfinite(lat)):
                    break
                at = self.commune_at(lon, lat)
                if at is None:
                    continue
                if stated is None or self._related(at, stated):
                    return Location(lon, lat, "source", at)
                if self._km_outside(stated, lon, lat) <= NEAR_STATED_COMMUNE_KM:
                    return Location(lon, lat, "source", at)
            note = "coordonnées de la source hors de France ou loin de la commune indiquée"

        if stated is not None:
            notes = "; ".join(n for n in (stated_note, note) if n) or None
            return Location(stated.longitude, stated.latitude, "commune", stated, notes)
        if stated_error is not None:
            raise stated_error
        if note is not None:
            raise LocationError(note)
        return None

    # -- eligibility zones ----------------------------------------------------------------

    def repair_zone(self, codes: list[str]) -> tuple[list[str], list[str]]:
        """Known codes kept, postcodes turned into their one commune; the rest reported."""
        kept: list[str] = []
        problems: list[str] = []
        for code in codes:
            if (
                code in ("france", "99100")
                or code in self.communes
                or code in self.departements
                or code in self.epcis
            ):
                kept.append(code)
                continue
            candidates = [c for c in self._by_postcode.get(code, []) if c.type == "COM"]
            if len(candidates) == 1:
                kept.append(candidates[0].code)
                problems.append(
                    f"zone d'éligibilité : code postal « {code} » remplacé par le code "
                    f"INSEE {candidates[0].code} ({candidates[0].nom})"
                )
            else:
                problems.append(f"zone d'éligibilité : code inconnu « {code} » ignoré")
        return list(dict.fromkeys(kept)), problems
