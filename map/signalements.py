"""« Signaler une erreur »: checking a report from the public and storing it.

Forms work without JavaScript and without cookies, so cross-site forgery is stopped by
two checks: the request must come from one of our pages (``Origin``, else ``Referer``,
naming our host), and carry a token we signed for that very service or structure less
than ``TOKEN_TTL`` ago. Reports are small (``MAX_MESSAGE`` characters, ``MAX_BODY``
bytes in all) and each client may send ``RATE_LIMIT`` of them per ``RATE_WINDOW``.
A hidden field that people never fill (« site ») catches naive robots.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from catalogue.models import Signalement

MAX_MESSAGE = 2000
MIN_MESSAGE = 10
MAX_COURRIEL = 254
MAX_BODY = 8 * 1024
TOKEN_TTL = 3 * 3600
RATE_LIMIT = 5
RATE_WINDOW = 600.0
_COURRIEL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CIBLES = ("service", "structure")


@dataclass(frozen=True)
class Cible:
    """What a report is about: ``("service", uid)`` or ``("structure", uid)``."""

    kind: str
    uid: str

    @property
    def lien(self) -> str:
        return f"/{self.kind}s/{self.uid}"


def cible(kind: str, raw_uid: str) -> Cible | None:
    if kind not in CIBLES:
        return None
    try:
        return Cible(kind, str(uuid.UUID(raw_uid)))
    except ValueError:
        return None


class Jetons:
    """Tokens signed with the application's secret (a random one for this process when
    none is given: forms older than a restart then ask to be sent again)."""

    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def _sign(self, target: Cible, issued: int) -> str:
        message = f"{target.kind}:{target.uid}:{issued}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:32]

    def emettre(self, target: Cible, now: float | None = None) -> str:
        issued = int(now if now is not None else time.time())
        return f"{issued}.{self._sign(target, issued)}"

    def valide(self, token: str, target: Cible, now: float | None = None) -> bool:
        issued_text, _, signature = token.partition(".")
        if not issued_text.isdigit() or len(issued_text) > 12:
            return False
        issued = int(issued_text)
        age = (now if now is not None else time.time()) - issued
        if not 0 <= age <= TOKEN_TTL:
            return False
        return hmac.compare_digest(signature, self._sign(target, issued))


def meme_origine(origin: str | None, referer: str | None, host: str | None) -> bool:
    """The request comes from a page of this site (an absent Origin falls back to the
    Referer; both absent is refused: browsers send at least one with a form)."""
    source = origin if origin and origin != "null" else referer
    if not source or not host:
        return False
    return urlsplit(source).netloc.lower() == host.lower()


class Limiteur:
    """At most ``limit`` events per ``window`` seconds per key (memory of this process)."""

    def __init__(self, limit: int = RATE_LIMIT, window: float = RATE_WINDOW) -> None:
        self.limit = limit
        self.window = window
        self._events: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def autorise(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.pop(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            allowed = len(events) < self.limit
            if allowed:
                events.append(now)
            self._events[key] = events
            while len(self._events) > 10_000:  # forget the oldest clients first
                self._events.popitem(last=False)
        return allowed


@dataclass(frozen=True)
class Saisie:
    """What the person typed, kept to show the form again."""

    message: str
    courriel: str

    @classmethod
    def depuis(cls, message: str, courriel: str) -> Saisie:
        """Control characters removed (PostgreSQL refuses NUL), line breaks kept."""
        return cls(_CONTROLS.sub("", message), _CONTROLS.sub("", courriel))


def erreurs(saisie: Saisie) -> dict[str, str]:
    """Field → French message, for what cannot be accepted."""
    found = {}
    message = saisie.message.strip()
    if len(message) < MIN_MESSAGE:
        found["message"] = (
            f"Décrivez l'erreur en quelques mots (au moins {MIN_MESSAGE} caractères)."
        )
    elif len(message) > MAX_MESSAGE:
        found["message"] = f"Le message est trop long : {MAX_MESSAGE} caractères au plus."
    courriel = saisie.courriel.strip()
    if courriel and (len(courriel) > MAX_COURRIEL or not _COURRIEL.match(courriel)):
        found["courriel"] = "Adresse électronique invalide, par exemple nom@exemple.fr."
    return found


def enregistrer(engine: Engine, target: Cible, saisie: Saisie) -> int:
    """Store the report (status « nouveau »); its id."""
    values = {
        "service_uid": uuid.UUID(target.uid) if target.kind == "service" else None,
        "structure_uid": uuid.UUID(target.uid) if target.kind == "structure" else None,
        "message": saisie.message.strip(),
        "courriel": saisie.courriel.strip() or None,
    }
    with engine.begin() as conn:
        new_id: int = conn.execute(
            insert(Signalement).values(**values).returning(Signalement.id)
        ).scalar_one()
    return new_id
