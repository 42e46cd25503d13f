"""Linking the same structure across sources, without merging anything.

Two structures of different sources are the same when they share a SIRET, or — when
their SIRETs do not contradict each other — when their names are alike and they stand
within 200 m. Linked structures form a cluster represented by its most recently updated
member; a service of another member that covers a thématique the representative also
covers is marked as its duplicate (``doublon_de``), which search can hide.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection

NEAR_M = 200
NAME_SIMILARITY = 0.5

_PAIRS = f"""
SELECT a.uid, b.uid FROM structures a
  JOIN structures b ON b.siret = a.siret AND a.uid < b.uid AND b.source <> a.source
 WHERE a.siret IS NOT NULL AND NOT a.archived AND NOT b.archived
UNION
SELECT a.uid, b.uid FROM structures a
  JOIN structures b
    ON a.uid < b.uid AND b.source <> a.source
   AND ST_DWithin(a.location, b.location, {NEAR_M}, false)
 WHERE NOT a.archived AND NOT b.archived
   AND (a.siret IS NULL OR b.siret IS NULL OR a.siret = b.siret)
   AND similarity(maillage_fold(a.nom), maillage_fold(b.nom)) >= {NAME_SIMILARITY}
"""

_DUPLICATES = """
WITH desired AS (
    SELECT s.uid,
           (SELECT r.uid FROM services r
             WHERE r.structure_uid = t.cluster_id AND NOT r.archived
               AND r.thematiques && s.thematiques
             ORDER BY r.uid LIMIT 1) AS twin
      FROM services s JOIN structures t ON t.uid = s.structure_uid
     WHERE t.cluster_id IS NOT NULL AND t.cluster_id <> t.uid
)
UPDATE services s
   SET doublon_de = d.twin, updated_at = now()
  FROM (SELECT uid, twin FROM desired
        UNION ALL
        SELECT uid, NULL FROM services
         WHERE doublon_de IS NOT NULL AND uid NOT IN (SELECT uid FROM desired)) d
 WHERE d.uid = s.uid AND s.doublon_de IS DISTINCT FROM d.twin
"""


@dataclass
class LinkReport:
    clusters: int
    structures: int
    duplicates: int


def _clusters(pairs: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> list[set[uuid.UUID]]:
    parent: dict[uuid.UUID, uuid.UUID] = {}

    def root(x: uuid.UUID) -> uuid.UUID:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[uuid.UUID, set[uuid.UUID]] = {}
    for member in parent:
        groups.setdefault(root(member), set()).add(member)
    return list(groups.values())


def link(conn: Connection) -> LinkReport:
    """Recompute clusters and duplicates over the whole catalogue (idempotent)."""
    sources = conn.execute(
        text("SELECT count(DISTINCT source) FROM structures WHERE NOT archived")
    ).scalar_one()
    # One source alone has nothing to link (and the spatial self-join costs seconds).
    pairs = conn.execute(text(_PAIRS)).all() if sources > 1 else []
    clusters = _clusters((a, b) for a, b in pairs)
    members = [uid for cluster in clusters for uid in cluster]
    representative: dict[uuid.UUID, uuid.UUID] = {}
    if members:
        freshness = {
            uid: date_maj
            for uid, date_maj in conn.execute(
                text("SELECT uid, date_maj FROM structures WHERE uid = ANY(:u)"), {"u": members}
            )
        }
        for cluster in clusters:
            # Most recently updated first; the uid breaks ties deterministically.
            best = max(cluster, key=lambda u: (freshness[u], -u.int))
            representative.update(dict.fromkeys(cluster, best))
    conn.execute(
        text(
            "UPDATE structures s SET cluster_id = d.rep FROM ("
            "  SELECT uid, NULL::uuid AS rep FROM structures"
            "   WHERE cluster_id IS NOT NULL AND NOT (uid = ANY(:members))"
            "  UNION ALL SELECT * FROM unnest(CAST(:uids AS uuid[]), CAST(:reps AS uuid[]))"
            ") d WHERE d.uid = s.uid AND s.cluster_id IS DISTINCT FROM d.rep"
        ),
        {
            "members": members,
            "uids": list(representative),
            "reps": list(representative.values()),
        },
    )
    had_duplicates = conn.execute(
        text("SELECT EXISTS (SELECT FROM services WHERE doublon_de IS NOT NULL)")
    ).scalar_one()
    if members or had_duplicates:
        conn.execute(text(_DUPLICATES))
    return link_counts(conn)


def link_counts(conn: Connection) -> LinkReport:
    """The links as they stand, without recomputing them."""
    clusters, structures = conn.execute(
        text("SELECT count(DISTINCT cluster_id), count(cluster_id) FROM structures")
    ).one()
    duplicates = conn.execute(
        text("SELECT count(*) FROM services WHERE doublon_de IS NOT NULL")
    ).scalar_one()
    return LinkReport(clusters, structures, duplicates)
