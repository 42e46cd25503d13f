"""Sign-up, address confirmation, sign-in, password reset, and accounts made by hand.

Nothing here tells whether an address has an account: sign-up and reset answer the
same either way (the mailbox's owner is told what happened), sign-in says "address or
password incorrect", and an unknown address costs as much time as a wrong password.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pydantic import EmailStr, TypeAdapter, ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Connection, Engine

from api.accounts import letters
from api.accounts.mail import Mailer
from api.accounts.passwords import check_policy, hash_password, needs_rehash, verify_password
from api.accounts.ratelimit import may_send_email, record_attempt, too_many_failures
from api.accounts.sessions import close_all_sessions
from api.accounts.tokens import digest, new_token
from catalogue.errors import DonneesInvalides, LienInvalide, NonAuthentifie, TropDeTentatives
from catalogue.geography.territories import territory
from catalogue.models import COORDINATOR_TERRITORIES as _C
from catalogue.models import EMAIL_TOKENS as _E
from catalogue.models import MODERATOR_DEPARTEMENTS as _M
from catalogue.models import USERS as _U
from catalogue.models import Departement
from catalogue.settings import Settings

_EMAIL = TypeAdapter(EmailStr)
_D = Departement.__table__
WRONG_CREDENTIALS = "Adresse électronique ou mot de passe incorrect."


def normalise_email(raw: str) -> str:
    """Trimmed, lower-cased, and a real address; else DonneesInvalides."""
    email = raw.strip().lower()
    try:
        _EMAIL.validate_python(email)
    except ValidationError as error:
        raise DonneesInvalides(
            "Adresse électronique invalide.", ["adresse électronique invalide"]
        ) from error
    return email


def _link(settings: Settings, path: str, token: str) -> str:
    return f"{settings.accounts.public_url.rstrip('/')}{path}?jeton={token}"


def _email_token(conn: Connection, user_id: uuid.UUID, purpose: str, lifetime: timedelta) -> str:
    token = new_token()
    conn.execute(
        insert(_E).values(
            token_hash=digest(token),
            user_id=user_id,
            purpose=purpose,
            expires_at=datetime.now(UTC) + lifetime,
        )
    )
    return token


def _reset_link(conn: Connection, settings: Settings, user_id: uuid.UUID) -> str:
    lifetime = timedelta(minutes=settings.accounts.reset_link_minutes)
    return _link(
        settings, "/compte/reinitialiser", _email_token(conn, user_id, "password_reset", lifetime)
    )


def check_sign_up(email: str, password: str) -> str:
    """The address, normalised, if it and the password are acceptable (whoever owns it)."""
    email = normalise_email(email)
    check_policy(password, email)
    return email


def sign_up(
    engine: Engine,
    mailer: Mailer,
    settings: Settings,
    email: str,
    password: str,
    name: str,
    ip: str,
) -> None:
    """Create an unconfirmed account and email its confirmation link (or, when the
    address already has an account, tell its owner instead), within the email limits.
    Pages call it after answering (``check_sign_up`` first): how long it takes would
    tell whether the address has an account."""
    email = check_sign_up(email, password)
    name = name.strip()[:150]
    with engine.begin() as conn:
        if not may_send_email(conn, settings.accounts, email, ip, datetime.now(UTC)):
            return
        existing = conn.execute(select(_U.c.id).where(_U.c.email == email)).scalar()
        if existing is not None:
            letter = letters.already_registered(_reset_link(conn, settings, existing))
        else:
            user_id = uuid.uuid4()
            conn.execute(
                insert(_U).values(
                    id=user_id,
                    email=email,
                    password_hash=hash_password(password),
                    name=name or None,
                )
            )
            hours = settings.accounts.confirmation_link_hours
            token = _email_token(conn, user_id, "confirmation", timedelta(hours=hours))
            letter = letters.confirmation(_link(settings, "/compte/confirmer", token), hours)
    mailer.send(email, letter.subject, letter.body)


def _use_token(conn: Connection, token: str, purpose: str) -> uuid.UUID:
    """Consume a one-time link: its user, or LienInvalide."""
    user_id: uuid.UUID | None = conn.execute(
        update(_E)
        .where(
            _E.c.token_hash == digest(token),
            _E.c.purpose == purpose,
            _E.c.used_at.is_(None),
            _E.c.expires_at > datetime.now(UTC),
        )
        .values(used_at=datetime.now(UTC))
        .returning(_E.c.user_id)
    ).scalar()
    if user_id is None:
        raise LienInvalide("Ce lien est inconnu, déjà utilisé ou expiré : demandez-en un nouveau.")
    return user_id


def confirm_email(engine: Engine, token: str) -> uuid.UUID:
    with engine.begin() as conn:
        user_id = _use_token(conn, token, "confirmation")
        conn.execute(
            update(_U)
            .where(_U.c.id == user_id, _U.c.confirmed_at.is_(None))
            .values(confirmed_at=datetime.now(UTC))
        )
    return user_id


def authenticate(
    engine: Engine, mailer: Mailer, settings: Settings, email: str, password: str, ip: str
) -> uuid.UUID:
    """The user signing in, or NonAuthentifie / TropDeTentatives (rate-limited per
    address and network, in the database)."""
    email = email.strip().lower()[:254]
    now = datetime.now(UTC)
    with engine.begin() as conn:
        if too_many_failures(conn, settings.accounts, email, ip, now):
            raise TropDeTentatives(
                "Trop de tentatives de connexion : réessayez dans "
                f"{settings.accounts.login_window_minutes} minutes, ou choisissez un nouveau "
                "mot de passe."
            )
        row = conn.execute(
            select(_U.c.id, _U.c.password_hash, _U.c.confirmed_at).where(_U.c.email == email)
        ).first()
        ok = verify_password(row.password_hash if row else None, password)
        record_attempt(conn, settings.accounts, email, ip, ok)
    if row is None or not ok:
        raise NonAuthentifie(WRONG_CREDENTIALS)
    with engine.begin() as conn:
        if needs_rehash(row.password_hash):
            conn.execute(
                update(_U).where(_U.c.id == row.id).values(password_hash=hash_password(password))
            )
        resend = row.confirmed_at is None and may_send_email(
            conn, settings.accounts, email, ip, now
        )
        if resend:
            # Only the password's owner learns this, and gets a fresh link.
            hours = settings.accounts.confirmation_link_hours
            token = _email_token(conn, row.id, "confirmation", timedelta(hours=hours))
            letter = letters.confirmation(_link(settings, "/compte/confirmer", token), hours)
    if resend:
        mailer.send(email, letter.subject, letter.body)
    if row.confirmed_at is None:
        raise NonAuthentifie(
            "Confirmez d'abord votre adresse : nous venons de vous renvoyer le lien par courriel."
            if resend
            else "Confirmez d'abord votre adresse : le lien vous a déjà été envoyé par courriel."
        )
    user_id: uuid.UUID = row.id
    return user_id


def request_password_reset(
    engine: Engine, mailer: Mailer, settings: Settings, email: str, ip: str
) -> None:
    """Email a reset link if the address has an account, within the email limits; say
    nothing either way."""
    try:
        email = normalise_email(email)
    except DonneesInvalides:
        return
    with engine.begin() as conn:
        user_id = conn.execute(select(_U.c.id).where(_U.c.email == email)).scalar()
        if user_id is None:
            return
        if not may_send_email(conn, settings.accounts, email, ip, datetime.now(UTC)):
            return
        link = _reset_link(conn, settings, user_id)
    letter = letters.password_reset(link, settings.accounts.reset_link_minutes)
    mailer.send(email, letter.subject, letter.body)


def reset_password(engine: Engine, token: str, password: str) -> uuid.UUID:
    """Set a new password from a reset link; every session of the account ends."""
    with engine.begin() as conn:
        user_id = _use_token(conn, token, "password_reset")
        email = conn.execute(select(_U.c.email).where(_U.c.id == user_id)).scalar_one()
        check_policy(password, email)
        conn.execute(
            update(_U)
            .where(_U.c.id == user_id)
            .values(
                password_hash=hash_password(password),
                # Receiving the link proves the address is theirs.
                confirmed_at=datetime.now(UTC),
            )
        )
        close_all_sessions(conn, user_id)
    return user_id


@dataclass(frozen=True)
class NewAccount:
    id: uuid.UUID
    email: str
    created: bool


def create_user(
    engine: Engine,
    email: str,
    password: str,
    *,
    name: str | None = None,
    platform_admin: bool = False,
    departements: tuple[str, ...] = (),
    territoires: tuple[str, ...] = (),
) -> NewAccount:
    """An account made by hand (CLI, tests): confirmed at once. An existing account
    keeps its password and gains the roles given."""
    email = normalise_email(email)
    with engine.begin() as conn:
        user_id = conn.execute(select(_U.c.id).where(_U.c.email == email)).scalar()
        created = user_id is None
        if user_id is None:
            check_policy(password, email)
            user_id = uuid.uuid4()
            conn.execute(
                insert(_U).values(
                    id=user_id,
                    email=email,
                    password_hash=hash_password(password),
                    name=name,
                    confirmed_at=datetime.now(UTC),
                )
            )
        if platform_admin:
            conn.execute(update(_U).where(_U.c.id == user_id).values(is_platform_admin=True))
        for code in departements:
            known = conn.execute(select(_D.c.code).where(_D.c.code == code)).scalar()
            if known is None:
                raise DonneesInvalides(f"Département inconnu « {code} ».")
            conn.execute(
                pg_insert(_M)
                .values(user_id=user_id, departement_code=code)
                .on_conflict_do_nothing()
            )
        for code in territoires:
            area = territory(conn, code)  # refuses an unknown code
            conn.execute(
                pg_insert(_C)
                .values(user_id=user_id, territory_code=area.code)
                .on_conflict_do_nothing()
            )
    return NewAccount(user_id, email, created)
