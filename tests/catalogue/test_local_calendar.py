"""The calendar of a place: its time zone and its public holidays."""

from __future__ import annotations

from datetime import date

import pytest

from catalogue.local_calendar import (
    PARIS,
    is_public_holiday,
    next_public_holiday,
    subdivision,
    time_zone,
)


@pytest.mark.parametrize(
    ("day", "code", "holiday"),
    [
        (date(2024, 4, 1), None, True),  # lundi de Pâques (Easter on 31 March)
        (date(2025, 4, 21), None, True),
        (date(2026, 4, 6), None, True),
        (date(2038, 4, 26), None, True),
        (date(2026, 5, 25), None, True),  # lundi de Pentecôte
        (date(2026, 11, 11), "13150", True),
        (date(2026, 4, 3), None, False),  # Vendredi saint: only in Alsace-Moselle
        (date(2026, 4, 3), "67000", True),
        (date(2026, 12, 26), "57000", True),
        (date(2026, 12, 26), "68100", True),
        (date(2026, 12, 26), "13150", False),
        (date(2026, 3, 10), None, False),
        # Abolition of slavery, each on its own day (none of them in Paris).
        (date(2026, 12, 20), "97411", True),  # Réunion
        (date(2026, 12, 20), "75056", False),
        (date(2026, 5, 27), "97105", True),  # Guadeloupe
        (date(2026, 5, 22), "97209", True),  # Martinique
        (date(2026, 5, 22), "97105", False),
        (date(2026, 6, 10), "97302", True),  # Guyane
        (date(2026, 4, 27), "97611", True),  # Mayotte
        (date(2026, 10, 9), "97701", True),  # Saint-Barthélemy (INSEE code)
        (date(2026, 10, 9), "97133", True),  # … and its postcode, Guadeloupe's range
        (date(2026, 10, 9), "97100", False),
    ],
)
def test_public_holidays_of_a_place(day: date, code: str | None, holiday: bool) -> None:
    assert is_public_holiday(day, code) is holiday


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("97300", "America/Cayenne"),
        ("97411", "Indian/Reunion"),
        ("97105", "America/Guadeloupe"),
        ("97209", "America/Martinique"),
        ("97611", "Indian/Mayotte"),
        ("97133", "America/St_Barthelemy"),
        ("98735", "Pacific/Tahiti"),
        ("13150", "Europe/Paris"),
        ("2A004", "Europe/Paris"),
    ],
)
def test_overseas_places_keep_their_own_clock(code: str, zone: str) -> None:
    assert str(time_zone(code)) == zone


def test_a_place_without_code_is_in_paris_with_the_national_holidays() -> None:
    assert time_zone(None) is PARIS
    assert subdivision(None) is None and subdivision("13150") is None
    assert subdivision("67000") == subdivision("68100") == "6AE"


@pytest.mark.parametrize(
    ("after", "code", "holiday"),
    [
        (date(2026, 12, 19), "97411", date(2026, 12, 20)),
        (date(2026, 12, 19), "75056", date(2026, 12, 25)),
        (date(2026, 12, 25), "67000", date(2026, 12, 26)),
        (date(2026, 12, 26), "67000", date(2027, 1, 1)),
    ],
)
def test_the_next_public_holiday_of_a_place(after: date, code: str, holiday: date) -> None:
    assert next_public_holiday(after, code) == holiday
