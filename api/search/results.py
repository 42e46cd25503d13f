"""What a referent needs to see of each result, loaded from the catalogue by id.

Both backends only return ids and distances; the shape of a result is decided here,
once, so the two can never drift apart in what they show.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from api.publish.freshness import stale
from api.search.query import Hit
from catalogue.geography.lookup import zone_names
from catalogue.models import MANAGED_SERVICES
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.records.closures import described, today


def describe(engine: Engine, hits: list[Hit]) -> list[dict[str, Any]]:
    if not hits:
        return []
    uids = [uuid.UUID(h.uid) for h in hits]
    stmt = (
        select(
            _S.c.uid,
            _S.c.id,
            _S.c.source,
            _S.c.nom,
            _S.c.description,
            _S.c.type,
            _S.c.freins,
            _S.c.thematiques,
            _S.c.publics,
            _S.c.frais,
            _S.c.modes_accueil,
            _S.c.modes_mobilisation,
            _S.c.mobilisable_par,
            _S.c.lien_mobilisation,
            _S.c.adresse,
            _S.c.complement_adresse,
            _S.c.code_postal,
            _S.c.commune,
            _S.c.code_commune_resolu,
            _S.c.telephone,
            _S.c.courriel,
            _S.c.horaires_accueil,
            _S.c.geocoding_precision,
            _S.c.date_maj,
            _S.c.fermeture_debut,
            _S.c.zone_eligibilite,
            _S.c.fermeture_fin,
            func.ST_Y(func.geometry(_S.c.location)).label("latitude"),
            func.ST_X(func.geometry(_S.c.location)).label("longitude"),
            _T.c.uid.label("structure_uid"),
            _T.c.nom.label("structure_nom"),
            _T.c.telephone.label("structure_telephone"),
            _T.c.horaires_accueil.label("structure_horaires"),
            stale().label("a_verifier"),
        )
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .outerjoin(MANAGED_SERVICES, MANAGED_SERVICES.c.service_uid == _S.c.uid)
        .where(_S.c.uid.in_(uids))
    )
    with engine.connect() as conn:
        rows = {row.uid: row._mapping for row in conn.execute(stmt)}
        codes = {code for row in rows.values() for code in row["zone_eligibilite"] or ()}
        zones = zone_names(conn, codes)
    day = today()
    results = []
    for hit, uid in zip(hits, uids, strict=True):
        row = rows.get(uid)
        if row is None:  # deleted since the index answered: skip rather than fail
            continue
        results.append(
            {
                "id": str(uid),
                "nom": row["nom"],
                "structure": {"id": str(row["structure_uid"]), "nom": row["structure_nom"]},
                "distance_km": hit.distance_km,
                "a_distance": hit.distance_km is None,
                "freins": row["freins"] or [],
                "thematiques": row["thematiques"] or [],
                "publics": row["publics"] or [],
                "frais": row["frais"],
                "type": row["type"],
                "modes_accueil": row["modes_accueil"] or [],
                "adresse": row["adresse"],
                "complement_adresse": row["complement_adresse"],
                "code_postal": row["code_postal"],
                "commune": row["commune"],
                "code_commune": row["code_commune_resolu"],
                "latitude": row["latitude"],
                "longitude": row["longitude"],
                "precision_localisation": row["geocoding_precision"],
                "telephone": row["telephone"] or row["structure_telephone"],
                "courriel": row["courriel"],
                "horaires_accueil": row["horaires_accueil"] or row["structure_horaires"],
                "modes_mobilisation": row["modes_mobilisation"] or [],
                "mobilisable_par": row["mobilisable_par"] or [],
                "lien_mobilisation": row["lien_mobilisation"],
                "source": row["source"],
                "date_maj": row["date_maj"].isoformat() if row["date_maj"] else None,
                "a_verifier": bool(row["a_verifier"]),
                "fermeture": described(row["fermeture_debut"], row["fermeture_fin"], day),
                "zone": [zones[c] for c in row["zone_eligibilite"] or () if c in zones],
                "lien": f"/services/{uid}",
                "lien_api": f"/api/v1/services/{uid}",
            }
        )
    return results
