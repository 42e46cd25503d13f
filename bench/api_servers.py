"""The API under uvicorn, each instance in its own process, for benchmarks that call
it over HTTP as its clients do."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx

from bench.dataset import DATA_DIR
from bench.stack_settings import env_for
from catalogue.settings import Settings


def free_port() -> int:
    """A loopback port no one listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def api_servers(apps: dict[str, Settings]) -> Iterator[dict[str, str]]:
    """``create_app(settings)`` of each entry under uvicorn, each in its own process on a
    free loopback port (started together); yields their base URLs by name."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    processes: dict[str, subprocess.Popen[bytes]] = {}
    bases: dict[str, str] = {}
    try:
        for name, settings in apps.items():
            port = free_port()
            command = [
                *(sys.executable, "-m", "uvicorn", "--factory", "maillage.app:create_app"),
                *("--host", "127.0.0.1", "--port", str(port)),
                *("--log-level", "warning", "--no-access-log"),
            ]
            env = {**os.environ, **env_for(settings)}
            with (DATA_DIR / f"api-{name}.log").open("wb") as log_file:
                processes[name] = subprocess.Popen(
                    command, env=env, stdout=log_file, stderr=subprocess.STDOUT
                )
            bases[name] = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        for name, base in bases.items():
            _wait_until_serving(name, base, processes[name], deadline)
        yield bases
    finally:
        for process in processes.values():
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(
    name: str, base: str, process: subprocess.Popen[bytes], deadline: float
) -> None:
    log_path = DATA_DIR / f"api-{name}.log"
    while True:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the API ({name}) stopped:\n{tail}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{base}/api/openapi.json", timeout=5).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"the API ({name}) did not start in time (see {log_path})")
        time.sleep(0.1)
