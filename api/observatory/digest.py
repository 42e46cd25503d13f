"""The weekly email to coordinators: per territory, the offers new and withdrawn since the
last email, those to check, the records imports rejected, and the gaps that opened or
closed (people living beyond ``GAP_KM`` of an offer, per frein, against the last email's
figures, kept in ``coordinator_digests``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import Connection, Engine

from api.accounts import letters
from api.accounts.mail import Mailer
from api.observatory.animation import animation
from api.observatory.indicators import observe
from catalogue.geography.territories import Territory, territory
from catalogue.models import COORDINATOR_DIGESTS as _D
from catalogue.models import COORDINATOR_TERRITORIES as _C
from catalogue.models import IMPORT_RUNS as _R
from catalogue.models import SERVICES as _S
from catalogue.models import USERS as _U
from catalogue.records.closures import today
from catalogue.settings import Settings

GAP_KM = 10
FIRST_WINDOW = timedelta(days=7)


@dataclass
class DigestReport:
    coordinateurs: int = 0
    territoires: int = 0
    courriels: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)


def _counts(conn: Connection, area: Territory, since: datetime) -> dict[str, int]:
    located = _S.c.code_commune_resolu.in_(area.communes)
    new = conn.scalar(
        select(func.count()).where(located, ~_S.c.archived, _S.c.first_seen_at >= since)
    )
    withdrawn = conn.scalar(
        select(func.count()).where(located, _S.c.archived, _S.c.updated_at >= since)
    )
    sources = select(_S.c.source).where(located).distinct().scalar_subquery()
    rejected = conn.scalar(
        select(func.coalesce(func.sum(func.jsonb_array_length(_R.c.rejections)), 0)).where(
            _R.c.finished_at >= since, _R.c.source.in_(sources)
        )
    )
    return {"nouvelles": new or 0, "retirees": withdrawn or 0, "rejets": rejected or 0}


def _section(
    conn: Connection, user_id: Any, area: Territory, now: datetime
) -> tuple[str, dict[str, Any]]:
    last = conn.execute(
        select(_D.c.sent_at, _D.c.figures).where(
            _D.c.user_id == user_id, _D.c.territory_code == area.code
        )
    ).first()
    since = last.sent_at if last else now - FIRST_WINDOW
    seen = observe(conn, area, today())
    counts = _counts(conn, area, since)
    to_check = animation(conn, area, today()).a_verifier
    beyond = {f.frein: next(b.personnes for b in f.au_dela if b.km == GAP_KM) for f in seen.freins}
    gaps = []
    for f in seen.freins:
        before = (last.figures if last else {}).get(f.frein)
        if before is not None and before != beyond[f.frein]:
            way = "s'est creusé" if beyond[f.frein] > before else "s'est réduit"
            gaps.append(
                f"  - {f.libelle} : l'écart {way} ({before} → {beyond[f.frein]} habitants "
                f"à plus de {GAP_KM} km d'une offre)"
            )
    lines = [
        f"{area.nom} ({area.code}), depuis le {since.date().strftime('%d/%m/%Y')} :",
        f"  - {counts['nouvelles']} nouvelle(s) offre(s), {counts['retirees']} retirée(s)",
        f"  - {to_check} offre(s) à vérifier",
        f"  - {counts['rejets']} enregistrement(s) rejeté(s) par les imports",
        *(gaps or [f"  - aucun écart ouvert ni refermé à {GAP_KM} km"]),
    ]
    return "\n".join(lines), {
        "code": area.code,
        **counts,
        "a_verifier": to_check,
        "figures": beyond,
    }


def send_coordinator_digest(
    engine: Engine, mailer: Mailer, settings: Settings, *, dry_run: bool = False
) -> DigestReport:
    """One email per coordinator; its figures kept (not in a dry run) for the next one."""
    report = DigestReport()
    now = datetime.now(UTC)
    with engine.connect() as conn:
        rows = conn.execute(
            select(_U.c.id, _U.c.email, _C.c.territory_code)
            .join(_C, _C.c.user_id == _U.c.id)
            .where(_U.c.confirmed_at.is_not(None))
            .order_by(_U.c.email, _C.c.territory_code)
        ).all()
    by_user: dict[Any, tuple[str, list[str]]] = {}
    for user_id, email, code in rows:
        by_user.setdefault(user_id, (email, []))[1].append(code)
    for user_id, (email, codes) in by_user.items():
        with engine.begin() as conn:
            sections, details = [], []
            for code in codes:
                text, detail = _section(conn, user_id, territory(conn, code), now)
                sections.append(text)
                details.append(detail)
                if not dry_run:
                    values = {"sent_at": now, "figures": detail["figures"]}
                    conn.execute(
                        insert(_D)
                        .values(user_id=user_id, territory_code=code, **values)
                        .on_conflict_do_update(
                            index_elements=["user_id", "territory_code"], set_=values
                        )
                    )
            link = f"{settings.accounts.public_url}/territoire/{codes[0]}"
            letter = letters.coordinator_digest(sections, link)
            if not dry_run:
                mailer.send(email, letter.subject, letter.body)
                report.courriels += 1
        report.coordinateurs += 1
        report.territoires += len(codes)
        report.details.append({"courriel": email, "territoires": details})
    return report
