"""OpenStreetMap ``opening_hours`` evaluated at a place: the whole syntax, read by
opening-hours-py, in the place's time zone, with its own public holidays.

opening-hours-py only knows a country's national holidays (no Alsace-Moselle, no
overseas abolition days) and takes no calendar of ours. So the expression is read without
any country, where ``PH`` never holds, and each day that is a holiday at the place (from
``holidays``, see ``catalogue.local_calendar``) is evaluated with a variant of the
expression in which every weekday selector naming ``PH`` names the whole week instead.
A selector is a union (``Sa,PH``, ``PH Sa``): on a holiday it holds, as ``Mo-Su`` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from itertools import combinations
from zoneinfo import ZoneInfo

from opening_hours import OpeningHours, ParserError, State  # type: ignore[attr-defined]

from catalogue.local_calendar import is_public_holiday, time_zone

_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)(?![A-Za-z])"
_OFFSET = r"(?:\s*[+-]\s*\d+\s*days?)"
_PH = rf"PH(?P<offset>{_OFFSET})?"
_ITEM = rf"(?:PH{_OFFSET}?|SH|{_DAY}(?:-{_DAY})?(?:\[[^\]]*\])?{_OFFSET}?)(?![A-Za-z])"
# A weekday selector: items joined by commas, or by one space (weekdays and holidays).
_SELECTOR = re.compile(rf"(?<![A-Za-z]){_ITEM}(?:(?:,|\s)\s*{_ITEM})*")
_HOLIDAY = re.compile(_PH)
_QUOTED = re.compile(r'("[^"]*")')
# Sources write "09:00 - 12:00 , 14:00-17:00" and "Mo - Fr": the grammar wants no spaces.
# Only between two times or two days: ", " before a rule is the additional-rule separator.
_GLUE = (
    re.compile(r"(\d:\d\d)\s*([,-])\s*(?=\d{1,2}:\d\d)"),
    re.compile(rf"({_DAY}|PH)\s*([,-])\s*(?={_DAY}|PH)"),
)
# A rule that is only a comment says nothing of the state ("Sur rendez-vous"): the library
# would read it as open all day, the specification as unknown.
_COMMENT_ONLY = re.compile(r'(^|;|\|\|)\s*("[^"]*")\s*(?=$|;|\|\|)')
# Without coordinates nor a school calendar these would be guesses: left to the reader.
_UNKNOWABLE = re.compile(r"\b(?:sunrise|sunset|dawn|dusk|SH)\b")


class HorairesInvalides(ValueError):
    """Not an OpenStreetMap ``opening_hours`` expression (or one we cannot evaluate)."""


@dataclass(frozen=True)
class Span:
    """A stretch of time in one state, in the place's time zone."""

    start: datetime
    end: datetime
    state: State
    comment: str


def _outside_quotes(
    text: str, pattern: re.Pattern[str], replace: str | Callable[[re.Match[str]], str]
) -> str:
    """``pattern.sub`` on the expression, never in its quoted comments."""
    parts = _QUOTED.split(text)
    return "".join(p if i % 2 else pattern.sub(replace, p) for i, p in enumerate(parts))


def _offset(match: re.Match[str]) -> int:
    raw = re.sub(r"\s|days?", "", match["offset"] or "0")
    return int(raw)


def _holiday_variant(text: str, offsets: frozenset[int]) -> str:
    """``text`` where selectors naming ``PH`` with one of these offsets name every day."""

    def selector(match: re.Match[str]) -> str:
        named = {_offset(m) for m in _HOLIDAY.finditer(match.group())}
        return "Mo-Su" if named & offsets else match.group()

    return _outside_quotes(text, _SELECTOR, selector)


class Schedule:
    """Some opening hours at a place (postcode or INSEE code, Paris when None)."""

    def __init__(self, text: str, code: str | None = None) -> None:
        text = text.strip().rstrip(";").strip()
        for glue in _GLUE:
            text = _outside_quotes(text, glue, r"\1\2")
        text = _COMMENT_ONLY.sub(r"\1 unknown \2", text).strip()
        if not text or _UNKNOWABLE.search(_QUOTED.sub("", text)):
            raise HorairesInvalides(text)
        self.text = text
        self.code = code
        self.zone: ZoneInfo = time_zone(code)
        self._variants: dict[frozenset[int], OpeningHours] = {}
        # Every variant read now: hours we cannot rewrite are refused here, not on a page.
        for size in range(len(self.offsets) + 1):
            for offsets in combinations(sorted(self.offsets), size):
                self._compile(frozenset(offsets))

    def _compile(self, offsets: frozenset[int]) -> OpeningHours:
        if offsets not in self._variants:
            text = _holiday_variant(self.text, offsets) if offsets else self.text
            try:
                self._variants[offsets] = OpeningHours(
                    text, timezone=self.zone, auto_country=False, auto_timezone=False
                )
            except (ParserError, ValueError) as error:
                raise HorairesInvalides(self.text) from error
        return self._variants[offsets]

    @cached_property
    def offsets(self) -> frozenset[int]:
        """The offsets of the ``PH`` the hours name (``PH +1 day`` → 1)."""
        return frozenset(_offset(m) for m in _HOLIDAY.finditer(_QUOTED.sub("", self.text)))

    def holiday_offsets(self, day: date) -> frozenset[int]:
        """Which of the hours' ``PH`` hold on ``day`` at this place."""
        return frozenset(
            k for k in self.offsets if is_public_holiday(day - timedelta(days=k), self.code)
        )

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(0), self.zone)

    def spans(self, start: datetime, end: datetime, holidays: bool = True) -> list[Span]:
        """The states from ``start`` to ``end``, merged; each day is read with the rules in
        force on it (its holidays too, unless ``holidays`` is False), past midnight included."""
        start, end = start.astimezone(self.zone), end.astimezone(self.zone)
        found: list[Span] = []
        day = start.date()
        while self.midnight(day) < end:
            offsets = self.holiday_offsets(day) if holidays else frozenset()
            first = max(start, self.midnight(day))
            last = min(end, self.midnight(day + timedelta(days=1)))
            for s, e, state, comment in self._compile(offsets).intervals(first, last):
                if (
                    found
                    and found[-1].end == s
                    and (found[-1].state, found[-1].comment)
                    == (
                        state,
                        comment,
                    )
                ):
                    found[-1] = Span(found[-1].start, e, state, comment)
                else:
                    found.append(Span(s, e, state, comment))
            day += timedelta(days=1)
        return found

    def state(self, at: datetime) -> State:
        """Open, closed or unknown at ``at`` (any aware datetime)."""
        return self.spans(at, at + timedelta(minutes=1))[0].state


def lire(text: str | None, code: str | None = None) -> Schedule | None:
    """The hours at a place, or None when there are none or they cannot be evaluated."""
    if text is None:
        return None
    try:
        return Schedule(text, code)
    except HorairesInvalides:
        return None
