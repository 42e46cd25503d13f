"""Which of the communes sharing a postcode a source means by a name (pure logic)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from catalogue.geography.names import arrondissement_of, normalise_name


class _Named(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def nom(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def parent_code(self) -> str | None: ...


C = TypeVar("C", bound=_Named)


def match_in_postcode(candidates: Sequence[C], name: str | None) -> C | None:
    """The candidate named ``name``, else one whose name ``name`` starts ("MARSEILLE" for
    "Marseille 1er Arrondissement"), else the only candidate; None when ambiguous.

    "PARIS 02" or "LYON 3EME" mean that arrondissement when the postcode covers it, else
    the city itself. ``candidates`` share one postcode and come arrondissements first,
    then by population.
    """
    wanted = normalise_name(name or "")
    if wanted:
        arrondissement = arrondissement_of(wanted)
        if arrondissement is not None:
            numbered = [
                c
                for c in candidates
                if c.type == "ARM" and arrondissement_of(normalise_name(c.nom)) == arrondissement
            ]
            if numbered:
                return numbered[0]
            wanted = arrondissement[0]  # a number the postcode disagrees with: the city
        exact = [c for c in candidates if normalise_name(c.nom) == wanted]
        if exact:
            # "MARSEILLE" in 13001: the one arrondissement of that postcode is more precise.
            arrondissements = [c for c in candidates if c.parent_code == exact[0].code]
            return arrondissements[0] if len(arrondissements) == 1 else exact[0]
        prefixed = [c for c in candidates if normalise_name(c.nom).startswith(wanted + " ")]
        if len(prefixed) == 1 or (prefixed and prefixed[0].type == "ARM"):
            return prefixed[0]
    if len(candidates) == 1:
        return candidates[0]
    return None


def match_by_shorter_name(candidates: Sequence[C], name: str | None) -> C | None:
    """The one candidate whose whole name begins ``name`` ("Parsac" for "PARSAC
    RIMONDEIX"): merged or renamed communes often keep the first part of their name.
    A guess, so callers say they made it."""
    wanted = normalise_name(name or "")
    if not wanted:
        return None
    found = [
        c for c in candidates if c.type == "COM" and wanted.startswith(normalise_name(c.nom) + " ")
    ]
    return found[0] if len(found) == 1 else None


# Overseas postcodes do not follow the INSEE codes: Saint-Barthélemy (INSEE 977) and
# Saint-Martin (978) have Guadeloupe's 971 postcodes, and La Réunion's CEDEX postcodes
# run on into 977xx and 978xx ("97743 SAINT DENIS CEDEX 9"). Longest prefix first.
OVERSEAS_POSTCODES: tuple[tuple[str, str], ...] = (
    ("97133", "977"),  # Saint-Barthélemy
    ("97150", "978"),  # Saint-Martin
    ("971", "971"),  # Guadeloupe
    ("972", "972"),  # Martinique
    ("973", "973"),  # Guyane
    ("974", "974"),  # La Réunion
    ("975", "975"),  # Saint-Pierre-et-Miquelon
    ("976", "976"),  # Mayotte
    ("977", "974"),  # La Réunion, CEDEX
    ("978", "974"),  # La Réunion, CEDEX
    ("986", "986"),  # Wallis-et-Futuna
    ("987", "987"),  # Polynésie française
    ("988", "988"),  # Nouvelle-Calédonie
)


def departements_of_postcode(postcode: str) -> tuple[str, ...]:
    """The départements a postcode's first digits point to (CEDEX codes included)."""
    if len(postcode) != 5 or not postcode.isdigit():
        return ()
    if postcode.startswith("20"):
        return ("2A", "2B")
    if postcode[:2] in ("97", "98"):
        found = [dep for prefix, dep in OVERSEAS_POSTCODES if postcode.startswith(prefix)]
        return tuple(found[:1])  # Monaco's 980xx and the TAAF's 984xx: none of ours
    return (postcode[:2],)


# First words too common to tell communes apart on their own.
_COMMON_FIRST_WORDS = frozenset(
    {"saint", "sainte", "saints", "saintes", "mont", "pont", "port", "val", "villeneuve",
     "villers", "bourg", "chateau", "notre", "la", "le", "les"}
)  # fmt: skip


def match_by_first_words(candidates: Sequence[C], name: str | None) -> C | None:
    """The one candidate whose name begins like ``name`` ("Roissy-en-France" for "ROISSY
    CDG CEDEX"): CEDEX and postal names often keep only the first word of the commune's
    name and add their own. Two words when the first is a common one ("Saint …"). A
    guess, so callers say they made it."""
    words = normalise_name(name or "").split()
    if not words:
        return None
    first = " ".join(words[:2] if words[0] in _COMMON_FIRST_WORDS else words[:1])
    if first == " ".join(words) or len(first) < 4:
        return None  # the whole name, already looked for; or too short to mean anything
    found = [
        c
        for c in candidates
        if c.type == "COM"
        and (normalise_name(c.nom) == first or normalise_name(c.nom).startswith(first + " "))
    ]
    return found[0] if len(found) == 1 else None
