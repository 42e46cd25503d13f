"""What a coordinator animates in a territory, below the figures: the offers to check,
the sources and their last import, and the duplicates still to review."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from api.publish.freshness import stale
from catalogue.geography.territories import Territory
from catalogue.models import IMPORT_RUNS as _R
from catalogue.models import LINK_DECISIONS as _D
from catalogue.models import MANAGED_SERVICES as _M
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.records.visibility import service_visible

MOST_STALE = 10
REJECTIONS_SHOWN = 20


@dataclass(frozen=True)
class SourceRun:
    source: str
    services: int
    importe_le: datetime | None
    comptes: dict[str, Any]
    rejets: list[dict[str, Any]] = field(default_factory=list)
    total_rejets: int = 0


@dataclass(frozen=True)
class Animation:
    services: int
    a_verifier: int
    # (structure, services à vérifier), most first.
    structures_a_verifier: list[tuple[str, int]]
    sources: list[SourceRun]
    grappes_a_revoir: int

    @property
    def part_a_verifier(self) -> float:
        return round(self.a_verifier / self.services, 4) if self.services else 0.0


def animation(conn: Connection, area: Territory, day: date) -> Animation:
    located = _S.c.code_commune_resolu.in_(area.communes)
    services = (
        select(
            _S.c.uid, _S.c.source, _S.c.structure_uid, _S.c.import_run_id, stale().label("stale")
        )
        .outerjoin(_M, _M.c.service_uid == _S.c.uid)
        .where(service_visible(day), located)
        .subquery("offer")
    )
    total, to_check = conn.execute(
        select(func.count(), func.count().filter(services.c.stale))
    ).one()
    worst = conn.execute(
        select(_T.c.nom, func.count())
        .join(services, services.c.structure_uid == _T.c.uid)
        .where(services.c.stale)
        .group_by(_T.c.uid, _T.c.nom)
        .order_by(func.count().desc(), _T.c.nom)
        .limit(MOST_STALE)
    ).all()
    return Animation(
        total,
        to_check,
        [(nom, n) for nom, n in worst],
        _sources(conn, services),
        _clusters_to_review(conn, area),
    )


def _sources(conn: Connection, services: Any) -> list[SourceRun]:
    """Each source of the territory's offers, with the last import that wrote them."""
    rows = conn.execute(
        select(services.c.source, func.count(), func.max(services.c.import_run_id))
        .group_by(services.c.source)
        .order_by(services.c.source)
    ).all()
    runs = {
        run.id: run
        for run in conn.execute(
            select(_R).where(_R.c.id.in_([r[2] for r in rows if r[2] is not None]))
        )
    }
    found = []
    for source, count, run_id in rows:
        run = runs.get(run_id)
        rejections = list(run.rejections or []) if run else []
        found.append(
            SourceRun(
                source,
                count,
                run.finished_at if run else None,
                dict(run.counts or {}) if run else {},
                rejections[:REJECTIONS_SHOWN],
                len(rejections),
            )
        )
    return found


def _clusters_to_review(conn: Connection, area: Territory) -> int:
    """Clusters represented in the territory that no moderator has confirmed."""
    confirmed = (
        select(_D.c.uid_a)
        .where(_D.c.same, or_(_D.c.uid_a == _T.c.uid, _D.c.uid_b == _T.c.uid))
        .exists()
    )
    return (
        conn.scalar(
            select(func.count()).where(
                _T.c.uid == _T.c.cluster_id, _T.c.code_commune_resolu.in_(area.communes), ~confirmed
            )
        )
        or 0
    )
