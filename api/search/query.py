"""A search request, validated and resolved: what both backends receive."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from catalogue.geography.lookup import CommuneRef
from catalogue.records.closures import today


@dataclass(frozen=True)
class ResolvedLocation:
    """The point P and commune C a search is about, and the radius R."""

    longitude: float
    latitude: float
    commune: CommuneRef
    radius_km: float
    # "commune" (its town hall) unless an address was found: "adresse" or "rue", with
    # the geocoder's label of it.
    precision: str = "commune"
    label: str | None = None


@dataclass(frozen=True)
class SearchQuery:
    location: ResolvedLocation
    # Each filter matches any of its values; filters combine with AND. Empty = no filter.
    freins: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()  # sub-thématiques (categories already expanded)
    publics: tuple[str, ...] = ()
    frais: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    modes_accueil: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    q: str | None = None
    masquer_doublons: bool = False
    # The day « closed today » is about (France's), fixed when the query is built.
    today: date = field(default_factory=today)
    page: int = 1
    taille: int = 20

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.taille


@dataclass(frozen=True)
class Hit:
    uid: str
    distance_km: float | None  # None: offered remotely, not within reach in person


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    engine: str = "postgis"
    remote_total: int = 0  # of ``total``, those reachable only at a distance
