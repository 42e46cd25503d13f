"""A Meilisearch client from our settings, and the one error that means "not available"."""

from __future__ import annotations

from typing import Any

import meilisearch
from meilisearch.errors import (
    MeilisearchApiError,
    MeilisearchCommunicationError,
    MeilisearchTimeoutError,
)

from catalogue.errors import MaillageError
from catalogue.settings import Settings
from catalogue.stack import Meilisearch


class MeiliIndisponible(MaillageError):
    """Meilisearch cannot answer (down, timing out, index missing or failing)."""


UNAVAILABLE = (MeilisearchCommunicationError, MeilisearchTimeoutError, MeilisearchApiError, OSError)


def make_client(settings: Settings, *, timeout: float = 5.0) -> meilisearch.Client:
    key = settings.search.master_key
    if key is None:
        # The local stack generated one beside its data.
        local = Meilisearch(settings.stack)
        key = local.master_key() if local.key_file.exists() else None
    assert settings.search.url is not None  # derived from the stack when not given
    # The client types its timeout as whole seconds; requests accepts any number.
    return meilisearch.Client(settings.search.url, key, timeout=timeout)  # type: ignore[arg-type]


def wait(client: meilisearch.Client, task: Any, timeout_ms: int = 600_000) -> None:
    """Wait for a task and fail loudly if Meilisearch reports it failed."""
    done = client.wait_for_task(task.task_uid, timeout_in_ms=timeout_ms, interval_in_ms=20)
    if done.status != "succeeded":
        raise MeiliIndisponible(f"Tâche Meilisearch {done.uid} en échec : {done.error}")
