"""Services in a viewport, grouped on a Web Mercator grid in SQL (never all points at once).

One aggregate query counts the visible services per grid cell (``CELL_PX`` pixels at the
requested zoom). When the viewport holds few services (``MAX_POINTS``) they are returned
one by one; otherwise each cell with several services is a group (its count, its centre
of mass, the extent of its members, its most frequent commune) and a cell with a single
service. So the groups and the services always add up to ``total``. Wide views (most
of the catalogue) are kept a minute in memory (``WIDE_VIEWS``).

Shown: published, non-archived services received in person that have a location, not
marked as a duplicate of another source's service (citizens need each place once), and not
closed today (``catalogue.records.closures``).
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from api.carte.params import MAX_LAT, Vue
from catalogue.records.closures import open_on_text, today
from catalogue.records.rules import received_in_person_text

MAX_POINTS = 200
MAX_LISTE = 50
WIDE_VIEW_DEGREES = 12
# The nearest services are looked for among this many nearest ones (any filter), with the
# spatial index; only when too few of them pass the filters is the whole view sorted.
NEAREST_CANDIDATES = 500
DECIMALS = 5  # about one metre

_RECEIVED_IN_PERSON = received_in_person_text("s")
_OPEN_TODAY = open_on_text("s")
_X = "ST_X(s.location::geometry)"
_Y = "ST_Y(s.location::geometry)"


def visible(vue: Vue, freins: tuple[str, ...] = ()) -> tuple[str, dict[str, Any]]:
    """The WHERE clause (on ``services s``) of the services the map shows in a viewport,
    and its bound values. Values are never spliced: only constant fragments are chosen
    here, so that each variant gets its own good plan."""
    clauses = [
        "s.publication_status = 'published'",
        "NOT s.archived",
        "s.doublon_de IS NULL",
        _OPEN_TODAY,
        "s.location IS NOT NULL",
        _RECEIVED_IN_PERSON,
        f"{_X} BETWEEN :ouest AND :est",
        f"{_Y} BETWEEN :sud AND :nord",
    ]
    values: dict[str, Any] = {
        "today": today(),
        "ouest": vue.ouest,
        "sud": vue.sud,
        "est": vue.est,
        "nord": vue.nord,
    }
    if freins:
        clauses.append("s.freins && CAST(:freins AS text[])")
        values["freins"] = list(freins)
    envelope = _index_envelope(vue)
    if envelope is not None:
        clauses.append("s.location && ST_MakeEnvelope(:pw, :ps, :pe, :pn, 4326)::geography")
        values.update(zip(("pw", "ps", "pe", "pn"), envelope, strict=True))
    return " AND ".join(clauses), values


def _index_envelope(vue: Vue) -> tuple[float, float, float, float] | None:
    """An envelope for the spatial index (geography) that surely covers the viewport.

    The edges of a geography polygon are great circles, which bow towards the pole: the
    edge nearer the equator would cut into the viewport, so it is pushed back by the bow.
    None for wide views: they hold most of the catalogue, which a plain scan reads faster
    than the index would.
    """
    if vue.est - vue.ouest > WIDE_VIEW_DEGREES:
        return None
    half = math.radians(vue.est - vue.ouest) / 2

    def bow(latitude: float) -> float:
        peak = math.degrees(math.atan(math.tan(math.radians(abs(latitude))) / math.cos(half)))
        return (peak - abs(latitude)) * 1.1 + 1e-6

    south = vue.sud - bow(vue.sud) if vue.sud > 0 else vue.sud - 1e-6
    north = vue.nord + bow(vue.nord) if vue.nord < 0 else vue.nord + 1e-6
    return vue.ouest - 1e-6, max(south, -90.0), vue.est + 1e-6, min(north, 90.0)


def _cells(conn: Connection, vue: Vue, where: str, values: dict[str, Any]) -> list[Any]:
    sql = f"""
        SELECT count(*) AS n, avg(x) AS lon, avg(y) AS lat,
               min(x) AS ouest, min(y) AS sud, max(x) AS est, max(y) AS nord,
               min(uid::text) AS uid, mode() WITHIN GROUP (ORDER BY code) AS code
          FROM (SELECT s.uid, s.code_commune_resolu AS code, {_X} AS x, {_Y} AS y
                  FROM services s WHERE {where}) p
         GROUP BY floor(radians(x) / :cell),
                  floor(ln(tan(pi() / 4 + radians(least(greatest(y, -{MAX_LAT}), {MAX_LAT})) / 2))
                        / :cell)
    """
    return list(conn.execute(text(sql), {**values, "cell": vue.cellule}))


_POINT_SQL = f"""
    SELECT s.uid, s.nom, t.nom AS structure, s.commune, s.code_postal, {_X} AS x, {_Y} AS y
      FROM services s JOIN structures t ON t.uid = s.structure_uid
"""


def _point(row: Any) -> dict[str, Any]:
    commune = " ".join(p for p in (row.code_postal, row.commune) if p) or None
    return {
        "uid": str(row.uid),
        "nom": row.nom,
        "structure": row.structure,
        "commune": commune,
        "latitude": round(row.y, DECIMALS),
        "longitude": round(row.x, DECIMALS),
        "lien": f"/services/{row.uid}",
    }


def _points(conn: Connection, where: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    sql = f"{_POINT_SQL} WHERE {where} ORDER BY s.nom_tri, s.uid LIMIT {MAX_POINTS}"
    return [_point(row) for row in conn.execute(text(sql), values)]


def _points_by_uid(conn: Connection, uids: list[str]) -> list[dict[str, Any]]:
    if not uids:
        return []
    sql = f"{_POINT_SQL} WHERE s.uid = ANY(CAST(:uids AS uuid[])) ORDER BY s.nom_tri, s.uid"
    return [_point(row) for row in conn.execute(text(sql), {"uids": uids})]


def _nearest(
    conn: Connection, vue: Vue, where: str, values: dict[str, Any], limit: int
) -> list[dict[str, Any]]:
    if limit == 0:
        return []
    lon, lat = vue.centre
    point = "ST_SetSRID(ST_MakePoint(:clon, :clat), 4326)::geography"
    order = f"ORDER BY s.location <-> {point}, s.uid LIMIT :limit"
    params = {**values, "clon": lon, "clat": lat, "limit": limit}
    # Among the K nearest services of all, the nearest that pass the filters are the
    # nearest that pass the filters at all (any closer one would be among the K).
    candidates = f"""
        JOIN (SELECT uid FROM services WHERE location IS NOT NULL
               ORDER BY location <-> {point} LIMIT {NEAREST_CANDIDATES}) k ON k.uid = s.uid"""
    rows = conn.execute(text(f"{_POINT_SQL} {candidates} WHERE {where} {order}"), params).all()
    if len(rows) < limit:  # a rare filter: sort the whole view
        rows = conn.execute(text(f"{_POINT_SQL} WHERE {where} {order}"), params).all()
    return [_point(row) for row in rows]


def _commune_names(conn: Connection, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = conn.execute(
        text("SELECT code, nom FROM communes WHERE code = ANY(CAST(:codes AS text[]))"),
        {"codes": sorted(codes)},
    )
    return {code: nom for code, nom in rows}


def _group(cell: Any, names: dict[str, str]) -> dict[str, Any]:
    return {
        "nombre": cell.n,
        "latitude": round(cell.lat, DECIMALS),
        "longitude": round(cell.lon, DECIMALS),
        "emprise": [round(v, DECIMALS) for v in (cell.ouest, cell.sud, cell.est, cell.nord)],
        "commune": names.get(cell.code),
    }


class _WideViews:
    """Answers for wide views, kept ``ttl`` seconds: they read most of the catalogue (a
    second or so at national scale) and are the same for everyone opening the map on a
    screen of the same size. Narrow views are cheap and never cached."""

    def __init__(self, ttl: float = 60.0, size: int = 64) -> None:
        self.ttl = ttl
        self.size = size
        self._answers: dict[tuple[Any, ...], tuple[float, dict[str, Any]]] = {}
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> dict[str, Any] | None:
        with self._lock:
            found = self._answers.get(key)
        if found is None or time.monotonic() - found[0] > self.ttl:
            return None
        return found[1]

    def clear(self) -> None:
        with self._lock:
            self._answers.clear()

    def put(self, key: tuple[Any, ...], answer: dict[str, Any]) -> None:
        with self._lock:
            if len(self._answers) >= self.size:
                self._answers.pop(min(self._answers, key=lambda k: self._answers[k][0]))
            self._answers[key] = (time.monotonic(), answer)


WIDE_VIEWS = _WideViews()


def services_in_view(
    engine: Engine, vue: Vue, freins: tuple[str, ...] = (), liste: int = 0
) -> dict[str, Any]:
    """What the map shows in a viewport: groups and single services, and, for the list
    beside the map, the ``liste`` services nearest to the centre of the view."""
    if vue.est - vue.ouest <= WIDE_VIEW_DEGREES:
        return _compute(engine, vue, freins, liste)
    key = (engine.url.render_as_string(hide_password=True), vue, freins, liste)
    answer = WIDE_VIEWS.get(key)
    if answer is None:
        answer = _compute(engine, vue, freins, liste)
        WIDE_VIEWS.put(key, answer)
    return answer


def _compute(engine: Engine, vue: Vue, freins: tuple[str, ...], liste: int) -> dict[str, Any]:
    where, values = visible(vue, freins)
    with engine.connect() as conn:
        cells = _cells(conn, vue, where, values)
        total = sum(cell.n for cell in cells)
        grouped = total > MAX_POINTS
        if grouped:
            several = sorted((c for c in cells if c.n > 1), key=lambda c: (-c.n, c.lon, c.lat))
            names = _commune_names(conn, {c.code for c in several if c.code})
            groups = [_group(cell, names) for cell in several]
            services = _points_by_uid(conn, sorted(c.uid for c in cells if c.n == 1))
        else:
            groups, services = [], _points(conn, where, values)
        nearest = _nearest(conn, vue, where, values, liste)
    return {
        "zoom": vue.zoom,
        "emprise": [vue.ouest, vue.sud, vue.est, vue.nord],
        "total": total,
        "regroupe": grouped,
        "groupes": groups,
        "services": services,
        "proches": nearest,
    }
