"""Where a structure is, for moderation: its département."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import Connection

from catalogue.models import STRUCTURES as _T
from catalogue.models import Commune

_C = Commune.__table__


def departement_of(structures: Any) -> ColumnElement[Any]:
    """Correlated sub-query: the département of a structures row (resolved commune
    first, else the INSEE code the source gave)."""
    return (
        select(_C.c.departement_code)
        .where(
            _C.c.code == func.coalesce(structures.c.code_commune_resolu, structures.c.code_insee)
        )
        .correlate(structures)
        .scalar_subquery()
    )


def structure_departement(conn: Connection, structure_uid: uuid.UUID) -> str | None:
    code: str | None = conn.execute(
        select(departement_of(_T)).select_from(_T).where(_T.c.uid == structure_uid)
    ).scalar()
    return code
