"""Accounts on the web: who is visiting (session cookie), CSRF tokens and their check.

CSRF tokens are HMACs (server secret) of what the visitor's cookies bind them to: the
session when signed in, else a random pre-session cookie. Signing in changes the binding,
so tokens from before are void. Unsafe requests also fail when the browser says they come
from another site (``Origin``, ``Sec-Fetch-Site``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from starlette.datastructures import UploadFile

from api.accounts.roles import Principal, load_principal
from api.accounts.sessions import SESSION_COOKIE, session_user
from api.accounts.tokens import digest, new_token, same, sign
from api.deps import EngineDep, SettingsDep
from catalogue.errors import CsrfInvalide, NonAuthentifie
from catalogue.settings import AccountSettings

ANONYMOUS_COOKIE = "maillage_csrf"
CSRF_FIELD = "csrf"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Visitor:
    principal: Principal | None
    session_token: str | None
    csrf_token: str
    # A fresh pre-session value to set as a cookie on the response (None: already set).
    new_anonymous_cookie: str | None = None

    def remember(self, response: Response, settings: AccountSettings) -> None:
        if self.new_anonymous_cookie is not None:
            response.set_cookie(
                ANONYMOUS_COOKIE,
                self.new_anonymous_cookie,
                httponly=True,
                samesite="lax",
                secure=settings.secure_cookies,
                path="/",
            )


def csrf_for(key: bytes, binding: str) -> str:
    return sign(key, "csrf|" + binding)


def get_visitor(request: Request, engine: EngineDep, settings: SettingsDep) -> Visitor:
    cached: Visitor | None = getattr(request.state, "visitor", None)
    if cached is not None:
        return cached
    key: bytes = request.app.state.secret_key
    token = request.cookies.get(SESSION_COOKIE)
    principal = None
    if token:
        with engine.connect() as conn:
            user_id = session_user(conn, token)
            principal = load_principal(conn, user_id) if user_id else None
    if principal is not None and token is not None:
        visitor = Visitor(principal, token, csrf_for(key, "session|" + digest(token)))
    else:
        anonymous = request.cookies.get(ANONYMOUS_COOKIE) or ""
        fresh = None
        if not 20 <= len(anonymous) <= 100:
            anonymous = fresh = new_token()
        visitor = Visitor(None, None, csrf_for(key, "anonyme|" + anonymous), fresh)
    request.state.visitor = visitor
    return visitor


VisitorDep = Annotated[Visitor, Depends(get_visitor)]


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


async def check_csrf(request: Request, visitor: VisitorDep, settings: SettingsDep) -> None:
    """Every unsafe request of the pages must carry the visitor's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    refused = CsrfInvalide(
        "Formulaire expiré ou envoyé depuis un autre site : rechargez la page et recommencez."
    )
    origin = request.headers.get("origin")
    allowed = {_origin_of(str(request.base_url)), _origin_of(settings.accounts.public_url)}
    if origin and origin.lower() not in allowed:
        raise refused
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise refused
    form = await request.form()
    sent = form.get(CSRF_FIELD)
    if isinstance(sent, UploadFile) or not sent or not same(sent, visitor.csrf_token):
        raise refused


def signed_in(visitor: VisitorDep) -> Principal:
    if visitor.principal is None:
        raise NonAuthentifie("Connectez-vous pour continuer.")
    return visitor.principal


PrincipalDep = Annotated[Principal, Depends(signed_in)]
CsrfDep = Depends(check_csrf)
