"""Normalisation of commune names so that sources' spellings meet INSEE's.

"ST ETIENNE CEDEX 2", "Saint-Étienne" and "saint etienne" all become "saint etienne";
leading articles are dropped ("Le Havre" and "HAVRE" meet) because sources disagree on them.
Arrondissements are written every way ("PARIS 02", "Paris 2e Arrondissement", "LYON 3EME"):
``arrondissement_of`` reduces them to the city and the number.
"""

from __future__ import annotations

import re
import unicodedata

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ARTICLES = {"le", "la", "les", "l", "aux", "las", "los"}
_CEDEX = re.compile(r"\bcedex\b.*$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# On a normalised name: "paris 02", "paris 2e arrondissement", "marseille 1er", "lyon 3 eme".
_ARRONDISSEMENT = re.compile(
    r"^(?P<city>[a-z][a-z ]*?) (?P<number>\d{1,2}) ?(?:er|e|eme|ieme|em)?(?: arr(?:ondissement)?)?$"
)

# INSEE's "type de nom" (TNCC): the article that precedes a commune's name.
ARTICLES_BY_TNCC = {
    "2": "Le ",
    "3": "La ",
    "4": "Les ",
    "5": "L'",
    "6": "Aux ",
    "7": "Las ",
    "8": "Los ",
}


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str) -> str:
    """Lower-case ASCII words, abbreviations spelled out, articles and CEDEX dropped."""
    text = strip_accents(name).lower().replace("œ", "oe").replace("æ", "ae")
    text = _CEDEX.sub("", text)
    words = _NON_WORD.sub(" ", text).split()
    words = [_ABBREVIATIONS.get(w, w) for w in words]
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def official_name(nom: str, tncc: str) -> str:
    """The commune's name with its article, as INSEE writes it ("Le Havre")."""
    return ARTICLES_BY_TNCC.get(tncc, "") + nom


def arrondissement_of(normalised: str) -> tuple[str, int] | None:
    """("paris", 2) for "paris 02" or "paris 2e arrondissement"; None for other names.

    Takes an already normalised name (``normalise_name``)."""
    found = _ARRONDISSEMENT.match(normalised)
    if found is None or int(found["number"]) == 0:
        return None
    return found["city"], int(found["number"])
