"""Normalisation of validated records into catalogue columns (pure logic)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from catalogue.records.columns import (
    TEXT_FIELDS,
    columns_of,
    content_hash,
    html_to_text,
    phone_e164,
)
from catalogue.records.validation import validate
from catalogue.settings import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "data" / "sample"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        (
            "<p>Aide &amp; conseil</p><ul><li>un</li><li>deux</li></ul>Fin",
            "Aide & conseil\n- un\n- deux\nFin",
        ),
        ("Ligne 1<br/>Ligne 2<br>Ligne 3", "Ligne 1\nLigne 2\nLigne 3"),
        ("<div><strong>Gratuit</strong>  pour   tous</div>", "Gratuit pour tous"),
        ("<p></p>", None),
    ],
)
def test_html_becomes_plain_text(raw: str, text: str | None) -> None:
    assert html_to_text(raw) == text


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("04 90 91 00 00", "+33490910000"),
        ("+33 4 90 91 00 00", "+33490910000"),
        ("0490910000", "+33490910000"),
        ("3949", "3949"),  # a short number: kept as the source wrote it
        ("n/c", "n/c"),
        (None, None),
    ],
)
def test_phones_are_written_in_e164_when_they_are_phones(raw: str | None, e164: str | None) -> None:
    assert phone_e164(raw) == e164


def test_the_fingerprint_ignores_key_order_but_not_values() -> None:
    assert content_hash({"a": 1, "b": [2]}) == content_hash({"b": [2], "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


@pytest.mark.parametrize("kind", ["structure", "service"])
def test_columns_hold_what_the_schemas_json_serialiser_gives(kind: str) -> None:
    """Read off the model for speed, the columns must still be pydantic's JSON values:
    sets sorted, text trimmed, and only phones, HTML and derived fields rewritten."""
    records = json.loads((SAMPLE / f"{kind}s.json").read_text(encoding="utf-8"))
    rewritten = {"telephone", *TEXT_FIELDS}
    compared = 0
    for data in records:
        model = validate(kind, data)  # type: ignore[arg-type]
        columns = columns_of(model)
        for name, value in model.model_dump(mode="json").items():
            if name in rewritten:
                continue
            expected: Any = value
            if isinstance(getattr(model, name), set | frozenset):
                expected = sorted(value)
            elif isinstance(value, str):
                expected = re.sub(r"[ \t]+", " ", value).strip() or None
            assert columns[name] == expected, (data.get("id"), name)
            compared += value is not None
    assert compared > 10 * len(records)
