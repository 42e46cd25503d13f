"""Loading BAN files into the stack's addok: converted to addok documents here, indexed
by addok's own ``batch`` command (then its ``ngrams`` for autocompletion)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from catalogue.errors import MaillageError
from catalogue.geocoding.ban import Loaded, documents, ndjson_lines
from catalogue.geocoding.daemons import Addok

_ADDOK = "from addok.bin import main; main()"


class ChargementImpossible(MaillageError):
    """addok refused the documents (or Redis is not there)."""


def _addok(config: Path, *command: str) -> list[str]:
    return [sys.executable, "-c", _ADDOK, "--config", str(config), *command]


def load_files(addok: Addok, paths: Iterable[Path]) -> Loaded:
    """Index every document of ``paths`` into the Redis of ``addok`` (which must run)."""
    config = addok.write_config()
    loaded = Loaded()
    log = addok.root / "chargement.log"
    with log.open("ab") as output:
        batch = subprocess.Popen(
            _addok(config, "batch"), stdin=subprocess.PIPE, stdout=output, stderr=output
        )
        assert batch.stdin is not None
        try:
            for path in paths:
                for line in ndjson_lines(documents(path, loaded)):
                    batch.stdin.write(line)
        except BrokenPipeError:
            pass  # addok stopped: its exit status and log say why
        finally:
            batch.stdin.close()
        if batch.wait() != 0:
            raise ChargementImpossible(f"addok n'a pas pu indexer les adresses (voir {log}).")
        # Edge n-grams (autocompletion), left out of ``batch`` for speed: built once.
        ngrams = subprocess.run(_addok(config, "ngrams"), stdout=output, stderr=output, check=False)
        if ngrams.returncode != 0:
            raise ChargementImpossible(f"addok n'a pas pu préparer l'autocomplétion (voir {log}).")
    return loaded
