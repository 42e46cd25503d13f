"""The project's own services: started on loopback in their own directories."""

from __future__ import annotations

import socket
from pathlib import Path

from catalogue.settings import StackSettings
from catalogue.stack import Meilisearch


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_meilisearch_starts_whatever_its_generated_key_looks_like(tmp_path: Path) -> None:
    meilisearch = Meilisearch(StackSettings(var_dir=tmp_path, meili_port=_free_port()))
    meilisearch.root.mkdir(parents=True)
    # One key in 64 drawn by token_urlsafe starts with a dash, like an option.
    meilisearch.key_file.write_text("-iq" + "x" * 29)
    try:
        meilisearch.start()
        assert meilisearch.is_healthy()
    finally:
        meilisearch.destroy()
