"""Opening hours as the pages say them, in French: open or closed now and until when, the
usual week, public holidays. The hours are evaluated by ``catalogue.schedule`` (the whole
OpenStreetMap syntax, the place's time zone and holidays); hours it cannot read (or whose
state is ``unknown``) are not guessed: ``afficher`` returns None and the pages show the
source's text as it is; days whose state is unknown are « Non précisé ».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from opening_hours import State

from catalogue.local_calendar import next_public_holiday
from catalogue.schedule import Schedule, Span, lire

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAY = 24 * 60
# How far ahead the next opening is looked for.
HORIZON_DAYS = 8
NBSP = "\u00a0"


@dataclass(frozen=True)
class Etat:
    ouvert: bool
    # When it closes (open) or next opens (closed); None: not within the coming week.
    changement: datetime | None


def _open(spans: list[Span]) -> list[Span]:
    return [s for s in spans if s.state is State.OPEN]


def etat(horaires: Schedule, now: datetime) -> Etat:
    """Open or closed at ``now`` (any aware datetime), and until when, at the place."""
    now = now.astimezone(horaires.zone)
    horizon = horaires.midnight(now.date() + timedelta(days=HORIZON_DAYS - 1))
    for span in _open(horaires.spans(now, horizon + timedelta(days=1))):
        if span.start <= now < span.end:
            return Etat(True, span.end if span.end < horizon else None)
        if span.start > now:
            return Etat(False, span.start)
    return Etat(False, None)


def heure(minutes: int) -> str:
    """``570`` → « 9 h 30 »; ``1440`` → « 24 h » (non-breaking spaces)."""
    h, m = divmod(minutes, 60)
    return f"{h}{NBSP}h{NBSP}{m:02d}" if m else f"{h}{NBSP}h"


def _when(moment: datetime, now: datetime) -> str:
    days = (moment.date() - now.date()).days
    at = heure(moment.hour * 60 + moment.minute)
    if days == 0:
        return f"à {at}"
    if days == 1:
        return f"demain à {at}"
    return f"{JOURS[moment.weekday()]} à {at}"


def phrase(state: Etat, now: datetime) -> str:
    """« Ouvert maintenant · ferme à 12 h », « Fermé · ouvre lundi à 9 h »…"""
    if state.changement is not None:
        now = now.astimezone(state.changement.tzinfo)
    if state.ouvert:
        detail = f" · ferme {_when(state.changement, now)}" if state.changement else ""
        return "Ouvert maintenant" + detail
    detail = f" · ouvre {_when(state.changement, now)}" if state.changement else ""
    return "Fermé" + detail


# One day, in French ------------------------------------------------------------------------


def _minutes(moment: datetime, day: date) -> int:
    return (moment.date() - day).days * DAY + moment.hour * 60 + moment.minute


def _overnight(span: Span) -> bool:
    """Opens one evening and closes the next morning: said on the day it opens."""
    return span.end - span.start < timedelta(days=1) and span.end.date() > span.start.date()


def _around(horaires: Schedule, first: date, last: date, holidays: bool) -> list[Span]:
    """The spans from the day before ``first`` to the day after ``last``."""
    return horaires.spans(
        horaires.midnight(first - timedelta(days=1)),
        horaires.midnight(last + timedelta(days=2)),
        holidays,
    )


def _jour(horaires: Schedule, day: date, spans: list[Span]) -> str:
    """« 9 h – 12 h et 14 h – 17 h », « 22 h – 2 h », « 24 h/24 », « Fermé »… from
    ``spans`` covering the day before and the day after too."""
    midnight, next_midnight = horaires.midnight(day), horaires.midnight(day + timedelta(days=1))
    shown, comments = [], []
    for span in spans:
        if span.end <= midnight or span.start >= next_midnight:
            continue
        if span.comment and span.comment not in comments:
            comments.append(span.comment)
        if span.state is not State.OPEN or (_overnight(span) and span.start < midnight):
            continue
        end = span.end if _overnight(span) else min(span.end, next_midnight)
        shown.append((_minutes(max(span.start, midnight), day), _minutes(end, day)))
    unknown = any(
        s.state is State.UNKNOWN and s.start < next_midnight and s.end > midnight for s in spans
    )
    if not shown:
        text = "Non précisé" if unknown else "Fermé"
    elif shown == [(0, DAY)]:
        text = "24\u00a0h/24"
    else:
        text = " et ".join(f"{heure(s)} – {heure(e if e <= DAY else e - DAY)}" for s, e in shown)
    return f"{text} ({', '.join(comments)})" if comments else text


def _jours(days: list[int]) -> str:
    """[0, 1, 2, 3, 4] → « Du lundi au vendredi »; [0, 2] → « Lundi et mercredi »."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"du {JOURS[run[0]]} au {JOURS[run[-1]]}")
        else:
            parts.extend(JOURS[d] for d in run)
    text = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]
    if days == list(range(7)):
        text = "tous les jours"
    return text[0].upper() + text[1:]


def semaine(horaires: Schedule, now: datetime) -> list[tuple[str, str]]:
    """The coming seven days as (days, hours) lines from Monday, holidays aside, identical
    days together (hours by season or by week show as they are this week)."""
    today = now.astimezone(horaires.zone).date()
    days = sorted((today + timedelta(days=n) for n in range(7)), key=date.weekday)
    spans = _around(horaires, today, today + timedelta(days=6), holidays=False)
    groups: dict[str, list[int]] = {}
    for day in days:
        groups.setdefault(_jour(horaires, day, spans), []).append(day.weekday())
    return [(_jours(weekdays), text) for text, weekdays in groups.items()]


def feries(horaires: Schedule, now: datetime) -> str | None:
    """What happens on the next public holiday of the place, when the hours name them."""
    if 0 not in horaires.offsets:
        return None
    day = next_public_holiday(now.astimezone(horaires.zone).date(), horaires.code)
    return _jour(horaires, day, _around(horaires, day, day, holidays=True))


@dataclass(frozen=True)
class Affichage:
    """What a page shows of some opening hours."""

    ouvert: bool
    phrase: str
    semaine: list[tuple[str, str]]
    feries: str | None


def afficher(text: str | None, now: datetime, code: str | None = None) -> Affichage | None:
    """None when there are no hours, or they cannot be read or are ``unknown`` now (show
    the text); ``code`` (postcode or INSEE code) gives the place's time zone and holidays."""
    horaires = lire(text, code)
    if horaires is None:
        return None
    if horaires.state(now) is State.UNKNOWN:
        return None
    state = etat(horaires, now)
    return Affichage(
        state.ouvert, phrase(state, now), semaine(horaires, now), feries(horaires, now)
    )
