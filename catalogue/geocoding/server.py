"""addok's HTTP API, served with one process per request: addok's own ``serve`` answers
one request at a time, threads would share one core (addok is pure Python), and an
import's workers send their batches together. Each child opens its own Redis connection
(redis-py's pool starts afresh in a forked process).

Usage: ``python -m catalogue.geocoding.server CONFIG HOST PORT``.
"""

from __future__ import annotations

import os
import sys
from socketserver import ForkingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


class _ForkingServer(ForkingMixIn, WSGIServer):
    pass


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Every request is not worth a line of log."""


def main(config: str, host: str, port: int) -> None:
    os.environ["ADDOK_CONFIG_MODULE"] = config
    from addok.http.wsgi import application  # reads the configuration on import

    server = make_server(
        host, port, application, server_class=_ForkingServer, handler_class=_QuietHandler
    )
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
