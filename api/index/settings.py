"""The index's settings, applied by code. Bump ``SETTINGS_VERSION`` when they change."""

from __future__ import annotations

from typing import Any

from catalogue.textsearch import stop_words, synonym_groups

SETTINGS_VERSION = 3

FILTERABLE = [
    "_geo",
    "a_distance",
    "categories",
    "doublon",
    "en_presentiel",
    "fermeture_debut",
    "fermeture_fin",
    "frais",
    "freins",
    "id",
    "modes_accueil",
    "publics",
    "source",
    "thematiques",
    "type",
    "zone",
]


def index_settings() -> dict[str, Any]:
    synonyms: dict[str, list[str]] = {}
    for group in synonym_groups():
        for term in group:
            synonyms[term] = [t for t in group if t != term]
    return {
        "searchableAttributes": ["nom", "structure_nom", "libelles", "description", "commune"],
        "displayedAttributes": ["id", "_geo", "en_presentiel", "empreinte"],
        "filterableAttributes": FILTERABLE,
        "sortableAttributes": ["_geo", "nom_tri", "id"],
        "rankingRules": ["words", "typo", "proximity", "attribute", "sort", "exactness"],
        "stopWords": sorted(stop_words()),
        "synonyms": synonyms,
        "typoTolerance": {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}},
        # Totals must be exact: counts are shown to referents and compared with PostGIS.
        "pagination": {"maxTotalHits": 10_000_000},
        "faceting": {"maxValuesPerFacet": 200},
        "localizedAttributes": [{"attributePatterns": ["*"], "locales": ["fra"]}],
    }
