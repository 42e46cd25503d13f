"""A backup restored into an empty database, its index rebuilt, gives the same search
results; a restore never writes over a catalogue."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from catalogue.settings import Settings
from catalogue.stack import Stack
from tests.conftest import cli_env, index_now, settings_for

QUERIES = [
    ["--commune=13055", "--rayon=30", "--taille=100"],
    ["--commune=75056", "--freins=mobilite", "--taille=100"],
    ["--commune=59350", "--texte=emploi", "--taille=100"],
]


def maillage(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [".venv/bin/maillage", *args],
        env={**os.environ, **cli_env(settings)},
        capture_output=True,
        text=True,
        check=False,
    )


def results(settings: Settings, engine: str) -> list[object]:
    found = []
    for query in QUERIES:
        answer = maillage(settings, "search", *query, f"--moteur={engine}", "--json")
        assert answer.returncode == 0, answer.stderr
        result = json.loads(answer.stdout)
        assert result.pop("moteur") == engine and result["total"] > 0
        found.append(result)
    return found


def test_a_backup_restored_into_an_empty_database_answers_the_same_searches(
    stack: Stack, demo_settings: Settings, tmp_path: Path
) -> None:
    backup = tmp_path / "maillage.dump"
    done = maillage(demo_settings, "admin", "sauvegarde", str(backup))
    assert done.returncode == 0, done.stderr
    assert backup.stat().st_size > 100_000

    stack.postgres.drop_database("maillage_restauree")
    restored = settings_for(stack, "maillage_restauree")
    done = maillage(restored, "admin", "restaurer", str(backup))
    assert done.returncode == 0, done.stderr
    index_now(restored)  # (the outbox restored with the rest)
    rebuilt = maillage(restored, "index", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    for engine in ("postgis", "meilisearch"):
        assert results(restored, engine) == results(demo_settings, engine), engine

    again = maillage(restored, "admin", "restaurer", str(backup))
    assert again.returncode == 2 and "n'est pas vide" in again.stderr
