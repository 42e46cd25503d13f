"""The HSDS 3.0 export: the rows of an export as the HSDS API serves them, one JSON
object per line (organizations, then services whole)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Select, Uuid, cast
from sqlalchemy.engine import Connection

from api.hsds import documents, queries
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.records.closures import today


def write_hsds(conn: Connection, stmt: Select[Any], table: str, path: Path, size: int) -> list[str]:
    """The export's own rows (its scope), as HSDS documents."""
    day = today()
    uid = stmt.selected_columns.uid  # (text in an export's rows)
    exported = stmt.order_by(None).with_only_columns(cast(uid, Uuid))
    if table == "services":
        rows = queries.services(queries.ServiceFilters()).where(_S.c.uid.in_(exported))
        document: Any = lambda row: documents.service(row, day)  # noqa: E731
    else:
        rows = queries.organizations().where(_T.c.uid.in_(exported))
        document = documents.organization
    with path.open("w", encoding="utf-8") as out:
        for row in queries.every_row(conn, rows):
            out.write(json.dumps(document(row), ensure_ascii=False) + "\n")
    return []
