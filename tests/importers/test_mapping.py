"""Mapping files: their documentation says everything they accept."""

from __future__ import annotations

import re

from catalogue.settings import PROJECT_ROOT
from catalogue.vocabulary import freins
from importers.mapping import _FILE_KEYS, _SPEC_KEYS
from importers.values import field_types

GUIDE = PROJECT_ROOT / "data" / "mappings" / "README.md"


def test_the_guide_documents_every_field_a_mapping_may_fill() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for kind in ("structure", "service"):
        section = text.split(f"### `[{kind}]`", 1)[1].split("###", 1)[0]
        documented = set(re.findall(r"`([a-z_]+)`", section))
        assert set(field_types(kind)) - {"source"} <= documented, kind


def test_the_guide_documents_every_key_and_every_frein() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for key in [*(f"[fichier] {k}" for k in _FILE_KEYS), "[lignes] garder", "[lignes] exclure"]:
        assert f"| `{key}` |" in text
    assert all(f"{k} = " in text for k in _SPEC_KEYS)
    for frein in freins().values():
        assert f"| `{frein.slug}` | {frein.libelle} |" in text
