"""An offline base map: the outlines of the départements, from the reference geography.

When no tile server is configured (the default: pages work offline), the public map
would be blank around its markers; these outlines let a person recognise where they are.
Merging 35,000 commune contours takes seconds, so it is done once per database and
process, on first demand, then served from memory (gzipped, cacheable by browsers).
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine

# Simplification (degrees): contours first simplified and slightly widened so that the
# simplified communes still tile their département, then the outline itself.
_SQL = """
    SELECT d.code, d.nom,
           ST_AsGeoJSON(ST_SimplifyPreserveTopology(
               ST_Union(ST_Buffer(ST_SimplifyPreserveTopology(c.contour, 0.003), 0.002)),
               0.01), 3) AS geometrie
      FROM communes c JOIN departements d ON d.code = c.departement_code
     WHERE c.type = 'COM' AND c.contour IS NOT NULL
     GROUP BY d.code, d.nom
     ORDER BY d.code
"""


@dataclass(frozen=True)
class Fond:
    geojson: bytes
    gzipped: bytes


_cache: dict[str, Fond] = {}
_lock = threading.Lock()


def _build(engine: Engine) -> Fond:
    with engine.connect() as conn:
        rows = conn.execute(text(_SQL)).all()
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "nom": nom},
                "geometry": json.loads(geometry),
            }
            for code, nom, geometry in rows
            if geometry
        ],
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    return Fond(data, gzip.compress(data, 9, mtime=0))


def departements(engine: Engine) -> Fond:
    """The outlines of every département of this database (built once, then cached)."""
    key = engine.url.render_as_string(hide_password=True)
    with _lock:  # one build at a time; later callers find it done
        if key not in _cache:
            _cache[key] = _build(engine)
        return _cache[key]
