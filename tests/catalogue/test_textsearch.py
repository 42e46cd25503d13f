"""The typo lexicon's words: Python cuts the ASCII ones itself, PostgreSQL folds the
rest, and together they give exactly what the catalogue's SQL function gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.textsearch import lexicon_pieces

SQL_WORDS = "SELECT DISTINCT w FROM maillage_lexicon_words(:text, NULL, NULL) w"
FOLDED_WORDS = (
    "SELECT DISTINCT w FROM unnest(CAST(:pieces AS text[])) piece, "
    "maillage_lexicon_words(piece, NULL, NULL) w"
)

# French text and what sources put in it: accents, ligatures, typographic quotes,
# fractions, symbols, digits, punctuation and, now and then, any character at all.
french = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("aeiouyAEIOUYcCstSTnrlLmM0123456789 -'.,;:!?()/\n\t_")),
        st.sampled_from(list("éèêëÉÈàâÀçÇîïôœŒæÆùûüÿß’«»½©®ﬁĲŉʼ–—…°€№ǅ")),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=80,
)


def lexicon_of(engine: Engine, texts: list[str]) -> set[str]:
    words, to_fold = lexicon_pieces(texts)
    with engine.connect() as conn:
        folded = conn.execute(text(FOLDED_WORDS), {"pieces": sorted(to_fold)}).scalars()
        return words | set(folded)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(french, max_size=4))
def test_the_words_python_finds_with_the_folded_rest_are_the_sql_functions(
    scratch_engine: Engine, texts: list[str]
) -> None:
    with scratch_engine.connect() as conn:
        expected = set(conn.execute(text(SQL_WORDS), {"text": " ".join(texts)}).scalars())
    assert lexicon_of(scratch_engine, texts) == expected


def test_accented_words_are_left_to_postgresql_and_short_words_are_dropped() -> None:
    words, to_fold = lexicon_pieces(["Crèche PARENTALE du quartier, l'accueil", None])
    assert words == {"parentale", "quartier", "accueil"}
    assert to_fold == {"Crèche"}
