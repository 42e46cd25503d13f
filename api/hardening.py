"""What every response and every request goes through: security headers on the way out,
and, on the way in, the refusal of control characters (``%00``…) anywhere in the URL, with
a French 422 (PostgreSQL refuses NUL in text, and no name or address contains one)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from catalogue.errors import ParametreInvalide

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Scripts and styles stay ours or inline (folium's maps are inline scripts); the page
# cannot be framed, nor its type guessed, nor its address leaked to other sites.
HEADERS = {
    b"content-security-policy": (
        b"default-src 'self'; img-src 'self' data: https:; object-src 'none'; "
        b"base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
        b"script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'"
    ),
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
    b"x-frame-options": b"DENY",
}


def refuse_control_characters(request: Request) -> None:
    """A dependency of the whole app."""
    raw = unquote(request.url.path) + unquote(request.url.query)
    if _CONTROL.search(raw):
        raise ParametreInvalide(
            "L'adresse demandée contient un caractère de contrôle (comme %00) : retirez-le."
        )


class SecurityHeaders:
    """Pure ASGI (streaming and file responses pass through untouched, headers added)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                if b"content-security-policy" in present:
                    # The response set its own policy (one framed elsewhere: its
                    # frame-ancestors says where, which X-Frame-Options cannot).
                    present.add(b"x-frame-options")
                extra = [(k, v) for k, v in HEADERS.items() if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, with_headers)
