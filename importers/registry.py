"""The registry of importers. Built-ins register exactly like any other would."""

from __future__ import annotations

import importlib

from catalogue.errors import ParametreInvalide
from importers.contract import Importer

_IMPORTERS: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    """Class decorator: make ``importer`` available as ``maillage import <kind>``."""
    _IMPORTERS[importer.kind] = importer
    return importer


# Built-in importers: one module each under importers/, registered on import.
BUILTINS = ("data_inclusion", "soliguide", "lheo", "csv_lists", "hsds")


def _load_builtins() -> None:
    for name in BUILTINS:
        importlib.import_module(f"importers.{name}")


def importers() -> dict[str, type[Importer]]:
    _load_builtins()
    return dict(sorted(_IMPORTERS.items()))


def get_importer(kind: str) -> Importer:
    available = importers()
    if kind not in available:
        raise ParametreInvalide(
            f"Format d'import inconnu « {kind} ». Formats disponibles : {', '.join(available)}."
        )
    return available[kind]()
