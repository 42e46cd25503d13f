"""The opening-hours evaluator: the common subset of OSM ``opening_hours``, in French."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from map.feries import PARIS, est_ferie, fuseau, paques
from map.horaires import afficher, comprendre, etat, phrase, semaine

OFFICE = "Mo-Fr 09:00-12:00,14:00-17:00; PH off"
NBSP = "\u00a0"


def at(text: str, *args: int) -> datetime:
    """An aware datetime in Paris; ``text`` only documents the weekday."""
    moment = datetime(*args, tzinfo=PARIS)
    assert moment.strftime("%a") == text, moment
    return moment


@pytest.mark.parametrize(
    ("hours", "now", "open_", "said"),
    [
        (OFFICE, at("Tue", 2026, 3, 10, 10, 0), True, f"Ouvert maintenant · ferme à 12{NBSP}h"),
        (OFFICE, at("Tue", 2026, 3, 10, 12, 0), False, f"Fermé · ouvre à 14{NBSP}h"),
        (OFFICE, at("Tue", 2026, 3, 10, 8, 59), False, f"Fermé · ouvre à 9{NBSP}h"),
        (OFFICE, at("Tue", 2026, 3, 10, 16, 59), True, f"Ouvert maintenant · ferme à 17{NBSP}h"),
        (OFFICE, at("Fri", 2026, 3, 13, 17, 30), False, f"Fermé · ouvre lundi à 9{NBSP}h"),
        (OFFICE, at("Sun", 2026, 3, 15, 11, 0), False, f"Fermé · ouvre demain à 9{NBSP}h"),
        # Public holidays: Ascension 2026 is Thursday 14 May, 14 July is a Tuesday.
        (OFFICE, at("Thu", 2026, 5, 14, 10, 0), False, f"Fermé · ouvre demain à 9{NBSP}h"),
        (OFFICE, at("Tue", 2026, 7, 14, 10, 0), False, f"Fermé · ouvre demain à 9{NBSP}h"),
        # Without "PH off", a holiday is a day like the others.
        ("Mo-Fr 09:00-17:00", at("Thu", 2026, 5, 14, 10, 0), True, None),
        # Several rules: the later one overrides the days it names.
        ("Mo-Fr 09:00-17:00; We off", at("Wed", 2026, 3, 11, 10, 0), False, None),
        ("Mo-Fr 09:00-17:00; We 14:00-16:00", at("Wed", 2026, 3, 11, 10, 0), False, None),
        ("Mo-Fr 09:00-17:00; We 14:00-16:00", at("Wed", 2026, 3, 11, 15, 0), True, None),
        ("Mo,We,Fr 09:00-12:00; Sa 10:00-12:30", at("Sat", 2026, 3, 14, 12, 15), True, None),
        ("Mo,We,Fr 09:00-12:00; Sa 10:00-12:30", at("Tue", 2026, 3, 10, 10, 0), False, None),
        # Past midnight, and a week that wraps around (Fr-Mo).
        ("Fr-Mo 22:00-02:00", at("Sat", 2026, 3, 14, 1, 30), True, None),
        ("Fr-Mo 22:00-02:00", at("Tue", 2026, 3, 10, 1, 30), True, None),
        ("Fr-Mo 22:00-02:00", at("Wed", 2026, 3, 11, 1, 30), False, None),
        ("24/7", at("Sun", 2026, 3, 15, 3, 0), True, "Ouvert maintenant"),
        ("24/7; PH off", at("Thu", 2026, 5, 14, 3, 0), False, None),
        ("off", at("Tue", 2026, 3, 10, 10, 0), False, "Fermé"),
        # A bare time range is every day; a comment is kept.
        ("10:00-18:00", at("Sun", 2026, 3, 15, 11, 0), True, None),
        (
            'Mo-Fr 08:30-12:30 open "Sans rendez-vous"; PH off',
            at("Mon", 2026, 3, 9, 9, 0),
            True,
            None,
        ),
        # Spaces around separators, as sources write them.
        ("Mo-Fr 09:00 - 12:00 , 14:00-17:00", at("Mon", 2026, 3, 9, 15, 0), True, None),
    ],
)
def test_open_or_closed_at_a_given_time(
    hours: str, now: datetime, open_: bool, said: str | None
) -> None:
    parsed = comprendre(hours)
    assert parsed is not None
    state = etat(parsed, now)
    assert state.ouvert is open_
    if said is not None:
        assert phrase(state, now) == said


@pytest.mark.parametrize(
    "hours",
    [
        None,
        "",
        "   ",
        "9.00 à 12.00 - 14.00 à 17.00",  # a real source's text
        "Jan-Mar Mo 10:00-12:00",
        "Mo-Fr 09:00-17:00 || Sa 10:00-12:00",
        "Mo-Fr sunrise-sunset",
        "Mo 12:00-14:00 off",
        "SH off",
        "Mo-Fr 25:00-26:00",
        "Mo-Fr 09:60-10:00",
        "Mo-Fr 09:00-09:00",
        "Lu-Ve 09:00-17:00",
        'Mo-Fr 09:00-17:00 "unterminated',
        "Mo-Fr 09:00-12:00, We 14:00-16:00",
    ],
)
def test_hours_outside_the_subset_are_not_guessed(hours: str | None) -> None:
    assert comprendre(hours) is None
    assert afficher(hours, at("Tue", 2026, 3, 10, 10, 0)) is None


@pytest.mark.parametrize(
    ("hours", "week"),
    [
        (
            OFFICE,
            [
                ("Du lundi au vendredi", f"9{NBSP}h – 12{NBSP}h et 14{NBSP}h – 17{NBSP}h"),
                ("Samedi et dimanche", "Fermé"),
            ],
        ),
        (
            "Mo,We,Fr 08:45-12:15; Sa 10:00-12:30",
            [
                ("Lundi, mercredi et vendredi", f"8{NBSP}h{NBSP}45 – 12{NBSP}h{NBSP}15"),
                ("Mardi, jeudi et dimanche", "Fermé"),
                ("Samedi", f"10{NBSP}h – 12{NBSP}h{NBSP}30"),
            ],
        ),
        ("24/7", [("Tous les jours", f"24{NBSP}h/24")]),
        (
            'Mo-Fr 08:30-12:30 open "Sans rendez-vous"',
            [
                (
                    "Du lundi au vendredi",
                    f"8{NBSP}h{NBSP}30 – 12{NBSP}h{NBSP}30 (Sans rendez-vous)",
                ),
                ("Samedi et dimanche", "Fermé"),
            ],
        ),
        (
            "Tu,Th 22:00-02:00",
            [
                ("Lundi, mercredi et du vendredi au dimanche", "Fermé"),
                ("Mardi et jeudi", f"22{NBSP}h – 2{NBSP}h"),
            ],
        ),
    ],
)
def test_the_week_is_said_in_french(hours: str, week: list[tuple[str, str]]) -> None:
    parsed = comprendre(hours)
    assert parsed is not None
    assert semaine(parsed) == week


def test_public_holidays_are_said_when_the_hours_name_them() -> None:
    shown = afficher(OFFICE, at("Tue", 2026, 3, 10, 10, 0))
    assert shown is not None and shown.feries == "Fermé"
    shown = afficher("Mo-Fr 09:00-17:00", at("Tue", 2026, 3, 10, 10, 0))
    assert shown is not None and shown.feries is None


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert paques(year) == easter


@pytest.mark.parametrize(
    ("day", "code", "holiday"),
    [
        (date(2026, 4, 6), None, True),  # lundi de Pâques
        (date(2026, 5, 25), None, True),  # lundi de Pentecôte
        (date(2026, 11, 11), "13150", True),
        (date(2026, 4, 3), None, False),  # Vendredi saint: only in Alsace-Moselle
        (date(2026, 4, 3), "67000", True),
        (date(2026, 12, 26), "57000", True),
        (date(2026, 12, 26), "13150", False),
        (date(2026, 3, 10), None, False),
    ],
)
def test_french_public_holidays(day: date, code: str | None, holiday: bool) -> None:
    assert est_ferie(day, code) is holiday


def test_overseas_services_open_on_their_own_clock() -> None:
    assert str(fuseau("97300")) == "America/Cayenne"
    assert str(fuseau("97411")) == "Indian/Reunion"
    assert fuseau("13150") is PARIS and fuseau(None) is PARIS
    # 9 h in Cayenne is 13 h in Paris: an office opening at 9 h is open then.
    now = datetime(2026, 3, 10, 9, 30, tzinfo=fuseau("97300"))
    shown = afficher("Mo-Fr 09:00-17:00", now, "97300")
    assert shown is not None and shown.ouvert
