"""Small readers of loosely typed JSON (Soliguide's and HSDS's exports): a value of the
expected type, or an empty one, never an exception."""

from __future__ import annotations

from datetime import date
from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def as_dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in as_list(value) if isinstance(v, dict)]


def as_text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def clip(text: str | None, limit: int) -> str | None:
    """At most ``limit`` characters, an ellipsis saying what was cut."""
    if text is None:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def day(value: Any) -> date | None:
    """The date an ISO date or date-time text starts with."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
