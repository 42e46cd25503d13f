"""Freshness reminders to the contact address of imported services no account manages:
at most one per service every ``REMIND_CONTACT_EVERY``, one email per address. Each
service in it has a link whose token (kept hashed) lets the contact confirm, without an
account, that it is still right until the next reminder; the service is then fresh again
(``freshness.stale``)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine

from api.accounts import letters
from api.accounts.mail import Mailer
from catalogue.errors import LienInvalide
from catalogue.models import CONTACT_REMINDERS as _R
from catalogue.models import MANAGED_SERVICES as _M
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T

REMIND_CONTACT_EVERY = timedelta(days=90)
# An address gets at most this many services in one email (the oldest first).
MAX_PER_EMAIL = 30


@dataclass
class ContactsReport:
    courriels: int = 0
    services: int = 0
    destinataires: list[str] = field(default_factory=list)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def remind_contacts(
    conn: Connection,
    mailer: Mailer,
    base: str,
    now: datetime,
    stale: Any,
    *,
    force: bool = False,
    dry_run: bool = False,
) -> ContactsReport:
    """Email each contact address its stale unmanaged services (``stale`` is the rule)."""
    address = func.lower(func.coalesce(_S.c.courriel, _T.c.courriel)).label("address")
    query = (
        select(_S.c.uid, _S.c.nom, address, _T.c.nom.label("structure"))
        .join(_T, _T.c.uid == _S.c.structure_uid)
        .outerjoin(_M, _M.c.service_uid == _S.c.uid)
        .outerjoin(_R, _R.c.service_uid == _S.c.uid)
        .where(
            _M.c.service_uid.is_(None),
            _S.c.source != "maillage",
            _S.c.publication_status == "published",
            ~_S.c.archived,
            func.coalesce(_S.c.courriel, _T.c.courriel).is_not(None),
            stale,
        )
        .order_by(address, _S.c.date_maj, _S.c.nom)
    )
    if not force:
        query = query.where(
            or_(_R.c.reminded_at.is_(None), _R.c.reminded_at < now - REMIND_CONTACT_EVERY)
        )
    by_address: dict[str, list[Any]] = defaultdict(list)
    for row in conn.execute(query):
        if len(by_address[row.address]) < MAX_PER_EMAIL:
            by_address[row.address].append(row)
    report = ContactsReport()
    for email, rows in by_address.items():
        report.courriels += 1
        report.services += len(rows)
        report.destinataires.append(email)
        if dry_run:
            continue
        tokens = {row.uid: secrets.token_urlsafe(24) for row in rows}
        services = [
            (
                f"{row.nom} ({row.structure})",
                f"{base}/services/{row.uid}",
                f"{base}/services/{row.uid}/a-jour?" + urlencode({"jeton": tokens[row.uid]}),
            )
            for row in rows
        ]
        claim = f"{base}/espace-structure/rejoindre?" + urlencode({"q": rows[0].structure})
        letter = letters.contact_digest(services, claim, REMIND_CONTACT_EVERY.days)
        statement = pg_insert(_R)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=[_R.c.service_uid],
                set_={
                    "courriel": statement.excluded.courriel,
                    "reminded_at": statement.excluded.reminded_at,
                    "token_hash": statement.excluded.token_hash,
                },
            ),
            [
                {"service_uid": uid, "courriel": email, "reminded_at": now, "token_hash": _hash(t)}
                for uid, t in tokens.items()
            ],
        )
        mailer.send(email, letter.subject, letter.body)
    return report


def confirm_still_right(engine: Engine, raw_uid: str, token: str, now: datetime) -> str:
    """Record the contact's word that the service is still right; its name."""
    try:
        uid = uuid.UUID(raw_uid)
    except ValueError:
        uid = None
    with engine.begin() as conn:
        row = (
            conn.execute(
                select(_S.c.nom, _R.c.token_hash)
                .join(_R, _R.c.service_uid == _S.c.uid)
                .where(_S.c.uid == uid)
            ).first()
            if uid is not None
            else None
        )
        if row is None or not secrets.compare_digest(row.token_hash, _hash(token)):
            raise LienInvalide(
                "Ce lien de confirmation n'est pas (ou plus) valable : utilisez celui du "
                "dernier courriel reçu."
            )
        conn.execute(_R.update().where(_R.c.service_uid == uid).values(confirmed_at=now))
    return str(row.nom)
