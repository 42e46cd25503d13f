"""What every importer's ``read`` starts with: the checks of its options and its file,
worded the same way for every format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import orjson

from catalogue.errors import FichierIllisible, ParametreInvalide
from importers.contract import ReadOptions


def refuse_mapping(kind: str, options: ReadOptions, tables: str) -> None:
    """Formats whose columns are fixed take no ``--mapping``; ``tables`` says what
    they use instead."""
    if options.mapping is not None:
        raise ParametreInvalide(
            f"Le format {kind} n'utilise pas de fichier de correspondance (--mapping) : {tables}."
        )


def existing(path: Path) -> Path:
    if not path.exists():
        raise FichierIllisible(f"{path} : fichier ou dossier introuvable.")
    return path


def load_json(path: Path) -> Any:
    """A whole JSON file (for formats that must see all of it before their first record).
    NaN and Infinity, which Python's json and pandas write, are read: validation rejects
    the records that hold one."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FichierIllisible(f"{path.name} n'est pas lisible : {error}.") from error
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(raw)
    except RecursionError as error:  # nested thousands of levels deep
        raise FichierIllisible(
            f"{path.name} n'est pas un JSON lisible : imbrication trop profonde."
        ) from error
    except ValueError as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise FichierIllisible(f"{path.name} n'est pas un JSON lisible : {reason}.") from error
