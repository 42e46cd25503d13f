"""When a service is closed, written once: in Python, in SQL (PostGIS search, the map)
and as a Meilisearch filter (the index). A closure runs from ``fermeture_debut`` to
``fermeture_fin`` included; without an end, it lasts (a permanent closure, or a training
offer whose last session is over). Closed today: left out of search, the map and the
fiche. A closure coming soon, or just over, is announced on the service's cards and page.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BindParameter, ColumnElement, Date, and_, bindparam, literal_column, or_
from sqlalchemy.dialects.postgresql.base import PGDialect

from catalogue.opening_hours import french_date

# What a record says of its closure (ISO dates), beside the schema's fields.
START, END = "fermeture_debut", "fermeture_fin"
# How far ahead a closure is announced, and how long a reopening is.
ANNOUNCED_DAYS = 30
REOPENED_DAYS = 14
_FRANCE = ZoneInfo("Europe/Paris")


def today() -> date:
    """Today in metropolitan France: the day every « fermé aujourd'hui » is about."""
    return datetime.now(_FRANCE).date()


def closed_on(start: date | None, end: date | None, day: date) -> bool:
    return start is not None and start <= day and (end is None or day <= end)


def open_on_sql(
    start: ColumnElement[Any], end: ColumnElement[Any], day: date | BindParameter[date]
) -> ColumnElement[bool]:
    """``not closed_on`` on the catalogue's columns."""
    return or_(start.is_(None), start > day, and_(end.is_not(None), end < day))


def open_on_text(table: str) -> str:
    """``open_on_sql`` as SQL text on ``table``'s columns, the day bound as ``:today``."""
    start, end = (literal_column(f"{table}.{name}", Date) for name in (START, END))
    clause = open_on_sql(start, end, bindparam("today", type_=Date))
    dialect = PGDialect(paramstyle="named")  # type: ignore[no-untyped-call]
    return f"({clause.compile(dialect=dialect)})"


def day_number(day: date | None) -> int | None:
    """A date as the index stores it (days since 1 January of year 1)."""
    return None if day is None else day.toordinal()


def open_on_filter(day: date) -> str:
    """``not closed_on`` as a Meilisearch filter on the documents' day numbers (a document
    indexed before closures were, without the fields, is open)."""
    number = day.toordinal()
    return f"NOT ({START} <= {number} AND ({END} NOT EXISTS OR {END} IS NULL OR {END} >= {number}))"


def notice(start: date | None, end: date | None, day: date) -> str | None:
    """What a referent should know today of a closure (in French), if anything."""
    if start is None:
        return None
    if closed_on(start, end, day):
        return "Fermé" + (f" jusqu'au {french_date(end)} inclus" if end else "")
    if day < start <= day + timedelta(days=ANNOUNCED_DAYS):
        if end is None:
            return f"Fermeture à partir du {french_date(start)}"
        return f"Fermeture du {french_date(start)} au {french_date(end)} inclus"
    if end is not None and end < day <= end + timedelta(days=REOPENED_DAYS):
        return f"Rouvert depuis le {french_date(end + timedelta(days=1))}"
    return None


def described(start: date | None, end: date | None, day: date) -> dict[str, Any] | None:
    """A closure as the API and the pages give it (None: the source gives none)."""
    if start is None:
        return None
    return {
        "debut": start.isoformat(),
        "fin": end.isoformat() if end else None,
        "ferme_aujourd_hui": closed_on(start, end, day),
        "avis": notice(start, end, day),
    }


def closure_columns(data: dict[str, Any]) -> tuple[dict[str, date | None], list[str]]:
    """A record's closure as columns, and warnings (in French) for dates that do not
    read or an end before the start (the closure is then dropped, not guessed)."""
    dates: dict[str, date | None] = {START: None, END: None}
    problems = []
    for name in (START, END):
        raw = data.get(name)
        if raw in (None, ""):
            continue
        try:
            dates[name] = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
        except ValueError:
            problems.append(f"date de fermeture illisible « {str(raw)[:30]} » ignorée")
    start, end = dates[START], dates[END]
    if end is not None and (start is None or end < start):
        problems.append("fin de fermeture sans début valable : fermeture ignorée")
        dates = {START: None, END: None}
    return dates, problems
