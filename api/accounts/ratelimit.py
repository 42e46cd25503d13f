"""Rate limits of the accounts, stored in the database (so they hold across processes):
sign-in failures, and the confirmation and reset emails sent. Both tables hold personal
data only for their window: ``prune`` (``maillage admin purger``) deletes the rest."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from catalogue.models import ACCOUNT_EMAILS as _E
from catalogue.models import LOGIN_ATTEMPTS as _A
from catalogue.settings import AccountSettings

# Whatever the addresses tried, one network gets this many failures (emails) per window.
FAILURES_PER_IP_FACTOR = 10
EMAILS_PER_IP_FACTOR = 10


def _one_at_a_time(conn: Connection, *keys: str) -> None:
    """Requests on the same keys wait for each other until the transaction ends
    (advisory locks, always taken in this order): each is counted after the last."""
    for key in keys:
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


def too_many_failures(
    conn: Connection, settings: AccountSettings, email: str, ip: str, now: datetime
) -> bool:
    """Whether this address (from this network) or this network has failed too often.
    Attempts on the same address, or from the same network, wait for each other until
    the transaction ends (advisory locks, always taken in this order): parallel guesses
    are counted one by one, never all against the same count."""
    _one_at_a_time(conn, f"connexion|courriel|{email}", f"connexion|reseau|{ip}")
    since = now - timedelta(minutes=settings.login_window_minutes)
    recent = (_A.c.created_at > since) & ~_A.c.succeeded
    by_pair = conn.execute(
        select(func.count()).where(recent, _A.c.email == email, _A.c.ip == ip)
    ).scalar_one()
    if by_pair >= settings.login_max_failures:
        return True
    by_ip = conn.execute(select(func.count()).where(recent, _A.c.ip == ip)).scalar_one()
    return bool(by_ip >= settings.login_max_failures * FAILURES_PER_IP_FACTOR)


def record_attempt(
    conn: Connection, settings: AccountSettings, email: str, ip: str, succeeded: bool
) -> None:
    conn.execute(insert(_A).values(email=email, ip=ip, succeeded=succeeded))
    if succeeded:
        # A success forgives this pair's earlier failures.
        conn.execute(delete(_A).where(_A.c.email == email, _A.c.ip == ip, ~_A.c.succeeded))


def may_send_email(
    conn: Connection, settings: AccountSettings, email: str, ip: str, now: datetime
) -> bool:
    """Whether one more confirmation or reset email to ``email``, asked from ``ip``,
    stays within the limits; if it does, it is counted."""
    address = hashlib.sha256(email.encode()).hexdigest()
    _one_at_a_time(conn, f"courriel|adresse|{address}", f"courriel|reseau|{ip}")
    recent = _E.c.sent_at > now - timedelta(minutes=settings.email_window_minutes)
    count = select(func.count()).where(recent)
    if conn.execute(count.where(_E.c.address_digest == address)).scalar_one() >= (
        settings.email_max_per_window
    ):
        return False
    if conn.execute(count.where(_E.c.ip == ip)).scalar_one() >= (
        settings.email_max_per_window * EMAILS_PER_IP_FACTOR
    ):
        return False
    conn.execute(insert(_E).values(address_digest=address, ip=ip, sent_at=now))
    return True


def prune(conn: Connection, settings: AccountSettings, now: datetime) -> int:
    """Forget the attempts and emails older than their window."""
    attempts = now - timedelta(minutes=settings.login_window_minutes)
    emails = now - timedelta(minutes=settings.email_window_minutes)
    return (
        conn.execute(delete(_A).where(_A.c.created_at < attempts)).rowcount
        + conn.execute(delete(_E).where(_E.c.sent_at < emails)).rowcount
    )
