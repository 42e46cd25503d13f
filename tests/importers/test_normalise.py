"""Normalisation of validated records into catalogue columns (pure logic)."""

from __future__ import annotations

import pytest

from importers.normalise import content_hash, html_to_text, phone_e164


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
