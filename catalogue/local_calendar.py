"""The calendar of a place in France: its time zone and its public holidays.

Both follow from the département in the place's postcode or INSEE code. Overseas
départements and collectivités keep their own clocks (a service in Cayenne opens at 9 h,
Cayenne time) and their own holidays (the abolition of slavery: 20 December in Réunion,
27 May in Guadeloupe…); Alsace-Moselle adds Good Friday and 26 December. The holidays
come from the ``holidays`` package, which keeps these rules.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from zoneinfo import ZoneInfo

import holidays

PARIS = ZoneInfo("Europe/Paris")
# First three characters of a postcode or INSEE code → time zone, holidays subdivision.
_OVERSEAS = {
    "971": ("America/Guadeloupe", "971"),
    "972": ("America/Martinique", "972"),
    "973": ("America/Cayenne", "973"),
    "974": ("Indian/Reunion", "974"),
    "975": ("America/Miquelon", "PM"),
    "976": ("Indian/Mayotte", "976"),
    "977": ("America/St_Barthelemy", "BL"),
    "978": ("America/Marigot", "MF"),
    "986": ("Pacific/Wallis", "WF"),
    "987": ("Pacific/Tahiti", "PF"),
    "988": ("Pacific/Noumea", "NC"),
}
# Saint-Barthélemy and Saint-Martin kept Guadeloupe's postcodes (INSEE codes 977, 978).
_POSTCODES = {"97133": "977", "97150": "978"}
_ALSACE_MOSELLE = {"57": "57", "67": "6AE", "68": "6AE"}


def _territory(code: str | None) -> tuple[str, str] | None:
    if not code:
        return None
    return _OVERSEAS.get(_POSTCODES.get(code, code[:3]))


def time_zone(code: str | None) -> ZoneInfo:
    """The time zone of a place, from its postcode or INSEE code (Paris when unknown)."""
    territory = _territory(code)
    return ZoneInfo(territory[0]) if territory else PARIS


def subdivision(code: str | None) -> str | None:
    """The ``holidays`` subdivision of a place with holidays of its own, else None."""
    territory = _territory(code)
    if territory:
        return territory[1]
    return _ALSACE_MOSELLE.get(code[:2]) if code else None


@cache
def _holidays(subdiv: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("FR", subdiv=subdiv, years=year))


def is_public_holiday(day: date, code: str | None = None) -> bool:
    """Whether ``day`` is a public holiday at a place (postcode or INSEE code)."""
    return day in _holidays(subdivision(code), day.year)


def next_public_holiday(after: date, code: str | None = None) -> date:
    """The first public holiday at a place after ``after``."""
    subdiv = subdivision(code)
    return min(
        day
        for year in (after.year, after.year + 1)
        for day in _holidays(subdiv, year)
        if day > after
    )
