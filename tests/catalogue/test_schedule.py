"""Opening hours evaluated at a place: opening-hours-py with the place's own holidays."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from opening_hours import State

from catalogue.local_calendar import PARIS
from catalogue.schedule import HorairesInvalides, Schedule, lire

BASTILLE_DAY = datetime(2026, 7, 14, 11, 0, tzinfo=PARIS)  # a Tuesday
NEXT_DAY = datetime(2026, 7, 15, 11, 0, tzinfo=PARIS)
ORDINARY_TUESDAY = datetime(2026, 7, 7, 11, 0, tzinfo=PARIS)
SATURDAY_AFTERNOON = datetime(2026, 7, 11, 15, 0, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("hours", "now", "state"),
    [
        # PH alone, or with weekdays (a union, with a comma or a space).
        ("Mo-Fr 09:00-17:00; PH off", BASTILLE_DAY, State.CLOSED),
        ("Mo-Fr 09:00-17:00; PH off", ORDINARY_TUESDAY, State.OPEN),
        ("Sa,PH 10:00-12:00", BASTILLE_DAY, State.OPEN),
        ("Sa,PH 10:00-12:00", ORDINARY_TUESDAY, State.CLOSED),
        ("PH Sa 10:00-12:00", BASTILLE_DAY, State.OPEN),
        ("Su,PH off; Mo-Sa 09:00-17:00", BASTILLE_DAY, State.OPEN),  # a later rule wins
        # The day after a holiday.
        ("Mo-Fr 09:00-17:00; PH +1 day off", NEXT_DAY, State.CLOSED),
        ("Mo-Fr 09:00-17:00; PH +1 day off", BASTILLE_DAY, State.OPEN),
        # A comment naming PH is not a rule.
        ('Mo-Fr 09:00-17:00 "sauf PH"', BASTILLE_DAY, State.OPEN),
    ],
)
def test_ph_follows_the_holidays_of_the_place(hours: str, now: datetime, state: State) -> None:
    assert Schedule(hours, "75056").state(now) is state


@pytest.mark.parametrize(
    ("hours", "now", "state"),
    [
        # Spaces around ranges and lists, as sources write them: one rule, not two.
        ("Mo - Fr 09:00 - 12:00 , 14:00-17:00", ORDINARY_TUESDAY + timedelta(hours=4), State.OPEN),
        ("Mo - Fr 09:00 - 12:00 , 14:00-17:00", SATURDAY_AFTERNOON, State.CLOSED),
        ("Mo-Fr 09:00-12:00;", ORDINARY_TUESDAY, State.OPEN),
        ('"Sur rendez-vous"', ORDINARY_TUESDAY, State.UNKNOWN),
    ],
)  # fmt: skip
def test_what_sources_write_is_read_as_meant(hours: str, now: datetime, state: State) -> None:
    assert Schedule(hours).state(now) is state


def test_spans_are_merged_across_days_in_the_place_time_zone() -> None:
    schedule = Schedule("Sa-Su 00:00-24:00", "97411")
    start = datetime(2026, 7, 10, 22, 0, tzinfo=PARIS)  # Saturday 00:00 in Réunion
    spans = schedule.spans(start, start + timedelta(days=3))
    opened = [s for s in spans if s.state is State.OPEN]
    assert len(opened) == 1
    assert opened[0].start == start and str(opened[0].start.tzinfo) == "Indian/Reunion"
    assert opened[0].end - opened[0].start == timedelta(days=2)


@pytest.mark.parametrize("hours", ["", "Lu-Ve 9h-12h", "Mo-Fr sunset-22:00", "SH off"])
def test_hours_that_cannot_be_evaluated_are_refused(hours: str) -> None:
    with pytest.raises(HorairesInvalides):
        Schedule(hours)
    assert lire(hours) is None
