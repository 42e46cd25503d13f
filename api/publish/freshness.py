"""Freshness: a service not verified within its update frequency (six months unless its
structure chose otherwise) is « à vérifier ». Managed services count from their last
verification (an edit, or « toujours à jour »), imported ones from their ``date_maj``.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Date, cast, func, or_, select, update
from sqlalchemy.engine import Engine

from api.accounts import letters
from api.accounts.mail import Mailer
from api.publish.contacts import remind_contacts
from catalogue.models import CONTACT_REMINDERS as _R
from catalogue.models import MANAGED_SERVICES as _M
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURE_MEMBERS as _SM
from catalogue.models import STRUCTURES as _T
from catalogue.models import USERS as _U
from catalogue.models.publishing import DEFAULT_UPDATE_FREQUENCY_MONTHS
from catalogue.settings import Settings

# The digest reminds a structure of a given service at most this often.
REMIND_EVERY = timedelta(days=7)


def stale(services: Any = _S, managed: Any = _M) -> ColumnElement[bool]:
    """True when the service is past its update frequency (``managed`` outer-joined), from
    its last verification, its ``date_maj`` or its contact's confirmation (``contacts``)."""
    # An alias of its own: the digest's query joins the reminders too.
    reminder = _R.alias("confirmation")
    confirmed = (
        select(cast(reminder.c.confirmed_at, Date))
        .where(reminder.c.service_uid == services.c.uid)
        .correlate_except(reminder)
        .scalar_subquery()
    )
    since = func.greatest(
        func.coalesce(cast(managed.c.verified_at, Date), services.c.date_maj), confirmed
    )
    months = func.coalesce(managed.c.update_frequency_months, DEFAULT_UPDATE_FREQUENCY_MONTHS)
    return since + func.make_interval(0, months) < func.current_date()


@dataclass
class DigestReport:
    structures: int = 0
    services: int = 0
    courriels: int = 0
    details: list[dict[str, Any]] = field(default_factory=list)
    # Imported services no account manages, reminded at their contact address.
    contacts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def send_digest(
    engine: Engine,
    mailer: Mailer,
    settings: Settings,
    *,
    force: bool = False,
    dry_run: bool = False,
) -> DigestReport:
    """Email each structure's validated members the list of its published services to
    verify (once a week at most per service, unless ``force``); then the contact address
    of the stale services no account manages (``contacts``)."""
    now = datetime.now(UTC)
    base = settings.accounts.public_url.rstrip("/")
    query = (
        select(_S.c.uid, _S.c.nom, _T.c.uid.label("structure_uid"), _T.c.nom.label("structure"))
        .join(_M, _M.c.service_uid == _S.c.uid)
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .where(_S.c.publication_status == "published", ~_S.c.archived, stale())
        .order_by(_T.c.nom, _S.c.nom)
    )
    if not force:
        query = query.where(or_(_M.c.reminded_at.is_(None), _M.c.reminded_at < now - REMIND_EVERY))
    report = DigestReport()
    with engine.begin() as conn:
        by_structure: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for row in conn.execute(query):
            by_structure[row.structure_uid].append(row)
        for structure_uid, rows in by_structure.items():
            recipients = list(
                conn.execute(
                    select(_U.c.email)
                    .join(_SM, _SM.c.user_id == _U.c.id)
                    .where(_SM.c.structure_uid == structure_uid, _SM.c.status == "active")
                    .order_by(_U.c.email)
                ).scalars()
            )
            if not recipients:
                continue
            services = [(r.nom, f"{base}/espace-structure/services/{r.uid}") for r in rows]
            letter = letters.freshness_digest(
                rows[0].structure, services, f"{base}/espace-structure"
            )
            report.structures += 1
            report.services += len(rows)
            report.details.append(
                {"structure": rows[0].structure, "services": len(rows), "destinataires": recipients}
            )
            if dry_run:
                continue
            for email in recipients:
                mailer.send(email, letter.subject, letter.body)
                report.courriels += 1
            conn.execute(
                update(_M)
                .where(_M.c.service_uid.in_([r.uid for r in rows]))
                .values(reminded_at=now)
            )
        reminded = remind_contacts(
            conn, mailer, base, now, stale(_S, _M), force=force, dry_run=dry_run
        )
        report.contacts = reminded.__dict__
        if not dry_run:
            report.courriels += reminded.courriels
    return report
