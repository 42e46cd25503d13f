"""Soliguide's weekly hours → OpenStreetMap ``opening_hours``, and dates in French."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from catalogue.opening_hours import closed_between, french_date, from_soliguide, osm_date

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def week(*open_days: tuple[str, list[tuple[int, int]]], **extra: Any) -> dict[str, Any]:
    """A Soliguide ``newhours`` object: the given days open with their slots."""
    hours: dict[str, Any] = {day: {"open": False, "timeslot": []} for day in DAYS}
    for day, slots in open_days:
        hours[day] = {"open": True, "timeslot": [{"start": s, "end": e} for s, e in slots]}
    return {**hours, **extra}


WORKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
MORNING_AND_AFTERNOON = [(930, 1200), (1400, 1730)]


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (week(("monday", [(800, 1700)])), "Mo 08:00-17:00"),
        (week(*((d, MORNING_AND_AFTERNOON) for d in WORKDAYS)), "Mo-Fr 09:30-12:00,14:00-17:30"),
        (
            week(("monday", [(930, 1200)]), ("thursday", [(930, 1200)])),
            "Mo 09:30-12:00; Th 09:30-12:00",
        ),
        (
            week(
                ("monday", [(900, 1200)]), ("tuesday", [(900, 1200)]), ("wednesday", [(1400, 1800)])
            ),
            "Mo-Tu 09:00-12:00; We 14:00-18:00",
        ),
        (week(*((d, [(0, 2359)]) for d in DAYS)), "24/7"),
        (week(("saturday", [(0, 2359)]), ("sunday", [(0, 2359)])), "Sa-Su 00:00-24:00"),
        (week(("friday", [(2000, 800)])), "Fr 20:00-08:00"),
        (week(("monday", [(1400, 1800), (900, 1200)])), "Mo 09:00-12:00,14:00-18:00"),
        (week(("monday", [(800, 1700)]), closedHolidays="CLOSED"), "Mo 08:00-17:00; PH off"),
        (week(("monday", [(800, 1700)]), closedHolidays="UNKNOWN"), "Mo 08:00-17:00"),
        (
            {"monday": {"open": True, "timeslot": [{"start": "0830", "end": "1215"}]}},
            "Mo 08:30-12:15",
        ),
    ],
    ids=[
        "one-day",
        "weekdays-grouped",
        "separate-days",
        "two-groups",
        "always-open",
        "whole-weekend",
        "overnight",
        "slots-sorted",
        "holidays-closed",
        "holidays-unknown",
        "times-as-strings",
    ],
)
def test_weekly_hours_become_an_osm_string(hours: dict[str, Any], expected: str) -> None:
    assert from_soliguide(hours) == expected


@pytest.mark.parametrize(
    "hours",
    [
        None,
        "Mo-Fr 09:00-17:00",
        week(),
        week(("monday", [(800, 800)])),
        week(("monday", [(2500, 2600)])),
        week(("monday", [(870, 1000)])),
        {"monday": {"open": True, "timeslot": "9h-12h"}},
        {"monday": {"open": True, "timeslot": [{"start": True, "end": 1200}]}},
    ],
    ids=[
        "missing", "not-an-object", "all-closed", "empty-slot", "hour-out-of-range",
        "minute-out-of-range", "slots-not-a-list", "boolean-time",
    ],
)  # fmt: skip
def test_hours_that_say_nothing_usable_give_none(hours: Any) -> None:
    assert from_soliguide(hours) is None


def test_a_day_marked_closed_is_closed_even_with_slots() -> None:
    hours = week(("monday", [(800, 1200)]))
    hours["tuesday"] = {"open": False, "timeslot": [{"start": 800, "end": 1200}]}
    assert from_soliguide(hours) == "Mo 08:00-12:00"


def test_a_closure_adds_an_off_date_range_in_english_month_names() -> None:
    rule = closed_between("Mo 08:00-17:00", date(2022, 3, 3), date(2022, 4, 10))
    assert rule == "Mo 08:00-17:00; 2022 Mar 03-2022 Apr 10 off"
    assert osm_date(date(2023, 12, 25)) == "2023 Dec 25"


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2022, 3, 3), "3 mars 2022"), (date(2024, 8, 1), "1er août 2024"),
     (date(2019, 12, 31), "31 décembre 2019")],
)  # fmt: skip
def test_dates_are_written_the_french_way(day: date, expected: str) -> None:
    assert french_date(day) == expected
