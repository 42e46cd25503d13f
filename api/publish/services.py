"""Editing a structure's services: create, edit, publish, archive, confirm, take over.

Every write sets ``updated_at = now()`` when content or status changes, so the outbox
triggers (migration 0002) queue the service for the search index in the same
transaction; every write is recorded in the history. Only services managed in Maillage
(``source = 'maillage'``) are edited; an imported one is taken over first.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import exists, insert, select, update
from sqlalchemy.engine import Connection

from api.accounts.roles import Actor, require_edit
from api.publish.history import diff, record
from api.publish.records import EDITABLE_FIELDS, LOCAL_SOURCE, schema_fields, service_columns
from catalogue.errors import (
    AccesRefuse,
    Conflit,
    DonneesInvalides,
    ServiceIntrouvable,
    StructureIntrouvable,
)
from catalogue.models import MANAGED_SERVICES as _M
from catalogue.models import SERVICES as _S
from catalogue.models import STRUCTURES as _T
from catalogue.models.publishing import DEFAULT_UPDATE_FREQUENCY_MONTHS

UNKNOWN_SERVICE = "Ce service n'existe pas dans cette structure."


def _structure(conn: Connection, structure_uid: uuid.UUID) -> Any:
    row = conn.execute(
        select(
            _T.c.uid, _T.c.id, _T.c.location, _T.c.geocoding_precision, _T.c.code_commune_resolu
        ).where(_T.c.uid == structure_uid, ~_T.c.archived)
    ).first()
    if row is None:
        raise StructureIntrouvable("Cette structure n'existe pas ou n'est plus référencée.")
    return row


def service_row(conn: Connection, uid: uuid.UUID) -> Mapping[str, Any]:
    """A service with its management columns (None when imported and not taken over)."""
    row = (
        conn.execute(
            select(
                _S,
                _M.c.update_frequency_months,
                _M.c.verified_at,
                _M.c.review,
                _M.c.replaces,
                _M.c.first_published_at,
            )
            .outerjoin(_M, _M.c.service_uid == _S.c.uid)
            .where(_S.c.uid == uid)
        )
        .mappings()
        .first()
    )
    if row is None:
        raise ServiceIntrouvable(UNKNOWN_SERVICE)
    return dict(row)


def _editable(
    conn: Connection, actor: Actor, uid: uuid.UUID, structure_uid: uuid.UUID | None = None
) -> Mapping[str, Any]:
    """The managed service ``uid``, once ``actor`` may edit it (and, when given, it
    belongs to ``structure_uid``)."""
    row = service_row(conn, uid)
    if structure_uid is not None and row["structure_uid"] != structure_uid:
        raise ServiceIntrouvable(UNKNOWN_SERVICE)
    require_edit(actor, row["structure_uid"])
    if row["source"] != LOCAL_SOURCE:
        raise Conflit(
            f"Ce service vient de la source « {row['source']} » : reprenez-le dans votre "
            "espace pour le modifier."
        )
    return row


def _frequency(value: int | None) -> int:
    frequency = DEFAULT_UPDATE_FREQUENCY_MONTHS if value is None else value
    if not 1 <= frequency <= 24:
        raise DonneesInvalides("Fréquence de mise à jour : entre 1 et 24 mois.")
    return frequency


def create_service(
    conn: Connection,
    actor: Actor,
    structure_uid: uuid.UUID,
    fields: Mapping[str, Any],
    *,
    publish: bool = False,
    frequency: int | None = None,
) -> uuid.UUID:
    require_edit(actor, structure_uid)
    structure = _structure(conn, structure_uid)
    months = _frequency(frequency)
    uid = uuid.uuid4()
    columns = service_columns(conn, uid, structure, fields)
    now = datetime.now(UTC)
    conn.execute(
        insert(_S).values(
            **columns,
            uid=uid,
            structure_uid=structure_uid,
            publication_status="draft",
            updated_at=now,
            last_seen_at=now,
        )
    )
    conn.execute(
        insert(_M).values(
            service_uid=uid, structure_uid=structure_uid, update_frequency_months=months
        )
    )
    record(conn, actor, uid, "creation", diff({}, {k: columns.get(k) for k in EDITABLE_FIELDS}))
    if publish:
        publish_service(conn, actor, uid)
    return uid


def update_service(
    conn: Connection,
    actor: Actor,
    uid: uuid.UUID,
    fields: Mapping[str, Any],
    *,
    frequency: int | None = None,
    structure_uid: uuid.UUID | None = None,
) -> list[str]:
    """Replace the service's fields; returns the names of those that changed."""
    row = _editable(conn, actor, uid, structure_uid)
    if row["archived"]:
        raise Conflit("Ce service est archivé : restaurez-le avant de le modifier.")
    structure = _structure(conn, row["structure_uid"])
    columns = service_columns(conn, uid, structure, fields)
    changes = diff(dict(row), {k: columns.get(k) for k in EDITABLE_FIELDS})
    now = datetime.now(UTC)
    if changes:
        conn.execute(update(_S).where(_S.c.uid == uid).values(**columns, updated_at=now))
        record(conn, actor, uid, "modification", changes)
    values: dict[str, Any] = {"verified_at": now}  # an edit is a verification
    if frequency is not None and frequency != row["update_frequency_months"]:
        values["update_frequency_months"] = _frequency(frequency)
    conn.execute(update(_M).where(_M.c.service_uid == uid).values(**values))
    return sorted(changes)


def patch_service(
    conn: Connection,
    actor: Actor,
    uid: uuid.UUID,
    fields: Mapping[str, Any],
    *,
    frequency: int | None = None,
    structure_uid: uuid.UUID | None = None,
) -> list[str]:
    """Change only the fields given (``None`` empties a field)."""
    row = _editable(conn, actor, uid, structure_uid)
    merged = {**schema_fields(row), **fields}
    return update_service(
        conn, actor, uid, merged, frequency=frequency, structure_uid=structure_uid
    )


def _set(conn: Connection, uid: uuid.UUID, **values: Any) -> None:
    conn.execute(update(_S).where(_S.c.uid == uid).values(**values, updated_at=datetime.now(UTC)))


def publish_service(
    conn: Connection, actor: Actor, uid: uuid.UUID, structure_uid: uuid.UUID | None = None
) -> None:
    """Live at once; a structure's first publications wait for a moderator's review
    in the moderation queue (who may suspend them)."""
    row = _editable(conn, actor, uid, structure_uid)
    if row["archived"]:
        raise Conflit("Ce service est archivé : restaurez-le avant de le publier.")
    if row["review"] == "suspended":
        raise AccesRefuse("Ce service a été suspendu par la modération : contactez-la.")
    if row["publication_status"] == "published":
        return
    _set(conn, uid, publication_status="published")
    if row["first_published_at"] is None:
        reviewed = exists().where(
            _M.c.structure_uid == row["structure_uid"], _M.c.review == "approved"
        )
        approved = conn.execute(select(reviewed)).scalar()
        conn.execute(
            update(_M)
            .where(_M.c.service_uid == uid)
            .values(first_published_at=datetime.now(UTC), review=None if approved else "pending")
        )
    record(conn, actor, uid, "publication")


def unpublish_service(
    conn: Connection, actor: Actor, uid: uuid.UUID, structure_uid: uuid.UUID | None = None
) -> None:
    row = _editable(conn, actor, uid, structure_uid)
    if row["publication_status"] == "published" and not row["archived"]:
        _set(conn, uid, publication_status="draft")
        record(conn, actor, uid, "depublication")


def archive_service(
    conn: Connection, actor: Actor, uid: uuid.UUID, structure_uid: uuid.UUID | None = None
) -> None:
    """Out of search and of the structure's list; never deleted."""
    row = _editable(conn, actor, uid, structure_uid)
    if not row["archived"]:
        _set(conn, uid, archived=True)
        record(conn, actor, uid, "archivage")


def restore_service(conn: Connection, actor: Actor, uid: uuid.UUID) -> None:
    """Back from the archive, as a draft."""
    row = _editable(conn, actor, uid)
    if row["archived"]:
        status = "suspended" if row["review"] == "suspended" else "draft"
        _set(conn, uid, archived=False, publication_status=status)
        record(conn, actor, uid, "restauration")


def confirm_up_to_date(conn: Connection, actor: Actor, uid: uuid.UUID) -> None:
    """« Toujours à jour » : verified today, and dated today for data·inclusion."""
    row = _editable(conn, actor, uid)
    now = datetime.now(UTC)
    conn.execute(
        update(_M).where(_M.c.service_uid == uid).values(verified_at=now, reminded_at=None)
    )
    if row["date_maj"] != date.today():
        _set(conn, uid, date_maj=date.today())
    record(conn, actor, uid, "verification")


def take_over(
    conn: Connection, actor: Actor, structure_uid: uuid.UUID, imported_uid: uuid.UUID
) -> uuid.UUID:
    """A local copy of an imported service of this structure supersedes it: the
    imported one is suspended, and later imports leave it alone (importers/pipeline)."""
    require_edit(actor, structure_uid)
    row = service_row(conn, imported_uid)
    if row["structure_uid"] != structure_uid or row["archived"]:
        raise ServiceIntrouvable(UNKNOWN_SERVICE)
    if row["source"] == LOCAL_SOURCE:
        raise Conflit("Ce service est déjà géré dans Maillage.")
    taken = conn.execute(select(_M.c.service_uid).where(_M.c.replaces == imported_uid)).scalar()
    if taken is not None:
        raise Conflit("Ce service a déjà été repris.")
    published = row["publication_status"] == "published"
    uid = create_service(conn, actor, structure_uid, schema_fields(row))
    conn.execute(update(_M).where(_M.c.service_uid == uid).values(replaces=imported_uid))
    _set(conn, imported_uid, publication_status="suspended")
    record(conn, actor, uid, "reprise", {"remplace": [row["id"], None]})
    if published:
        publish_service(conn, actor, uid)
    return uid
