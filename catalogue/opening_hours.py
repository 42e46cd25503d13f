"""Weekly opening hours written as OpenStreetMap ``opening_hours`` strings, and dates in
French (reading and evaluating the strings: ``catalogue.schedule``).

Pure functions, no I/O: the importers (Soliguide, HSDS) and the service form's weekly grid
feed them Soliguide-shaped ``newhours`` objects
(``{"monday": {"open": true, "timeslot": [{"start": 930, "end": 1200}]}, …}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

# Soliguide's day keys, in OSM's order, with OSM's two-letter names.
WEEK = (
    ("monday", "Mo"),
    ("tuesday", "Tu"),
    ("wednesday", "We"),
    ("thursday", "Th"),
    ("friday", "Fr"),
    ("saturday", "Sa"),
    ("sunday", "Su"),
)
# OSM's month names are English whatever the locale, so never strftime("%b").
_OSM_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FRENCH_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_ALL_DAY = "00:00-24:00"


def _clock(value: Any) -> tuple[int, int] | None:
    """``930`` or ``"0930"`` → (9, 30); None when it is not a time of day."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < 0:
        return None
    hour, minute = divmod(value, 100)
    if minute > 59 or hour > 24 or (hour == 24 and minute):
        return None
    return hour, minute


def _slot(slot: Any) -> str | None:
    if not isinstance(slot, Mapping):
        return None
    start, end = _clock(slot.get("start")), _clock(slot.get("end"))
    if start is None or end is None or start == end:
        return None
    if end == (23, 59):  # Soliguide's way of saying "until midnight"
        end = (24, 0)
    return f"{start[0]:02d}:{start[1]:02d}-{end[0]:02d}:{end[1]:02d}"


def _day(day: Any) -> str | None:
    """A day's slots in OSM syntax (sorted, without repeats), or None when closed."""
    if not isinstance(day, Mapping) or not day.get("open"):
        return None
    slots = day.get("timeslot")
    if not isinstance(slots, list):
        return None
    found = sorted({s for s in (_slot(slot) for slot in slots) if s is not None})
    return ",".join(found) or None


def from_soliguide(hours: Any) -> str | None:
    """A Soliguide ``newhours`` object in OSM syntax, or None when no day is open.

    Consecutive days with the same slots are grouped (``Mo-Fr 09:00-12:00``); public
    holidays are said to be closed only when the source says so.
    """
    if not isinstance(hours, Mapping):
        return None
    days = [(osm, _day(hours.get(key))) for key, osm in WEEK]
    if all(slots == _ALL_DAY for _, slots in days):
        rules = ["24/7"]
    else:
        rules = []
        run: list[str] = []
        for index, (osm, slots) in enumerate(days):
            run.append(osm)
            following = days[index + 1][1] if index + 1 < len(days) else None
            if slots != following or index + 1 == len(days):
                if slots is not None:
                    span = run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}"
                    rules.append(f"{span} {slots}")
                run = []
        if not rules:
            return None
    if hours.get("closedHolidays") == "CLOSED":
        rules.append("PH off")
    return "; ".join(rules)


def osm_date(day: date) -> str:
    """``2022 Mar 03``, as OSM date ranges spell a day."""
    return f"{day.year} {_OSM_MONTHS[day.month - 1]} {day.day:02d}"


def closed_between(rule: str, start: date, end: date) -> str:
    """``rule`` with the days from ``start`` to ``end`` (inclusive) closed."""
    return f"{rule}; {osm_date(start)}-{osm_date(end)} off"


def french_date(day: date) -> str:
    """``3 mars 2022`` (``1er`` for the first of the month, as French writes it)."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {FRENCH_MONTHS[day.month - 1]} {day.year}"
