"""Random tokens and their digests: what we hand out is never what we store."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from catalogue.settings import Settings

TOKEN_BYTES = 32


def new_token(prefix: str = "") -> str:
    """A random, URL-safe token (256 bits), with an optional readable prefix."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What we store and look up: the SHA-256 of the token. A fast hash is right here
    (unlike passwords): the token has 256 random bits, there is nothing to guess."""
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a.encode(), b.encode())


def secret_key(settings: Settings) -> bytes:
    """The key that signs CSRF tokens: the configured one, else one generated once for
    this machine's stack (kept in its var dir, readable by its owner only)."""
    configured = settings.accounts.secret_key
    if configured is not None:
        return configured.get_secret_value().encode()
    path = settings.stack.var_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_hex(32)
        # O_EXCL: two processes starting together agree on one key.
        try:
            with path.open("x", encoding="ascii") as fh:
                path.chmod(0o600)
                fh.write(fresh)
        except FileExistsError:
            pass
    return path.read_text(encoding="ascii").strip().encode()


def sign(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
