"""French public holidays (``PH`` in opening hours) and the time zone of a place.

National holidays everywhere; Alsace-Moselle (57, 67, 68) adds Good Friday and
26 December. Overseas départements keep their own clocks (a service in Cayenne opens at
9 h, Cayenne time).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
}
_ALSACE_MOSELLE = frozenset({"57", "67", "68"})


def fuseau(code: str | None) -> ZoneInfo:
    """The time zone of a place, from its postcode or INSEE code (Paris when unknown)."""
    if code and code[:3] in _ZONES:
        return ZoneInfo(_ZONES[code[:3]])
    return PARIS


def paques(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def jours_feries(year: int, alsace_moselle: bool = False) -> frozenset[date]:
    easter = paques(year)
    days = {
        date(year, 1, 1),
        easter + timedelta(days=1),  # lundi de Pâques
        date(year, 5, 1),
        date(year, 5, 8),
        easter + timedelta(days=39),  # Ascension
        easter + timedelta(days=50),  # lundi de Pentecôte
        date(year, 7, 14),
        date(year, 8, 15),
        date(year, 11, 1),
        date(year, 11, 11),
        date(year, 12, 25),
    }
    if alsace_moselle:
        days |= {easter - timedelta(days=2), date(year, 12, 26)}
    return frozenset(days)


def est_ferie(day: date, code: str | None = None) -> bool:
    """Whether ``day`` is a public holiday at a place (postcode or INSEE code)."""
    return day in jours_feries(day.year, code is not None and code[:2] in _ALSACE_MOSELLE)
