"""The search benchmark's queries: what referents ask, seeded.

A commune drawn by population, a radius of 10 to 50 km, one to three freins; a third
also type text, drawn from referents' words, with the frein that goes with it among
theirs, and a tenth of those carry a typo; one in ten asks for page 2.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from api.search.params import SearchParams
from bench.generate import load_communes
from catalogue.vocabulary import freins

PAGE_SIZE = 20

# What referents type, and the frein they would tick with it (None: any).
REFERENT_WORDS: dict[str, str | None] = {
    "garage solidaire": "mobilite",
    "permis": "mobilite",
    "vélo": "mobilite",
    "crèche": "garde-enfants",
    "halte-garderie": "garde-enfants",
    "CV": None,
    "aide alimentaire": "equipement-alimentation",
    "épicerie solidaire": "equipement-alimentation",
    "hébergement d'urgence": "logement",
    "ateliers numériques": "numerique",
    "ordinateur": "numerique",
    "FLE": "francais",
    "cours de français": "francais",
    "mutuelle": "sante",
    "santé mentale": "sante",
    "microcrédit": "argent",
    "surendettement": "argent",
    "domiciliation": "demarches",
    "accès aux droits": "demarches",
    "soutien à la parentalité": "famille",
}


@dataclass(frozen=True)
class BenchQuery:
    code_commune: str
    rayon_km: float
    freins: tuple[str, ...]
    q: str | None = None
    typo: bool = False
    page: int = 1

    @property
    def kind(self) -> str:
        return "typo" if self.typo else "text" if self.q else "filters"

    def params(self) -> SearchParams:
        return SearchParams(
            code_commune=self.code_commune,
            rayon_km=self.rayon_km,
            freins=self.freins,
            q=self.q,
            page=self.page,
            taille=PAGE_SIZE,
        )

    def query_string(self) -> dict[str, str]:
        params = {
            "code_commune": self.code_commune,
            "rayon_km": f"{self.rayon_km:g}",
            "freins": ",".join(self.freins),
            "page": str(self.page),
            "taille": str(PAGE_SIZE),
        }
        return params | ({"q": self.q} if self.q else {})


def with_typo(phrase: str, rng: random.Random) -> str:
    """One letter replaced in the phrase's longest word (5 letters or more, never its
    first letter, which Meilisearch counts as two typos): what both backends tolerate."""
    words = phrase.split(" ")
    position = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[position]
    spots = [i for i in range(1, len(word)) if word[i].isascii() and word[i].isalpha()]
    spot = rng.choice(spots)
    letter = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != word[spot].lower()])
    words[position] = word[:spot] + letter + word[spot + 1 :]
    return " ".join(words)


def make_queries(engine: Engine, count: int, seed: int) -> list[BenchQuery]:
    """``count`` searches as referents make them (seeded, so every run asks the same)."""
    communes = load_communes(engine)
    codes = [commune.code for commune in communes]
    weights = [commune.population for commune in communes]
    rng = random.Random(seed)
    slugs = list(freins())
    typo_words = [w for w in REFERENT_WORDS if max(len(p) for p in w.split(" ")) >= 5]
    with_text = set(rng.sample(range(count), count // 3))
    with_typos = set(rng.sample(sorted(with_text), len(with_text) // 10))
    queries = []
    for number, code in enumerate(rng.choices(codes, weights=weights, k=count)):
        chosen = rng.sample(slugs, rng.randint(1, 3))
        q = None
        if number in with_text:
            q = rng.choice(typo_words if number in with_typos else list(REFERENT_WORDS))
            natural = REFERENT_WORDS[q]
            if natural is not None and natural not in chosen:
                chosen[0] = natural
            if number in with_typos:
                q = with_typo(q, rng)
        queries.append(
            BenchQuery(
                code_commune=code,
                rayon_km=float(rng.randint(10, 50)),
                freins=tuple(dict.fromkeys(chosen)),
                q=q,
                typo=number in with_typos,
                page=2 if rng.random() < 0.1 else 1,
            )
        )
    return queries
