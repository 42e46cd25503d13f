"""The embeddable search: another site frames it (by our script or an <iframe>), a
visitor searches her commune there, and nothing but our own assets and no cookie comes
with it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from catalogue.settings import Settings
from maillage.app import create_app
from tests.map.conftest import OfflinePage, _free_port

HOST_PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Association des Bouches-du-Rhône</title></head><body><h1>Nos partenaires</h1>
<script src="{app}/static/app/widget.js" data-territoire="13" data-freins="mobilite,sante"
        data-hauteur="700"></script></body></html>"""


@pytest.fixture(scope="module")
def other_site(demo_server: str) -> Iterator[str]:
    """A site of its own, on another port, whose page embeds the widget."""
    page = HOST_PAGE.format(app=demo_server).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", _free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_a_site_embeds_the_search_of_its_territory_and_a_visitor_searches_there(
    other_site: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(other_site)
    frame = page.frame_locator("iframe[title*='Maillage']")
    expect(frame.get_by_role("heading", level=1)).to_contain_text("Bouches-du-Rhône")
    # Only the needs the site chose.
    options = frame.locator("#widget-frein option").all_inner_texts()
    assert options == ["Tous les besoins", "Mobilité", "Santé"], options
    frame.get_by_label("Votre commune ou votre adresse").fill("Marseille")
    frame.get_by_role("button", name="Rechercher").click()
    expect(frame.locator("#widget-resultats")).to_contain_text("autour de Marseille")
    first = frame.locator(".maillage-widget__resultats a").first
    expect(first).to_be_visible()
    assert first.get_attribute("target") == "_blank"
    assert page.context.cookies() == []
    frame.get_by_label("Votre commune ou votre adresse").fill("Lille")
    frame.get_by_role("button", name="Rechercher").click()
    expect(frame.get_by_role("alert")).to_contain_text("n'est pas dans le territoire")
    offline_page.screenshot("widget")


@pytest.fixture(scope="module")
def client(demo_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(demo_settings), raise_server_exceptions=False) as client:
        yield client


def test_any_site_may_frame_the_widget_and_no_other_page(client: TestClient) -> None:
    widget = client.get("/widget", params={"territoire": "13", "lieu": "Marseille"})
    assert widget.status_code == 200
    assert "frame-ancestors *" in widget.headers["content-security-policy"]
    assert "x-frame-options" not in widget.headers and "set-cookie" not in widget.headers
    search = client.get("/recherche")
    assert "frame-ancestors 'none'" in search.headers["content-security-policy"]
    assert search.headers["x-frame-options"] == "DENY"


def test_an_unknown_territory_is_said_in_french(client: TestClient) -> None:
    answer = client.get("/widget", params={"territoire": "999"})
    assert answer.status_code == 404 and "ni un département" in answer.text


def test_the_widget_has_no_serious_accessibility_problem(
    demo_server: str, offline_page: OfflinePage
) -> None:
    offline_page.page.goto(f"{demo_server}/widget?territoire=13&lieu=Marseille&frein=mobilite")
    expect(offline_page.page.locator("#widget-resultats")).to_be_visible()
    assert offline_page.accessibility_problems() == []
