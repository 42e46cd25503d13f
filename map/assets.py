"""Front-end assets from npm (``node_modules``), served by us: no CDN, ever.

Machines here are offline, and so are some users' networks; folium's defaults point at
CDNs, so every map we build goes through ``map.maps.base_map``. Text assets are served
gzipped (the public map's first view must weigh under 1 MB); our own scripts carry a
version parameter, so that browsers may keep them.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware

from catalogue.settings import WebSettings
from map.bundle import build_dsfr_css, make_bundle, serve_bundle

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"

# URL prefix → directory inside node_modules
VENDORED = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "jquery": "jquery/dist",
    "dsfr": "@gouvfr/dsfr/dist",
    "swagger-ui": "swagger-ui-dist",
}
# Our copy of Swagger UI, for the API's documentation page (FastAPI's takes it from a CDN).
SWAGGER_UI = "/static/vendor/swagger-ui"

LEAFLET_JS = [
    ("leaflet", "/static/vendor/leaflet/leaflet.js"),
    # folium's popups are built with jQuery
    ("jquery", "/static/vendor/jquery/jquery.min.js"),
]
LEAFLET_CSS = [("leaflet_css", "/static/vendor/leaflet/leaflet.css")]
# base.html links these by their fixed URLs: it is extended from other Jinja environments.
DSFR_CSS = "/static/bundle/dsfr.css"  # built at start-up by map.bundle


@dataclass(frozen=True)
class PageAssets:
    """URLs our page templates link to: our own files, by name, with a version."""

    app: dict[str, str] = field(default_factory=dict)


def _versioned(directory: Path) -> dict[str, str]:
    urls = {}
    for path in sorted(directory.iterdir()):
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            urls[path.name] = f"/static/app/{path.name}?v={digest}"
    return urls


def mount_assets(app: FastAPI, settings: WebSettings) -> PageAssets:
    """Serve vendored and own assets, and the DSFR bundle; the URLs pages link to."""
    dist = settings.vendor_dir / VENDORED["dsfr"]
    if dist.is_dir():
        css = build_dsfr_css(dist)
        serve_bundle(app, make_bundle(css, DSFR_CSS, "text/css; charset=utf-8"))
    else:  # not installed yet: pages still render (unstyled)
        log.warning("DSFR is not installed (%s): run « make install »", dist)
    for prefix, relative in VENDORED.items():
        directory = settings.vendor_dir / relative
        app.mount(
            f"/static/vendor/{prefix}",
            GZipMiddleware(StaticFiles(directory=directory, check_dir=False)),
            name=f"vendor-{prefix}",
        )
    app.mount("/static/app", GZipMiddleware(StaticFiles(directory=STATIC_DIR)), name="static-app")
    return PageAssets(app=_versioned(STATIC_DIR))


def missing_assets(settings: WebSettings) -> list[str]:
    """Vendored directories that are not installed (``make install`` fetches them)."""
    return [
        relative for relative in VENDORED.values() if not (settings.vendor_dir / relative).is_dir()
    ]
