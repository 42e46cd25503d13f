from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from catalogue.settings import Settings
from maillage.app import create_app


@pytest.fixture(scope="module")
def client(sample_settings: Settings) -> Iterator[TestClient]:
    """The application over the real data·inclusion sample."""
    with TestClient(create_app(sample_settings), raise_server_exceptions=False) as client:
        yield client
