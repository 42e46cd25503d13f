"""Clusters of linked structures, as moderators review them: the clusters of their
départements, each member beside the others (place, SIRET, identifiers, source,
services), to confirm or to split. Decisions are kept (``link_decisions``) and every
import's linking follows them."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection

from api.accounts.roles import Principal, require_moderator
from api.publish.places import departement_of, structure_departement
from catalogue.errors import StructureIntrouvable
from catalogue.models import LINK_DECISIONS as _D
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.records.linking import link

SHOWN = 200


def _members(conn: Connection, cluster_ids: list[uuid.UUID]) -> list[dict[str, Any]]:
    services = (
        select(func.count())
        .where(_S.c.structure_uid == _T.c.uid, ~_S.c.archived)
        .correlate(_T)
        .scalar_subquery()
    )
    rows = conn.execute(
        select(
            _T.c.uid, _T.c.cluster_id, _T.c.nom, _T.c.source, _T.c.adresse, _T.c.code_postal,
            _T.c.commune, _T.c.siret, _T.c.identifiants, _T.c.date_maj,
            services.label("services"), departement_of(_T).label("departement"),
        )
        .where(_T.c.cluster_id.in_(cluster_ids), ~_T.c.archived)
        .order_by(_T.c.cluster_id, (_T.c.uid != _T.c.cluster_id), _T.c.source, _T.c.nom)
    ).mappings()  # fmt: skip
    return [dict(row) for row in rows]


def _decided(conn: Connection, uids: list[uuid.UUID]) -> dict[frozenset[uuid.UUID], bool]:
    rows = conn.execute(select(_D.c.uid_a, _D.c.uid_b, _D.c.same).where(_D.c.uid_a.in_(uids))).all()
    return {frozenset((a, b)): same for a, b, same in rows}


def clusters_to_review(conn: Connection, principal: Principal) -> list[dict[str, Any]]:
    """The clusters represented in the moderator's départements, those a moderator has
    not confirmed first, ``SHOWN`` at most (a national admin's list would be long)."""
    representative = _T.alias("representative")
    decided = (
        select(_D.c.uid_a)
        .where(
            _D.c.same, or_(_D.c.uid_a == representative.c.uid, _D.c.uid_b == representative.c.uid)
        )
        .exists()
    )
    wanted = (
        select(representative.c.uid)
        .where(representative.c.uid == representative.c.cluster_id)
        .order_by(decided, representative.c.nom)
        .limit(SHOWN)
    )
    if not principal.is_platform_admin:
        wanted = wanted.where(departement_of(representative).in_(sorted(principal.departements)))
    cluster_ids = list(conn.execute(wanted).scalars())
    members = _members(conn, cluster_ids)
    decisions = _decided(conn, [m["uid"] for m in members])
    clusters = []
    for cluster_id, group in itertools.groupby(members, key=lambda m: m["cluster_id"]):
        listed = list(group)
        pairs = [frozenset((a["uid"], b["uid"])) for a, b in itertools.combinations(listed, 2)]
        confirmed = all(decisions.get(pair) for pair in pairs)
        clusters.append({"id": cluster_id, "membres": listed, "confirmee": confirmed})
    return sorted(clusters, key=lambda c: (c["confirmee"], c["membres"][0]["nom"]))


def _cluster(conn: Connection, principal: Principal, cluster_id: uuid.UUID) -> list[uuid.UUID]:
    """The members of a cluster the principal may moderate (a cluster is named after
    the structure representing it)."""
    require_moderator(principal, structure_departement(conn, cluster_id))
    members = _members(conn, [cluster_id])
    if not members:
        raise StructureIntrouvable(
            "Cette grappe n'existe plus : la page a peut-être été actualisée."
        )
    return [m["uid"] for m in members]


def _decide(
    conn: Connection, principal: Principal, pairs: list[tuple[uuid.UUID, uuid.UUID]], same: bool
) -> None:
    for a, b in pairs:
        low, high = sorted((a, b))
        statement = insert(_D).values(
            uid_a=low, uid_b=high, same=same, decided_by=principal.user_id
        )
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=[_D.c.uid_a, _D.c.uid_b],
                set_={"same": same, "decided_by": principal.user_id, "decided_at": func.now()},
            )
        )


def confirm(conn: Connection, principal: Principal, cluster_id: uuid.UUID) -> None:
    """Every member of the cluster is the same place: kept so, whatever imports bring."""
    members = _cluster(conn, principal, cluster_id)
    _decide(conn, principal, list(itertools.combinations(members, 2)), same=True)
    link(conn)


def split(conn: Connection, principal: Principal, cluster_id: uuid.UUID, uid: uuid.UUID) -> None:
    """``uid`` is not the same place as the other members: never linked to them again."""
    members = _cluster(conn, principal, cluster_id)
    if uid not in members:
        raise StructureIntrouvable("Cette structure n'est plus dans la grappe.")
    _decide(conn, principal, [(uid, other) for other in members if other != uid], same=False)
    link(conn)
