"""Reading one service or one structure, with what its sheet shows."""

from __future__ import annotations

import uuid
from typing import Any

from data_inclusion.schema.v1 import Service, Structure
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from api.publish.freshness import stale
from catalogue.errors import ServiceIntrouvable, StructureIntrouvable
from catalogue.models import MANAGED_SERVICES
from catalogue.models import SERVICES as _S
from catalogue.models import SIGHTINGS as _G
from catalogue.models import STRUCTURES as _T
from catalogue.records.closures import described, today


def parse_uid(raw: str) -> uuid.UUID | None:
    """A Maillage uid from the address bar, or None."""
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _location(row: Any) -> dict[str, Any]:
    return {
        "latitude": row["lat"],
        "longitude": row["lng"],
        "precision": row["geocoding_precision"],
        "code_commune": row["code_commune_resolu"],
    }


def _point_columns(table: Any) -> list[Any]:
    point = func.geometry(table.c.location)
    return [func.ST_Y(point).label("lat"), func.ST_X(point).label("lng")]


def service_sheet(engine: Engine, raw_uid: str) -> dict[str, Any]:
    uid = parse_uid(raw_uid)
    if uid is None:
        raise ServiceIntrouvable(f"« {raw_uid[:60]} » n'est pas un identifiant de service.")
    stmt = (
        select(
            _S,
            *_point_columns(_S),
            _T.c.nom.label("structure_nom"),
            # Written by its last import (last_seen_at), or only sighted since (sightings).
            func.greatest(_G.c.seen_at, _S.c.last_seen_at).label("seen_at"),
            stale().label("a_verifier"),
        )
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .outerjoin(_G, _G.c.uid == _S.c.uid)
        .outerjoin(MANAGED_SERVICES, MANAGED_SERVICES.c.service_uid == _S.c.uid)
        .where(_S.c.uid == uid, ~_S.c.archived, _S.c.publication_status == "published")
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).mappings().first()
    if row is None:
        raise ServiceIntrouvable("Ce service n'existe pas ou n'est plus proposé.")
    return {
        **{name: row[name] for name in Service.model_fields},
        "uid": str(uid),
        "freins": row["freins"] or [],
        "structure": {
            "uid": str(row["structure_uid"]),
            "nom": row["structure_nom"],
            "lien_api": f"/api/v1/structures/{row['structure_uid']}",
        },
        "localisation": _location(row),
        "vu_le": row["seen_at"].date().isoformat(),
        "a_verifier": bool(row["a_verifier"]),
        "fermeture": described(row["fermeture_debut"], row["fermeture_fin"], today()),
        "lien": f"/services/{uid}",
    }


def structure_sheet(engine: Engine, raw_uid: str) -> dict[str, Any]:
    uid = parse_uid(raw_uid)
    if uid is None:
        raise StructureIntrouvable(f"« {raw_uid[:60]} » n'est pas un identifiant de structure.")
    with engine.connect() as conn:
        row = (
            conn.execute(select(_T, *_point_columns(_T)).where(_T.c.uid == uid, ~_T.c.archived))
            .mappings()
            .first()
        )
        if row is None:
            raise StructureIntrouvable("Cette structure n'existe pas ou n'est plus référencée.")
        services = conn.execute(
            select(_S.c.uid, _S.c.nom, _S.c.freins)
            .where(
                _S.c.structure_uid == uid, ~_S.c.archived, _S.c.publication_status == "published"
            )
            .order_by(_S.c.nom_tri, _S.c.uid)
        ).all()
    return {
        **{name: row[name] for name in Structure.model_fields},
        "uid": str(uid),
        "localisation": _location(row),
        "services": [
            {
                "uid": str(s.uid),
                "nom": s.nom,
                "freins": s.freins or [],
                "lien_api": f"/api/v1/services/{s.uid}",
            }
            for s in services
        ],
        "lien": f"/structures/{uid}",
    }
