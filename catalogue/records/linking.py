"""Linking the structures listed more than once (by several sources, or twice by one),
without merging anything.

Which pairs are the same place is ``catalogue.records.duplicates``' rule. Here they are
grouped into clusters, strongest links first, never joining two structures that
contradict each other or that a moderator split (a moderator's « same » joins them
whatever the rules say). A cluster is represented by its best record: the most
services, then the most precise place, then the freshest. A service of another member
that covers a thématique one of the representative's covers is marked its duplicate
(``doublon_de``), which search can hide.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from catalogue.models import LINK_DECISIONS
from catalogue.records.duplicates import CANDIDATES, Sign, contradict, sign_of

# Above every tier of the rules: a moderator's word.
_DECIDED = 10
_PRECISION_RANK = {"source": 3, "adresse": 3, "rue": 2, "commune": 1}

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

_FACTS = """
SELECT t.uid, t.siret, t.identifiants, t.geocoding_precision, t.date_maj,
       (SELECT count(*) FROM services s WHERE s.structure_uid = t.uid AND NOT s.archived)
  FROM structures t WHERE t.uid = ANY(:uids) AND NOT t.archived
"""


@dataclass
class LinkReport:
    clusters: int
    structures: int
    duplicates: int


@dataclass(frozen=True)
class Edge:
    """Two structures the rules (or a moderator) call the same, and how strongly."""

    a: uuid.UUID
    b: uuid.UUID
    tier: int
    name: float = 1.0


class Clusters:
    """Structures joined edge by edge, each join refused when the two groups
    contradict each other (``contradict``) or hold two structures kept apart."""

    def __init__(self, signs: dict[uuid.UUID, Sign], apart: set[frozenset[uuid.UUID]]) -> None:
        self._parent: dict[uuid.UUID, uuid.UUID] = {}
        self._members: dict[uuid.UUID, set[uuid.UUID]] = {}
        self._signs = dict(signs)
        self._apart = apart

    def _root(self, x: uuid.UUID) -> uuid.UUID:
        if x not in self._parent:
            self._parent[x], self._members[x] = x, {x}
            self._signs.setdefault(x, Sign())
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def join(self, edge: Edge) -> None:
        ra, rb = self._root(edge.a), self._root(edge.b)
        if ra == rb:
            return
        if edge.tier < _DECIDED and self._kept_apart(ra, rb):
            return
        keep, gone = min(ra, rb), max(ra, rb)
        self._parent[gone] = keep
        self._members[keep] |= self._members.pop(gone)
        self._signs[keep] = self._signs[keep] | self._signs.pop(gone)

    def _kept_apart(self, ra: uuid.UUID, rb: uuid.UUID) -> bool:
        if contradict(self._signs[ra], self._signs[rb]):
            return True
        return any(
            frozenset((m, n)) in self._apart for m in self._members[ra] for n in self._members[rb]
        )

    def groups(self) -> list[set[uuid.UUID]]:
        return [members for members in self._members.values() if len(members) > 1]


def clusters_of(
    edges: Iterable[Edge], signs: dict[uuid.UUID, Sign], apart: set[frozenset[uuid.UUID]]
) -> list[set[uuid.UUID]]:
    """The clusters the edges make, strongest first (ties in a fixed order)."""
    clusters = Clusters(signs, apart)
    for edge in sorted(edges, key=lambda e: (-e.tier, -e.name, e.a, e.b)):
        clusters.join(edge)
    return clusters.groups()


def candidate_edges(conn: Connection) -> list[Edge]:
    """The pairs the rules call the same, over the structures as they stand."""
    # Its joins' row estimates are far too high, which makes PostgreSQL compile the
    # query (JIT) for seconds before it runs in a fraction of that.
    conn.exec_driver_sql("SET LOCAL jit = off")
    return [Edge(a, b, tier, float(name)) for a, b, tier, name in conn.execute(text(CANDIDATES))]


def link(conn: Connection, candidates: list[Edge] | None = None) -> LinkReport:
    """Recompute clusters and duplicates over the whole catalogue (idempotent). An
    import passes the ``candidate_edges`` it found once its structures were written
    (while its services were being prepared); archived ones are left out here."""
    decisions = conn.execute(
        select(LINK_DECISIONS.c.uid_a, LINK_DECISIONS.c.uid_b, LINK_DECISIONS.c.same)
    ).all()
    edges = candidate_edges(conn) if candidates is None else list(candidates)
    edges += [Edge(a, b, _DECIDED) for a, b, same in decisions if same]
    apart = {frozenset((a, b)) for a, b, same in decisions if not same}
    involved = sorted({uid for edge in edges for uid in (edge.a, edge.b)})
    facts = {row[0]: row for row in conn.execute(text(_FACTS), {"uids": involved})}
    edges = [edge for edge in edges if edge.a in facts and edge.b in facts]  # archived
    signs = {uid: sign_of(siret, ids) for uid, siret, ids, *_ in facts.values()}
    representative: dict[uuid.UUID, uuid.UUID] = {}
    for cluster in clusters_of(edges, signs, apart):
        best = max(cluster, key=lambda uid: _merit(facts[uid]))
        representative.update(dict.fromkeys(cluster, best))
    members = list(representative)
    conn.execute(
        text(
            "UPDATE structures s SET cluster_id = d.rep FROM ("
            "  SELECT uid, NULL::uuid AS rep FROM structures"
            "   WHERE cluster_id IS NOT NULL AND NOT (uid = ANY(:members))"
            "  UNION ALL SELECT * FROM unnest(CAST(:uids AS uuid[]), CAST(:reps AS uuid[]))"
            ") d WHERE d.uid = s.uid AND s.cluster_id IS DISTINCT FROM d.rep"
        ),
        {"members": members, "uids": members, "reps": list(representative.values())},
    )
    had_duplicates = conn.execute(
        text("SELECT EXISTS (SELECT FROM services WHERE doublon_de IS NOT NULL)")
    ).scalar_one()
    if members or had_duplicates:
        conn.execute(text(_DUPLICATES))
    return link_counts(conn)


def _merit(facts: tuple[object, ...]) -> tuple[object, ...]:
    """The best record of a cluster: the most services, the most precise place, the
    freshest; the uid breaks ties, always the same way."""
    uid, _, _, precision, date_maj, services = facts
    assert isinstance(uid, uuid.UUID)
    return (services, _PRECISION_RANK.get(str(precision), 0), date_maj, -uid.int)


def link_counts(conn: Connection) -> LinkReport:
    """The links as they stand, without recomputing them."""
    clusters, structures = conn.execute(
        text("SELECT count(DISTINCT cluster_id), count(cluster_id) FROM structures")
    ).one()
    duplicates = conn.execute(
        text("SELECT count(*) FROM services WHERE doublon_de IS NOT NULL")
    ).scalar_one()
    return LinkReport(clusters, structures, duplicates)
