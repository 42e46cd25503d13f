"""What of the catalogue anyone may read in bulk (exports, the data·inclusion-compatible
API): published services open that day, structures not withdrawn, and never a person's
name."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, null

from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.records.closures import open_on_sql

# The schema's fields that name a person: always left empty.
PERSONAL_FIELDS = frozenset({"contact_nom_prenom"})


def service_visible(day: date | Any) -> ColumnElement[bool]:
    """Published, not withdrawn, not closed on ``day`` (what search can find)."""
    return and_(
        ~_S.c.archived,
        _S.c.publication_status == "published",
        open_on_sql(_S.c.fermeture_debut, _S.c.fermeture_fin, day),
    )


def structure_visible() -> ColumnElement[bool]:
    return ~_T.c.archived


def public_columns(table: Any, fields: Sequence[str]) -> list[ColumnElement[Any]]:
    """``fields`` of ``table``, each under its name, a person's name always empty."""
    return [(null() if name in PERSONAL_FIELDS else table.c[name]).label(name) for name in fields]
