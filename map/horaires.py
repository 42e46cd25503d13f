"""Opening hours in OpenStreetMap syntax: the common subset, evaluated and said in French.

Understood: rules separated by ``;`` (a later rule overrides earlier ones on the days it
names), weekdays as lists and ranges (``Mo-Fr``, ``Mo,We,Fr``, ``Fr-Mo``), ``PH`` (public
holidays), several time ranges (``09:00-12:00,14:00-17:00``, past midnight too), the
modifiers ``off``, ``closed`` and ``open``, a quoted comment, and ``24/7``. Anything else
(months, weeks, school holidays, ``||``, ``sunrise``…) is *not understood*: ``comprendre``
returns None and the pages show the source's text as it is, rather than guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from map.feries import est_ferie

WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
DAY = 24 * 60
# How far ahead the next opening is looked for.
HORIZON_DAYS = 8

_DAY_RANGE = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?$")
_TIME_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")
_COMMENT = re.compile(r'"([^"]*)"\s*$')
_GLUE = re.compile(r"\s*([,-])\s*")
NBSP = "\u00a0"


class NonCompris(ValueError):
    """Outside the supported subset."""


@dataclass(frozen=True)
class Regle:
    jours: frozenset[int]  # weekdays (0 = Monday) the rule names
    feries: bool  # the rule names public holidays (PH)
    plages: tuple[tuple[int, int], ...]  # minutes from midnight; an end past 1440 is overnight
    commentaire: str | None = None

    def vaut_pour(self, weekday: int, ferie: bool) -> bool:
        return weekday in self.jours or (ferie and self.feries)


@dataclass(frozen=True)
class Horaires:
    regles: tuple[Regle, ...]

    def regle(self, weekday: int, ferie: bool) -> Regle | None:
        """The rule in force on such a day: the last one naming it."""
        found = None
        for regle in self.regles:
            if regle.vaut_pour(weekday, ferie):
                found = regle
        return found


def _days(selector: str) -> tuple[frozenset[int], bool]:
    days: set[int] = set()
    holidays = False
    for part in selector.split(","):
        if part == "PH":
            holidays = True
            continue
        match = _DAY_RANGE.match(part)
        if match is None:
            raise NonCompris(part)
        first = WEEKDAYS.index(match.group(1))
        last = WEEKDAYS.index(match.group(2) or match.group(1))
        days.update(d % 7 for d in range(first, last + 1 + (7 if last < first else 0)))
    return frozenset(days), holidays


def _spans(times: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for part in times.split(","):
        match = _TIME_SPAN.match(part)
        if match is None:
            raise NonCompris(part)
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if m1 > 59 or m2 > 59 or h1 > 23 or h2 > 24 or (h2 == 24 and m2):
            raise NonCompris(part)
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if end == start:
            raise NonCompris(part)
        spans.append((start, end if end > start else end + DAY))
    return tuple(sorted(spans))


def _regle(text: str) -> Regle:
    comment = None
    match = _COMMENT.search(text)
    if match is not None:
        comment = match.group(1).strip() or None
        text = text[: match.start()]
    if '"' in text:
        raise NonCompris(text)
    tokens = _GLUE.sub(r"\1", text).split()
    modifier = tokens.pop() if tokens and tokens[-1] in ("off", "closed", "open") else None
    selector = tokens.pop(0) if tokens and tokens[0][:1].isalpha() else None
    if len(tokens) > 1:
        raise NonCompris(text)
    days, holidays = _days(selector) if selector else (frozenset(range(7)), False)
    if modifier in ("off", "closed"):
        if tokens:  # closing part of a day ("12:00-14:00 off") is beyond the subset
            raise NonCompris(text)
        return Regle(days, holidays, (), comment)
    spans = _spans(tokens[0]) if tokens else ((0, DAY),)
    return Regle(days, holidays, spans, comment)


ALWAYS = Regle(frozenset(range(7)), False, ((0, DAY),))


def comprendre(text: str | None) -> Horaires | None:
    """The rules of an ``opening_hours`` string, or None when it is outside the subset."""
    if text is None or not text.strip() or "||" in text:
        return None
    rules = []
    try:
        for part in text.split(";"):
            part = part.strip()
            if not part:
                continue
            rules.append(ALWAYS if part == "24/7" else _regle(part))
    except NonCompris:
        return None
    return Horaires(tuple(rules)) if rules else None


# Evaluation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Etat:
    ouvert: bool
    # When it closes (open) or next opens (closed); None: not within the coming week.
    changement: datetime | None


def _intervals(horaires: Horaires, now: datetime, code: str | None) -> list[list[datetime]]:
    """Opening intervals from the day before ``now`` to the horizon, merged."""
    today = now.date()
    raw = []
    for offset in range(-1, HORIZON_DAYS):
        day = today + timedelta(days=offset)
        regle = horaires.regle(day.weekday(), est_ferie(day, code))
        midnight = datetime.combine(day, time(0), now.tzinfo)
        for start, end in regle.plages if regle else ():
            raw.append([midnight + timedelta(minutes=start), midnight + timedelta(minutes=end)])
    merged: list[list[datetime]] = []
    for interval in sorted(raw):
        if merged and interval[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], interval[1])
        else:
            merged.append(interval)
    return merged


def etat(horaires: Horaires, now: datetime, code: str | None = None) -> Etat:
    """Open or closed at ``now`` (an aware datetime in the place's zone), and until when."""
    horizon = datetime.combine(now.date() + timedelta(days=HORIZON_DAYS - 1), time(0), now.tzinfo)
    for start, end in _intervals(horaires, now, code):
        if start <= now < end:
            return Etat(True, end if end < horizon else None)
        if start > now:
            return Etat(False, start)
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
    if state.ouvert:
        detail = f" · ferme {_when(state.changement, now)}" if state.changement else ""
        return "Ouvert maintenant" + detail
    detail = f" · ouvre {_when(state.changement, now)}" if state.changement else ""
    return "Fermé" + detail


# The week, in French -----------------------------------------------------------------------


def _plages(regle: Regle | None) -> str:
    if regle is None or not regle.plages:
        text = "Fermé"
    elif regle.plages == ((0, DAY),):
        text = "24\u00a0h/24"
    else:
        text = " et ".join(
            f"{heure(s)} – {heure(e if e <= DAY else e - DAY)}" for s, e in regle.plages
        )
    return f"{text} ({regle.commentaire})" if regle and regle.commentaire else text


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


def semaine(horaires: Horaires) -> list[tuple[str, str]]:
    """The usual week as (days, hours) lines, identical days together."""
    groups: dict[str, list[int]] = {}
    for weekday in range(7):
        groups.setdefault(_plages(horaires.regle(weekday, False)), []).append(weekday)
    return [(_jours(days), text) for text, days in groups.items()]


def feries(horaires: Horaires) -> str | None:
    """What happens on public holidays, when the hours say it."""
    named = [r for r in horaires.regles if r.feries]
    return _plages(named[-1]) if named else None


@dataclass(frozen=True)
class Affichage:
    """What a page shows of some opening hours."""

    ouvert: bool
    phrase: str
    semaine: list[tuple[str, str]]
    feries: str | None


def afficher(text: str | None, now: datetime, code: str | None = None) -> Affichage | None:
    """None when there are no hours or they are outside the subset (show the text)."""
    horaires = comprendre(text)
    if horaires is None:
        return None
    state = etat(horaires, now, code)
    return Affichage(state.ouvert, phrase(state, now), semaine(horaires), feries(horaires))
