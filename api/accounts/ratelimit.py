"""Sign-in rate limiting, stored in the database (so it holds across processes)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Connection

from catalogue.models import LOGIN_ATTEMPTS as _A
from catalogue.settings import AccountSettings

# Whatever the addresses tried, one network gets this many failures per window.
FAILURES_PER_IP_FACTOR = 10


def too_many_failures(
    conn: Connection, settings: AccountSettings, email: str, ip: str, now: datetime
) -> bool:
    """Whether this address (from this network) or this network has failed too often.
    Attempts on the same address, or from the same network, wait for each other until
    the transaction ends (advisory locks, always taken in this order): parallel guesses
    are counted one by one, never all against the same count."""
    for key in (f"connexion|courriel|{email}", f"connexion|reseau|{ip}"):
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
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


def prune(conn: Connection, settings: AccountSettings, now: datetime) -> int:
    """Forget attempts older than the window (called from time to time)."""
    since = now - timedelta(minutes=settings.login_window_minutes)
    return conn.execute(delete(_A).where(_A.c.created_at < since)).rowcount
