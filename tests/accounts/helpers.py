"""Shared by tests/accounts, tests/publish and tests/espace: a scratch catalogue with two
imported structures in two départements, accounts with every role, a client that signs
in through the real pages, and the local mail outbox."""

from __future__ import annotations

import email
import json
import re
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.policy import default as default_policy
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, text
from sqlalchemy.engine import Engine

from api.accounts.users import create_user
from catalogue.models import STRUCTURE_MEMBERS
from catalogue.settings import AccountSettings, MailSettings, Settings
from importers.pipeline import record_uid, run_import
from importers.registry import get_importer
from maillage.app import create_app

PASSWORD = "une phrase de passe assez longue"
ACCOUNT_TABLES = ("users", "login_attempts", "account_emails", "contact_reminders")
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def luhn_siret(prefix: str) -> str:
    """A valid SIRET starting with 13 given digits (its SIREN valid too when the caller
    chose it so)."""
    for last in "0123456789":
        candidate = prefix + last
        digits = [int(c) for c in reversed(candidate)]
        total = sum(
            d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits)
        )
        if total % 10 == 0:
            return candidate
    raise AssertionError(prefix)


# SIREN 732829320 is Luhn-valid; the establishment numbers are ours.
SIRET_A = luhn_siret("7328293200001")
SIRET_B = luhn_siret("7328293200002")

STRUCTURES = [
    {
        "source": "dora",
        "id": "dora--garage",
        "nom": "Garage solidaire du Rhône",
        "date_maj": "2025-01-10",
        "siret": SIRET_A,
        "commune": "Tarascon",
        "code_postal": "13150",
        "code_insee": "13108",
        "adresse": "1 rue du Port",
    },
    {
        "source": "dora",
        "id": "dora--epicerie",
        "nom": "Épicerie sociale des Costières",
        "date_maj": "2025-01-10",
        "siret": SIRET_B,
        "commune": "Nîmes",
        "code_postal": "30000",
        "code_insee": "30189",
    },
]
SERVICES = [
    {
        "source": "dora",
        "id": "dora--velos",
        "structure_id": "dora--garage",
        "nom": "Location de vélos à petit prix",
        "description": "Des vélos loués à la semaine pour aller travailler.",
        "date_maj": "2025-01-10",
        "thematiques": ["mobilite--acceder-a-un-vehicule"],
        "modes_accueil": ["en-presentiel"],
    },
    {
        "source": "dora",
        "id": "dora--colis",
        "structure_id": "dora--epicerie",
        "nom": "Colis alimentaires",
        "description": "Des colis alimentaires chaque semaine.",
        "date_maj": "2025-01-10",
        "thematiques": ["equipement-et-alimentation--alimentation"],
    },
]
UID_A = record_uid("structure", "dora", "dora--garage")
UID_B = record_uid("structure", "dora", "dora--epicerie")
VELOS = record_uid("service", "dora", "dora--velos")
COLIS = record_uid("service", "dora", "dora--colis")


def write_dump(folder: Path, structures: list[dict], services: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "structures.json").write_text(json.dumps(structures, ensure_ascii=False))
    (folder / "services.json").write_text(json.dumps(services, ensure_ascii=False))
    return folder


class Outbox:
    """The mails the app wrote to its local outbox directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def messages(self) -> list[EmailMessage]:
        if not self.directory.exists():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=default_policy)  # type: ignore[misc]
            for path in sorted(self.directory.glob("*.eml"))
        ]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages() if m["To"] == address]

    def last_link(self, address: str, path: str) -> str:
        """The last link to ``path`` mailed to ``address``, waiting for it a few seconds
        (a live server sends account mails after it has answered)."""
        deadline = time.monotonic() + 5
        while True:
            for message in reversed(self.to(address)):
                pattern = rf"https?://\S+{re.escape(path)}\?jeton=\S+"
                found = re.search(pattern, message.get_content())
                if found:
                    return found.group(0)
            if time.monotonic() > deadline:
                raise AssertionError(f"no {path} link sent to {address}")
            time.sleep(0.05)


@dataclass
class World:
    settings: Settings
    engine: Engine
    outbox: Outbox
    dump: Path


@pytest.fixture
def world(settings: Settings, engine: Engine, tmp_path: Path) -> World:
    """The scratch catalogue emptied (accounts too), the two structures imported, mail
    to a directory of this test."""
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(ACCOUNT_TABLES)} RESTART IDENTITY CASCADE"))
    mine = settings.model_copy(
        update={
            "mail": MailSettings(outbox_dir=tmp_path / "mail"),
            "accounts": AccountSettings(public_url="http://testserver"),
        }
    )
    dump = write_dump(tmp_path / "dump", STRUCTURES, SERVICES)
    report = run_import(engine, get_importer("data-inclusion"), dump)
    assert (report.structures.crees, report.services.crees) == (2, 2), report.as_dict()
    return World(mine, engine, Outbox(tmp_path / "mail"), dump)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.settings), raise_server_exceptions=True) as client:
        yield client


def csrf_of(client: TestClient, path: str = "/compte/connexion") -> str:
    """The CSRF token of a page's forms, for this client's cookies."""
    found = _CSRF.search(client.get(path).text)
    assert found, path
    return unescape(found.group(1))


def post(client: TestClient, path: str, data: dict | None = None, page: str | None = None):
    """A form post with this client's CSRF token (taken from ``page``)."""
    token = csrf_of(client, page or "/compte/connexion")
    return client.post(path, data={**(data or {}), "csrf": token}, follow_redirects=False)


def sign_in(client: TestClient, address: str, password: str = PASSWORD) -> None:
    response = post(client, "/compte/connexion", {"courriel": address, "mot_de_passe": password})
    assert response.status_code == 303, response.text
    assert "maillage_session" in response.cookies


def account(
    world: World,
    address: str,
    *,
    admin: bool = False,
    departements: tuple[str, ...] = (),
) -> uuid.UUID:
    return create_user(
        world.engine, address, PASSWORD, platform_admin=admin, departements=departements
    ).id


def member(
    world: World, user_id: uuid.UUID, structure_uid: uuid.UUID, role: str = "member"
) -> None:
    with world.engine.begin() as conn:
        conn.execute(
            insert(STRUCTURE_MEMBERS).values(
                user_id=user_id, structure_uid=structure_uid, role=role, status="active"
            )
        )


@pytest.fixture
def login(world: World) -> Iterator[Callable[[str], TestClient]]:
    """Opens other browsers (their own cookies), each signed in as the address given."""
    opened: list[TestClient] = []

    def open_signed_in(address: str) -> TestClient:
        other = TestClient(create_app(world.settings), raise_server_exceptions=True)
        other.__enter__()
        opened.append(other)
        sign_in(other, address)
        return other

    yield open_signed_in
    for other in opened:
        other.__exit__(None, None, None)


def today() -> str:
    return date.today().isoformat()


def shown(response) -> str:  # type: ignore[no-untyped-def]
    """The page's text as a person reads it (HTML entities decoded)."""
    return unescape(response.text)


def issue_api_token(client: TestClient, structure_uid: uuid.UUID, name: str = "SI") -> str:
    """An API token created by a signed-in admin of the structure, through the page."""
    page = f"/espace-structure/structures/{structure_uid}"
    response = post(client, f"{page}/jetons", {"nom": name}, page)
    assert response.status_code == 200, response.text
    found = re.search(r'<code id="jeton-valeur">([^<]+)</code>', response.text)
    assert found, "the new token is shown once"
    return unescape(found.group(1))


def search_ids(client: TestClient, settings: Settings, **params: str) -> list[str]:
    """What search returns after the outbox is drained into the index."""
    from tests.conftest import index_now

    index_now(settings)
    answer = client.get("/api/v1/search", params=params).json()
    return [r["id"] for r in answer["resultats"]]
