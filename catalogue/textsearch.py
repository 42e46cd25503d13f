"""Text-search vocabulary shared by both search backends: French stop words and the
referents' synonyms (``data/mots-vides.txt``, ``data/synonymes.csv``), and how a query
is cut into units that must all match."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from catalogue.geography.names import strip_accents
from catalogue.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "data"
_WORD = re.compile(r"[\w]+", re.UNICODE)


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


@cache
def stop_words() -> frozenset[str]:
    return frozenset(_lines("mots-vides.txt"))


@cache
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(t.strip() for t in line.split(";") if t.strip()) for line in _lines("synonymes.csv")
    )


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes as spaces (as PostgreSQL's maillage_fold)."""
    return strip_accents(text).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("'", " ").replace("’", " "))


# ASCII characters other than letters and digits: unaccent and lower() leave them as
# they are, so they separate the lexicon's words however the rest is folded.
_SEPARATORS = bytes(b for b in range(128) if not chr(b).isalnum())
_TO_SPACES = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
# Shorter words are not worth correcting (the SQL of ``maillage_lexicon_words``, in
# ``catalogue.search_fields``, is written with this very number).
LEXICON_MIN_LENGTH = 5


def lexicon_pieces(texts: Iterable[str | None]) -> tuple[set[str], set[str]]:
    """The typo lexicon's words of ``texts``, split in two: those Python can tell
    exactly (ASCII pieces, lower-cased), and the distinct pieces holding other
    characters, which PostgreSQL's ``maillage_lexicon_words`` must fold (it stays the
    one definition of folding). Cutting 150,000 descriptions into words with
    PostgreSQL's regular expressions took 8 s of its CPU, this about 1.5 s of Python's; most
    pieces are ASCII."""
    # As UTF-8 bytes, cut in C: every byte of a non-ASCII character is >= 0x80. Each
    # distinct text once (names, labels and many descriptions recur).
    joined = " ".join({t for t in texts if t}).encode(errors="surrogatepass")
    words: set[str] = set()
    to_fold: set[str] = set()
    for piece in set(joined.translate(_TO_SPACES).split()):
        if not piece.isascii():
            to_fold.add(piece.decode(errors="surrogatepass"))
        elif len(piece) >= LEXICON_MIN_LENGTH:
            words.add(piece.lower().decode())
    return words, to_fold


@dataclass(frozen=True)
class QueryUnit:
    """A word or a synonym phrase of the query; it matches if any alternative does."""

    alternatives: tuple[str, ...]  # folded phrases


def query_units(query: str) -> list[QueryUnit]:
    """Cut a query into units: known synonym phrases first (longest first), then the
    remaining words, stop words left out."""
    tokens = [w for w in words(query)]
    groups = [(tuple(words(term)), group) for group in synonym_groups() for term in group]
    groups.sort(key=lambda item: -len(item[0]))
    units: list[QueryUnit] = []
    i = 0
    while i < len(tokens):
        for phrase, group in groups:
            if phrase and tuple(tokens[i : i + len(phrase)]) == phrase:
                alternatives = tuple(dict.fromkeys(" ".join(words(t)) for t in group))
                units.append(QueryUnit(alternatives))
                i += len(phrase)
                break
        else:
            if tokens[i] not in stop_words():
                units.append(QueryUnit((tokens[i],)))
            i += 1
    return units
