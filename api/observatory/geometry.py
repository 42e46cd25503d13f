"""What the observatory's map draws: the places' contours, simplified for a territory's
scale, and the offers of a frein received in person there."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from catalogue.geography.territories import Territory
from catalogue.models import SERVICES as _S
from catalogue.models.geography import Commune
from catalogue.records.rules import received_in_person_sql
from catalogue.records.visibility import service_visible

# Degrees: about 200 m, invisible at a département's zoom, a tenth of the contours' size.
SIMPLIFY = 0.002
MAX_OFFERS = 2000


def contours(conn: Connection, codes: list[str]) -> dict[str, dict[str, Any]]:
    """Each place's contour as a GeoJSON geometry (5 decimals: about a metre)."""
    shape = func.ST_AsGeoJSON(func.ST_SimplifyPreserveTopology(Commune.contour, SIMPLIFY), 5)
    rows = conn.execute(
        select(Commune.code, shape).where(Commune.code.in_(codes), Commune.contour.is_not(None))
    )
    return {code: json.loads(geometry) for code, geometry in rows}


def offers(
    conn: Connection, area: Territory, frein: str, day: date
) -> list[tuple[float, float, str]]:
    """The frein's offers received in person in the territory: (latitude, longitude, name)."""
    point = func.geometry(_S.c.location)
    rows = conn.execute(
        select(func.ST_Y(point), func.ST_X(point), _S.c.nom)
        .where(
            service_visible(day),
            received_in_person_sql(_S.c.modes_accueil),
            _S.c.freins.contains([frein]),
            _S.c.code_commune_resolu.in_(area.communes),
            _S.c.location.is_not(None),
        )
        .limit(MAX_OFFERS)
    )
    return [(lat, lon, nom) for lat, lon, nom in rows]
