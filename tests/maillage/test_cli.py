"""The ``maillage`` command answers in one French line, never a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

from click.testing import CliRunner

from maillage.cli import main
from tests.conftest import REAL_DATA


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_database_that_does_not_answer_is_one_french_line(tmp_path: Path) -> None:
    url = f"postgresql+psycopg://maillage@127.0.0.1:{_closed_port()}/maillage"
    done = CliRunner().invoke(
        main,
        ["import", "soliguide", str(REAL_DATA / "soliguide" / "lieux.json")],
        env={"MAILLAGE_DB_URL": url},
    )
    assert done.exit_code == 3
    assert done.output.startswith("Erreur : la base de données ne répond pas")
    assert "Traceback" not in done.output
