"""The database lost while the site runs: French 503s with ``Retry-After``, in the API and
the pages, and service back as soon as it is, without a restart. The outage is a real one:
the app reaches PostgreSQL through a TCP relay that the test cuts (connections dropped,
new ones refused) and restores."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import suppress

import pytest
from fastapi.testclient import TestClient

from catalogue.settings import DatabaseSettings, Settings
from maillage.app import create_app


class Relay:
    """127.0.0.1:port → the real PostgreSQL, until ``cut``; ``restore`` listens again."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        for sock in [self.listener, *self.sockets]:
            if sock is not None:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        self.sockets, self.listener = [], None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                return
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def relayed(sample_settings: Settings) -> Iterator[tuple[Relay, Settings]]:
    relay = Relay(sample_settings.stack.pg_port)
    relay.restore()
    url = sample_settings.database_url.replace(
        f":{sample_settings.stack.pg_port}/", f":{relay.port}/"
    )
    db = DatabaseSettings(url=url, pool_size=sample_settings.db.pool_size)
    yield relay, sample_settings.model_copy(update={"db": db})
    relay.cut()


SEARCH = "/api/v1/search?code_commune=13108"
PAGE = "/recherche?code_commune=13108&lieu=Tarascon"
BROWSER = {"accept": "text/html"}


def test_a_lost_database_is_a_french_503_and_service_resumes_without_a_restart(
    relayed: tuple[Relay, Settings],
) -> None:
    relay, settings = relayed
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get(SEARCH).status_code == 200
        relay.cut()
        api = client.get(SEARCH)
        assert api.status_code == 503 and api.headers["retry-after"] == "30"
        assert "base de données ne répond pas" in api.json()["erreur"]
        page = client.get(PAGE, headers=BROWSER)
        assert page.status_code == 503 and page.headers["retry-after"] == "30"
        assert "base de données ne répond pas" in page.text
        assert client.get("/services/00000000-0000-0000-0000-000000000000").status_code == 503
        health = client.get("/sante")
        assert health.status_code == 503 and health.json()["statut"] == "indisponible"
        relay.restore()
        assert client.get(SEARCH).status_code == 200
        assert client.get("/sante").json()["statut"] == "ok"
        assert client.get(PAGE, headers=BROWSER).status_code == 200
