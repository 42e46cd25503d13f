"""A live server, and offline pages (the browser and the demo sample are tests/conftest.py's)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import Browser, Page

from catalogue.settings import PROJECT_ROOT, Settings
from maillage.app import create_app

ARTEFACTS = PROJECT_ROOT / "var" / "test-artefacts"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(settings: Settings) -> Iterator[str]:
    """The application on a free loopback port, in a thread, while the generator lives."""
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the live server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(sample_settings: Settings) -> Iterator[str]:
    """The application over the real data·inclusion sample."""
    yield from serve(sample_settings)


@pytest.fixture(scope="session")
def demo_server(demo_settings: Settings) -> Iterator[str]:
    """The application over the national demo sample (for the public map)."""
    yield from serve(demo_settings)


class OfflinePage:
    """A page whose requests may only go to localhost; anything else is blocked and kept,
    as are its JavaScript errors (both fail the test)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.foreign: list[str] = []
        self.errors: list[str] = []
        page.route("**/*", self._guard)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _guard(self, route, request) -> None:  # type: ignore[no-untyped-def]
        host = urlsplit(request.url).hostname
        if request.url.startswith("data:") or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            self.foreign.append(request.url)
            route.abort()

    def screenshot(self, name: str) -> None:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)

    def accessibility_problems(self) -> list[dict[str, object]]:
        """axe-core's serious and critical violations on the page as it is now."""
        self.page.add_script_tag(path=str(AXE))
        result = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return [
            {
                "regle": v["id"],
                "gravite": v["impact"],
                "aide": v["help"],
                "elements": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


@pytest.fixture
def offline_page(browser: Browser) -> Iterator[OfflinePage]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = OfflinePage(context.new_page())
    yield page
    context.close()
    assert page.foreign == [], f"requests left localhost: {page.foreign}"
    assert page.errors == [], f"JavaScript errors: {page.errors}"
