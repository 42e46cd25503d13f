"""From a validated data·inclusion record to catalogue columns: enum values, sorted
lists, trimmed text, phones in E.164."""

from __future__ import annotations

import enum
import hashlib
import json
import re
from typing import Any

import phonenumbers
from pydantic import BaseModel

from catalogue.vocabulary import categories_of, freins_of, labels_of

_E164 = re.compile(r"^\+\d{8,15}$")
_SPACES = re.compile(r"[ \t]+")


def _plain(value: Any) -> Any:
    """JSON-friendly, deterministic: enums to values, sets to sorted lists, URLs to str."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return _SPACES.sub(" ", value).strip() or None
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def phone_e164(raw: str | None) -> str | None:
    """A French phone number in E.164, or the source's text when it is not one we can read."""
    if not raw:
        return None
    if _E164.match(raw):
        return raw
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number):
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def columns_of(model: BaseModel) -> dict[str, Any]:
    """The record's schema fields as column values."""
    row = {name: _plain(getattr(model, name)) for name in type(model).model_fields}
    row["telephone"] = phone_e164(row.get("telephone"))
    if "thematiques" in row:
        themes = row["thematiques"] or []
        row["freins"] = freins_of(themes)
        row["categories"] = categories_of(themes)
        row["libelles"] = labels_of(themes)
    return row


# Bump when what we derive from a record changes (freins, labels, geocoding…): the next
# import then rewrites every record instead of skipping the unchanged ones.
DERIVATION_VERSION = "2"


def content_hash(data: dict[str, Any]) -> str:
    """A fingerprint of what the source said, and of how we read it."""
    canonical = DERIVATION_VERSION + json.dumps(
        data, sort_keys=True, ensure_ascii=False, default=str
    )
    return hashlib.md5(canonical.encode(), usedforsecurity=False).hexdigest()
