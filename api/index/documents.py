"""Services as index documents, built from the catalogue (the source of truth).

Only published, non-archived services are documents. Empty lists become ``["*"]`` where
"nothing given" means "no restriction" (eligibility zone, publics), so that one filter
expresses the same semantics as the PostGIS backend.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.records.closures import END, START, day_number
from catalogue.records.rules import offered_remotely, received_in_person

ANY = "*"


def _query() -> Any:
    location = func.geometry(_S.c.location)
    return (
        select(
            _S.c.uid,
            _S.c.nom,
            _S.c.nom_tri,
            _S.c.description,
            _S.c.libelles,
            _S.c.commune,
            _S.c.freins,
            _S.c.categories,
            _S.c.thematiques,
            _S.c.publics,
            _S.c.frais,
            _S.c.type,
            _S.c.modes_accueil,
            _S.c.source,
            _S.c.zone_eligibilite,
            _S.c.doublon_de,
            _S.c.fermeture_debut,
            _S.c.fermeture_fin,
            func.ST_Y(location).label("lat"),
            func.ST_X(location).label("lng"),
            _T.c.nom.label("structure_nom"),
        )
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .where(_S.c.publication_status == "published", ~_S.c.archived)
    )


def to_document(row: Any) -> dict[str, Any]:
    modes = row.modes_accueil or []
    document: dict[str, Any] = {
        "id": str(row.uid),
        "nom": row.nom,
        "nom_tri": row.nom_tri or "",
        "structure_nom": row.structure_nom,
        "libelles": row.libelles or "",
        "description": row.description or "",
        "commune": row.commune or "",
        "freins": row.freins or [],
        "categories": row.categories or [],
        "thematiques": row.thematiques or [],
        "publics": (row.publics or []) or [ANY],
        "frais": row.frais,
        "type": row.type,
        "modes_accueil": modes,
        "source": row.source,
        "zone": (row.zone_eligibilite or []) or [ANY],
        "en_presentiel": received_in_person(modes),
        "a_distance": offered_remotely(modes),
        "doublon": row.doublon_de is not None,
        START: day_number(row.fermeture_debut),
        END: day_number(row.fermeture_fin),
    }
    if row.lat is not None:
        document["_geo"] = {"lat": row.lat, "lng": row.lng}
    document["empreinte"] = fingerprint(document)
    return document


def fingerprint(document: dict[str, Any]) -> str:
    content = {k: v for k, v in document.items() if k != "empreinte"}
    return hashlib.md5(
        json.dumps(content, sort_keys=True, default=str).encode(), usedforsecurity=False
    ).hexdigest()


def documents(
    conn: Connection, uids: Sequence[uuid.UUID] | None = None
) -> Iterator[dict[str, Any]]:
    """Documents of the given services (those still indexable), or of all of them."""
    query = _query()
    if uids is not None:
        query = query.where(_S.c.uid.in_(list(uids)))
    for row in conn.execute(query.execution_options(yield_per=5000)):
        yield to_document(row)
