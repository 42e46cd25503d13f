"""data·inclusion v1: the national open-data dump (Dora, France Travail, Carif-Oref, …).

PATH is a directory holding ``structures.json`` and ``services.json``, or one of these
two files (its sibling is read too when present). Records are already in our vocabulary;
the pipeline validates them with the schema's own models.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from catalogue.errors import FichierIllisible
from importers.contract import ReadOptions, ReadResult, RecordKind, Rejection, SourceRecord
from importers.registry import register

_FILES: dict[RecordKind, str] = {"structure": "structures", "service": "services"}


def _files(path: Path) -> dict[RecordKind, Path]:
    if path.is_dir():
        folder = path
    elif path.is_file() and path.stem in _FILES.values():
        folder = path.parent
    else:
        raise FichierIllisible(
            f"{path} : attendu un dossier contenant structures.json et services.json, "
            "ou l'un de ces deux fichiers."
        )
    found = {kind: folder / f"{stem}.json" for kind, stem in _FILES.items()}
    found = {kind: file for kind, file in found.items() if file.is_file()}
    if not found:
        raise FichierIllisible(f"{path} ne contient ni structures.json ni services.json.")
    return found


def _load_list(path: Path) -> list[Any]:
    try:
        with path.open("rb") as fh:
            data = json.load(fh)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FichierIllisible(f"{path.name} n'est pas un JSON lisible : {error}.") from error
    if not isinstance(data, list):
        raise FichierIllisible(f"{path.name} doit contenir une liste d'objets JSON.")
    return data


@register
class DataInclusionImporter:
    kind: ClassVar[str] = "data-inclusion"
    description: ClassVar[str] = "data·inclusion v1 (JSON) : structures.json + services.json"

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        source = options.source
        files = _files(path)
        # Read everything up front so an unreadable second file fails before any write.
        loaded = {kind: _load_list(file) for kind, file in files.items()}
        rejections: list[Rejection] = []

        def records() -> Iterator[SourceRecord]:
            for kind in _FILES:
                for position, item in enumerate(loaded.get(kind, []), start=1):
                    if not isinstance(item, dict):
                        rejections.append(
                            Rejection(kind, f"élément {position}", "n'est pas un objet JSON")
                        )
                        continue
                    if source is not None:
                        item = {**item, "source": source}
                    ref = str(item.get("id") or f"élément {position}")
                    yield SourceRecord(kind, ref, item)

        return ReadResult(records(), rejections)
