"""Who may write what: every write route of the app, enumerated from ``app.routes``,
refuses every role below the one it needs — and changes nothing when it refuses.

A new write route fails this test until it is given its role in ``REQUIRED`` (or, for
the few routes anyone may use, in ``PUBLIC``): the allow-list is explicit on purpose.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text
from starlette.routing import Route

from api.accounts.api_tokens import issue_token, revoke_token
from api.accounts.roles import load_principal
from api.publish.services import create_service, publish_service
from catalogue.models import STRUCTURE_MEMBERS
from catalogue.models.reports import Signalement
from tests.accounts.helpers import UID_A, UID_B, World, account, csrf_of, member

WRITES = {"POST", "PUT", "PATCH", "DELETE"}

# Writes anyone may make, signed in or not (each one has its own abuse protections).
PUBLIC = {
    ("POST", "/compte/inscription"),
    ("POST", "/compte/connexion"),
    ("POST", "/compte/deconnexion"),
    ("POST", "/compte/mot-de-passe-oublie"),
    ("POST", "/compte/reinitialiser"),
    # The contact of an unmanaged service, with the token of its reminder (no account).
    ("POST", "/services/{uid}/a-jour"),
}
# « Signaler une erreur » is public too; it lives in the public pages' module.
PUBLIC_MODULES = {"map.pages.signalement"}

REQUIRED = {
    ("POST", "/espace-structure/structures"): "signed-in",
    ("POST", "/espace-structure/structures/{uid}/rejoindre"): "signed-in",
    ("POST", "/espace-structure/structures/{uid}/services"): "member",
    ("POST", "/espace-structure/services/{uid}"): "member",
    ("POST", "/espace-structure/services/{uid}/{action}"): "member",
    ("POST", "/espace-structure/structures/{uid}/reprendre/{service_uid}"): "member",
    ("POST", "/espace-structure/membres/{membership_id}/{decision}"): "admin",
    ("POST", "/espace-structure/structures/{uid}/jetons"): "admin",
    ("POST", "/espace-structure/structures/{uid}/jetons/{token_id}/revoquer"): "admin",
    ("POST", "/admin/moderation/publications/{uid}/{decision}"): "moderator",
    ("POST", "/admin/moderation/signalements/{report_id}/traiter"): "moderator",
    ("POST", "/admin/moderation/grappes/{cluster_id}/confirmer"): "moderator",
    ("POST", "/admin/moderation/grappes/{cluster_id}/separer/{uid}"): "moderator",
    ("POST", "/admin/coordinateurs"): "platform admin",
    ("POST", "/admin/coordinateurs/{user_id}/{code}/retirer"): "platform admin",
    ("POST", "/api/v1/structures/{uid}/services"): "token",
    ("PUT", "/api/v1/structures/{uid}/services/{service_uid}"): "token",
    ("PATCH", "/api/v1/structures/{uid}/services/{service_uid}"): "token",
    ("DELETE", "/api/v1/structures/{uid}/services/{service_uid}"): "token",
}

# Who must be refused, for each role needed (all of them target structure A, in 13).
DENIED = {
    "signed-in": ["anonymous"],
    "member": ["anonymous", "referent", "admin of B", "moderator of 13"],
    "admin": ["anonymous", "referent", "member of A", "admin of B"],
    "moderator": ["anonymous", "referent", "member of A", "moderator of 75"],
    "token": ["no token", "token of B", "revoked token of A", "session of admin of A"],
    "platform admin": ["anonymous", "referent", "admin of A", "moderator of 13"],
}

SERVICE = {
    "nom": "Aide au permis de conduire",
    "description": "Un accompagnement pour préparer le code et la conduite.",
    "thematiques": ["mobilite--preparer-un-permis"],
}


@dataclass
class Targets:
    service: uuid.UUID
    imported: uuid.UUID
    membership: int
    token: uuid.UUID
    report: int
    tokens: dict[str, str]


@pytest.fixture
def targets(world: World) -> Targets:
    admin_a = account(world, "admin-a@example.org")
    member(world, admin_a, UID_A, "admin")
    member(world, account(world, "member-a@example.org"), UID_A)
    admin_b = account(world, "admin-b@example.org")
    member(world, admin_b, UID_B, "admin")
    account(world, "referent@example.org")
    account(world, "modo13@example.org", departements=("13",))
    account(world, "modo75@example.org", departements=("75",))
    candidate = account(world, "candidate@example.org")
    with world.engine.begin() as conn:
        principal_a = load_principal(conn, admin_a)
        principal_b = load_principal(conn, admin_b)
        assert principal_a and principal_b
        service = create_service(conn, principal_a, UID_A, SERVICE)
        publish_service(conn, principal_a, service)
        membership = conn.execute(
            insert(STRUCTURE_MEMBERS)
            .values(user_id=candidate, structure_uid=UID_A, role="member")
            .returning(STRUCTURE_MEMBERS.c.id)
        ).scalar_one()
        token_a = issue_token(conn, principal_a, UID_A, "A")
        revoked = issue_token(conn, principal_a, UID_A, "ancien")
        revoke_token(conn, principal_a, UID_A, revoked.id)
        token_b = issue_token(conn, principal_b, UID_B, "B")
        report = conn.execute(
            insert(Signalement.__table__)
            .values(service_uid=service, message="Le numéro ne répond pas.")
            .returning(Signalement.__table__.c.id)
        ).scalar_one()
        imported = conn.execute(
            text("SELECT uid FROM services WHERE structure_uid = :a AND source = 'dora'"),
            {"a": UID_A},
        ).scalar_one()
    return Targets(
        service,
        imported,
        membership,
        token_a.id,
        report,
        {"token of B": token_b.token, "revoked token of A": revoked.token},
    )


def _url(path: str, t: Targets) -> str:
    values = {
        "service_uid": t.imported if "reprendre" in path else t.service,
        "uid": t.service if "/services/{uid}" in path or "/publications/" in path else UID_A,
        "membership_id": t.membership,
        "token_id": t.token,
        "report_id": t.report,
        "cluster_id": UID_A,
        "user_id": UID_A,
        "code": "13",
        "action": "publier",
        "decision": "accepter" if "membres" in path else "valider",
    }
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    assert "{" not in path, path
    return path


def _snapshot(world: World) -> tuple[Any, ...]:
    """Everything a write could change, summed up."""
    with world.engine.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    """
            SELECT (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '')
                      FROM services),
                   (SELECT count(*) || '/' || coalesce(max(updated_at)::text, '')
                      FROM structures),
                   (SELECT count(*) FROM service_history),
                   (SELECT string_agg(status, ',' ORDER BY id) FROM structure_members),
                   (SELECT count(*) || '/' || count(revoked_at) FROM api_tokens),
                   (SELECT string_agg(coalesce(review, '-'), ',') FROM managed_services),
                   (SELECT string_agg(statut, ',') FROM signalements)
            """
                )
            ).one()
        )


@pytest.fixture
def actors(world: World, targets: Targets, login) -> dict[str, TestClient]:
    return {
        "referent": login("referent@example.org"),
        "member of A": login("member-a@example.org"),
        "admin of A": login("admin-a@example.org"),
        "admin of B": login("admin-b@example.org"),
        "moderator of 13": login("modo13@example.org"),
        "moderator of 75": login("modo75@example.org"),
    }


def _send(
    client: TestClient, route: WriteRoute, method: str, url: str, actor: str, t: Targets
) -> Any:
    if route.path.startswith("/api/"):
        headers = {}
        if actor in t.tokens:
            headers["Authorization"] = f"Bearer {t.tokens[actor]}"
        body = SERVICE if method in ("POST", "PUT", "PATCH") else None
        return client.request(method, url, json=body, headers=headers)
    page = "/compte/connexion" if actor == "anonymous" else "/espace-structure"
    return client.request(method, url, data={"csrf": csrf_of(client, page)}, follow_redirects=False)


@dataclass(frozen=True)
class WriteRoute:
    method: str
    path: str
    module: str


def _routes(app: Any) -> list[tuple[str, frozenset[str], Any]]:
    """(path, methods, endpoint) of every route, included routers flattened."""
    found: list[tuple[str, frozenset[str], Any]] = []
    for route in app.routes:
        if hasattr(route, "effective_route_contexts"):  # an included router
            for context in route.effective_route_contexts():
                original = context.original_route
                methods = frozenset(getattr(original, "methods", None) or ())
                endpoint = context.endpoint or getattr(original, "endpoint", None)
                found.append((context.path, methods, endpoint))
        elif isinstance(route, Route):  # also a plain Starlette route, should one appear
            found.append((route.path, frozenset(route.methods or ()), route.endpoint))
    return found


def _write_routes(app: Any) -> list[WriteRoute]:
    return [
        WriteRoute(method, path, endpoint.__module__)
        for path, methods, endpoint in _routes(app)
        for method in sorted(methods & WRITES)
    ]


def test_every_write_route_has_a_declared_role(client: TestClient) -> None:
    routes = _write_routes(client.app)
    assert len(routes) >= len(REQUIRED) + len(PUBLIC)
    undeclared = [
        (r.method, r.path)
        for r in routes
        if (r.method, r.path) not in REQUIRED
        and (r.method, r.path) not in PUBLIC
        and r.module not in PUBLIC_MODULES
    ]
    assert undeclared == [], "declare the role each of these needs"
    declared = {(r.method, r.path) for r in routes}
    assert set(REQUIRED) | PUBLIC <= declared, "stale entries"


def test_no_write_route_is_reachable_without_its_role(
    client: TestClient,
    world: World,
    targets: Targets,
    actors: dict[str, TestClient],
) -> None:
    refused = 0
    for route in _write_routes(client.app):
        method = route.method
        required = REQUIRED.get((method, route.path))
        if required is None:
            continue
        url = _url(route.path, targets)
        for actor in DENIED[required]:
            browser = actors.get(actor, client)
            if actor == "session of admin of A":
                browser = actors["admin of A"]
            before = _snapshot(world)
            response = _send(browser, route, method, url, actor, targets)
            assert response.status_code in (401, 403), (method, route.path, actor, response.text)
            assert _snapshot(world) == before, (method, route.path, actor)
            refused += 1
    assert refused >= 40


def test_the_roles_needed_are_enough(
    client: TestClient, world: World, targets: Targets, actors: dict[str, TestClient]
) -> None:
    """The same kind of requests succeed for the right role: the refusals above are
    about roles, not about malformed requests."""
    admin_a, modo13 = actors["admin of A"], actors["moderator of 13"]
    member_a = actors["member of A"]
    cases: list[tuple[TestClient, str, Callable[[Any], bool]]] = [
        (member_a, f"/espace-structure/services/{targets.service}/depublier", _redirects),
        (admin_a, f"/espace-structure/membres/{targets.membership}/accepter", _redirects),
        (modo13, f"/admin/moderation/publications/{targets.service}/valider", _redirects),
        (modo13, f"/admin/moderation/signalements/{targets.report}/traiter", _redirects),
        (
            admin_a,
            f"/espace-structure/structures/{UID_A}/jetons/{targets.token}/revoquer",
            _redirects,
        ),
    ]
    for browser, url, ok in cases:
        before = _snapshot(world)
        response = browser.post(
            url, data={"csrf": csrf_of(browser, "/espace-structure")}, follow_redirects=False
        )
        assert ok(response), (url, response.status_code, response.text[:300])
        assert _snapshot(world) != before, url
    with world.engine.connect() as conn:
        token = conn.execute(
            select(text("1")).select_from(text("api_tokens")).where(text("revoked_at IS NULL"))
        ).all()
    assert len(token) == 1  # B's


def _redirects(response: Any) -> bool:
    return response.status_code == 303


def test_a_member_of_a_cannot_touch_bs_services(
    client: TestClient, world: World, targets: Targets, actors: dict[str, TestClient]
) -> None:
    admin_b = actors["admin of B"]
    for action in ("publier", "depublier", "archiver", "a-jour"):
        url = f"/espace-structure/services/{targets.service}/{action}"
        response = admin_b.post(
            url, data={"csrf": csrf_of(admin_b, "/espace-structure")}, follow_redirects=False
        )
        assert response.status_code == 403
    page = admin_b.get(f"/espace-structure/services/{targets.service}", follow_redirects=False)
    assert page.status_code == 403
