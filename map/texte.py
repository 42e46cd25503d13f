"""Text from the sources, made readable and safe: descriptions (a little Markdown), phone
numbers, dates. Everything is escaped first; only our own tags are added."""

from __future__ import annotations

import re
from datetime import date

import phonenumbers
from markupsafe import Markup, escape

from catalogue.opening_hours import FRENCH_MONTHS

# The same French month names as the importers write in descriptions.
MOIS = FRENCH_MONTHS
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^#{1,6}\s+")
_ITEM = re.compile(r"^\s*[-*•]\s+")


def _inline(line: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", str(escape(line.strip())))


def paragraphes(text: str | None) -> Markup:
    """Paragraphs, bullet lists, ``### headings`` (as bold lines) and ``**bold**``."""
    if not text:
        return Markup("")
    html: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line for line in block.split("\n") if line.strip()]
        items = [line for line in lines if _ITEM.match(line)]
        if lines and len(items) == len(lines):
            html.append(
                "<ul>" + "".join(f"<li>{_inline(_ITEM.sub('', i))}</li>" for i in items) + "</ul>"
            )
        elif lines and _HEADING.match(lines[0]) and len(lines) == 1:
            html.append(
                f'<p class="fr-text--bold fr-mb-1w">{_inline(_HEADING.sub("", lines[0]))}</p>'
            )
        else:
            html.append(
                "<p>" + "<br>".join(_inline(_HEADING.sub("", line)) for line in lines) + "</p>"
            )
    return Markup("".join(html))  # noqa: S704 (every piece of text went through escape)


def telephone(raw: str | None) -> tuple[str, str] | None:
    """(as shown, ``tel:`` target): « 04 90 91 00 00 », short numbers (« 3949 ») as they are."""
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    digits = re.sub(r"[^\d+]", "", raw)
    if len(digits) <= 6:
        return raw, digits
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return raw, digits
    if not phonenumbers.is_valid_number(number):
        return raw, digits
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return shown, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def date_fr(value: date | str | None) -> str:
    """« 18 décembre 2025 »."""
    if value is None or value == "":
        return ""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{'1er' if day.day == 1 else day.day} {MOIS[day.month - 1]} {day.year}"


def km(distance: float | None) -> str:
    """« 850 m », « 2,4 km », « 31 km »."""
    if distance is None:
        return ""
    if distance < 1:
        return f"{round(distance * 1000, -1):.0f}\u00a0m"
    if distance < 10:
        return f"{distance:.1f}\u00a0km".replace(".", ",")
    return f"{distance:.0f}\u00a0km"


def nombre(value: int) -> str:
    """« 12 345 »: thousands apart, as French writes them."""
    return f"{value:,}".replace(",", "\u202f")


def taille(size: int) -> str:
    """A file's size: « 840 octets », « 12,5 Ko », « 3,2 Mo »."""
    if size < 1000:
        return f"{size}\u00a0octets"
    value = float(size)
    for unit in ("Ko", "Mo", "Go"):  # noqa: B007 (the unit reached is the one shown)
        value /= 1000
        if value < 1000:
            break
    return f"{value:.1f}\u00a0{unit}".replace(".", ",")


def lien_sur(url: str | None) -> str | None:
    """A web address from a source, only when it is http(s) (never ``javascript:``)."""
    if not url:
        return None
    url = url.strip()
    return url if url.lower().startswith(("https://", "http://")) else None
