"""Who may do what. Roles: referent (any account), member or admin of a structure
(validated), moderator of départements, coordinator of territories, platform admin.
API tokens act for one structure.

Every write goes through an ``Actor``: a signed-in person (``Principal``) or an API
token (``TokenActor``). The checks are here, once; the domain calls ``require_*``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.engine import Connection

from catalogue.errors import AccesRefuse
from catalogue.models import COORDINATOR_TERRITORIES as _C
from catalogue.models import MODERATOR_DEPARTEMENTS as _M
from catalogue.models import STRUCTURE_MEMBERS as _SM
from catalogue.models import USERS as _U

NOT_A_MEMBER = "Vous n'êtes pas membre validé de cette structure."


@dataclass(frozen=True)
class Principal:
    """A signed-in person and their roles (only validated memberships count)."""

    user_id: uuid.UUID
    email: str
    name: str | None
    is_platform_admin: bool = False
    memberships: Mapping[uuid.UUID, str] = field(default_factory=dict)  # structure → role
    departements: frozenset[str] = frozenset()
    # Territories coordinated (catalogue.geography.territories codes).
    territoires: frozenset[str] = frozenset()

    @property
    def api_token_id(self) -> uuid.UUID | None:
        return None

    @property
    def is_moderator(self) -> bool:
        return self.is_platform_admin or bool(self.departements)

    def can_edit(self, structure_uid: uuid.UUID) -> bool:
        return self.is_platform_admin or structure_uid in self.memberships

    def can_administer(self, structure_uid: uuid.UUID) -> bool:
        return self.is_platform_admin or self.memberships.get(structure_uid) == "admin"

    def can_moderate(self, departement: str | None) -> bool:
        """Moderators act within their départements; a place-less structure is left to
        platform admins."""
        return self.is_platform_admin or (
            departement is not None and departement in self.departements
        )


@dataclass(frozen=True)
class TokenActor:
    """A structure's own system, through one of its API tokens."""

    token_id: uuid.UUID
    structure_uid: uuid.UUID

    @property
    def user_id(self) -> uuid.UUID | None:
        return None

    @property
    def api_token_id(self) -> uuid.UUID | None:
        return self.token_id

    def can_edit(self, structure_uid: uuid.UUID) -> bool:
        return structure_uid == self.structure_uid


Actor = Principal | TokenActor


def load_principal(conn: Connection, user_id: uuid.UUID) -> Principal | None:
    user = conn.execute(
        select(_U.c.id, _U.c.email, _U.c.name, _U.c.is_platform_admin).where(
            _U.c.id == user_id, _U.c.confirmed_at.is_not(None)
        )
    ).first()
    if user is None:
        return None
    memberships = {
        structure: role
        for structure, role in conn.execute(
            select(_SM.c.structure_uid, _SM.c.role).where(
                _SM.c.user_id == user_id, _SM.c.status == "active"
            )
        )
    }
    departements = frozenset(
        conn.execute(select(_M.c.departement_code).where(_M.c.user_id == user_id)).scalars()
    )
    territoires = frozenset(
        conn.execute(select(_C.c.territory_code).where(_C.c.user_id == user_id)).scalars()
    )
    return Principal(
        user_id=user.id,
        email=user.email,
        name=user.name,
        is_platform_admin=user.is_platform_admin,
        memberships=memberships,
        departements=departements,
        territoires=territoires,
    )


def require_edit(actor: Actor, structure_uid: uuid.UUID) -> None:
    if not actor.can_edit(structure_uid):
        raise AccesRefuse(NOT_A_MEMBER)


def require_admin(actor: Actor, structure_uid: uuid.UUID) -> None:
    if not (isinstance(actor, Principal) and actor.can_administer(structure_uid)):
        raise AccesRefuse("Seuls les administrateurs de la structure peuvent faire cela.")


def require_moderator(actor: Actor, departement: str | None) -> None:
    if not (isinstance(actor, Principal) and actor.can_moderate(departement)):
        raise AccesRefuse("Cette action revient aux modérateurs du département.")
