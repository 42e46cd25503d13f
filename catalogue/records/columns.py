"""From a validated data·inclusion record to catalogue columns: enum values, sorted
lists, trimmed text, phones in E.164."""

from __future__ import annotations

import enum
import hashlib
import html
import json
import re
from datetime import date
from functools import lru_cache
from operator import attrgetter
from typing import Any

import orjson
import phonenumbers
from pydantic import BaseModel

from catalogue.vocabulary import categories_of, freins_of, labels_of

# ``.value`` is a descriptor, in Python, 10× slower than the attribute it reads.
_ENUM_VALUE = attrgetter("_value_")
_E164 = re.compile(r"^\+\d{8,15}$")
_SPACES = re.compile(r"[ \t]+")


def _plain(value: Any) -> Any:
    """A validated field's value as its column holds it — what pydantic's JSON serialiser
    would give (enums to values, URLs and dates to text), with sets sorted and text
    trimmed — read off the model directly (the serialiser took two thirds of the time)."""
    # Exact types first, most frequent first: this runs for every field of every record.
    kind = type(value)
    if kind is str:
        if "  " in value or "\t" in value:
            value = _SPACES.sub(" ", value)
        return value.strip() or None
    if value is None or kind is bool or kind is int or kind is float:
        return value  # NaN stays a float (JSON would make it null)
    if isinstance(value, enum.Enum):
        return _plain(value._value_)
    if kind is set or kind is frozenset:
        try:
            return sorted(map(_ENUM_VALUE, value))  # the schema's sets are of enums
        except AttributeError:
            return sorted([v._value_ if isinstance(v, enum.Enum) else _plain(v) for v in value])
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    if kind is date:
        return value.isoformat()
    return _plain(str(value))


_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/h\d|/tr|/ul|/ol)\s*/?\s*>", re.IGNORECASE)
_ITEMS = re.compile(r"<\s*li[^>]*>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]*>")
_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|&[#a-zA-Z0-9]+;")
# Free-text fields where sources put HTML.
TEXT_FIELDS = (
    "description",
    "frais_precisions",
    "publics_precisions",
    "conditions_acces",
    "mobilisation_precisions",
)


def html_to_text(value: str) -> str | None:
    """HTML as plain text (Markdown-friendly): paragraphs a line, list items as « - »."""
    text = _ITEMS.sub("\n- ", _BREAKS.sub("\n", value))
    text = html.unescape(_TAGS.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line) or None


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
    # (Most fields are empty: no call for those.)
    row = {
        name: value if value is None else _plain(value) for name, value in model.__dict__.items()
    }
    row["telephone"] = phone_e164(row.get("telephone"))
    for name in TEXT_FIELDS:
        value = row.get(name)
        if value and _MARKUP.search(value):
            row[name] = html_to_text(value)
    if "thematiques" in row:
        freins, categories, labels = _derived(tuple(row["thematiques"] or ()))
        row["freins"], row["categories"], row["libelles"] = list(freins), list(categories), labels
    return row


@lru_cache(maxsize=8192)
def _derived(themes: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Freins, categories and labels of a set of thématiques (a few thousand sets recur
    across a national dump)."""
    return tuple(freins_of(themes)), tuple(categories_of(themes)), labels_of(themes)


# Bump when what we derive from a record changes (freins, labels, geocoding…): the next
# import then rewrites every record instead of skipping the unchanged ones.
DERIVATION_VERSION = "3"
_VERSION = DERIVATION_VERSION.encode()


def content_hash(data: dict[str, Any]) -> str:
    """A fingerprint of what the source said, and of how we read it."""
    try:
        canonical = orjson.dumps(data, option=orjson.OPT_SORT_KEYS, default=str)
    except TypeError:
        # Integers past 64 bits (JSON has no limit): the record is fingerprinted all the
        # same, and validation says what is wrong with it.
        canonical = json.dumps(data, sort_keys=True, default=str).encode()
    return hashlib.md5(_VERSION + canonical, usedforsecurity=False).hexdigest()
