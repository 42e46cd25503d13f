"""addok's HTTP API, served with one thread per request (addok's own ``serve`` answers
one request at a time, and an import's workers send their batches together).

Usage: ``python -m catalogue.geocoding.server CONFIG HOST PORT``.
"""

from __future__ import annotations

import os
import sys
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Every request is not worth a line of log."""


def main(config: str, host: str, port: int) -> None:
    os.environ["ADDOK_CONFIG_MODULE"] = config
    from addok.http.wsgi import application  # reads the configuration on import

    server = make_server(
        host, port, application, server_class=_ThreadingServer, handler_class=_QuietHandler
    )
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
