"""Front-end assets from npm (``node_modules``), served by us: no CDN, ever.

Machines here are offline, and so are some users' networks; folium's defaults point at
CDNs, so every map we build goes through ``localise``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from catalogue.settings import WebSettings

STATIC_DIR = Path(__file__).parent / "static"

# URL prefix → directory inside node_modules
VENDORED = {
    "leaflet": "leaflet/dist",
    "markercluster": "leaflet.markercluster/dist",
    "jquery": "jquery/dist",
    "dsfr": "@gouvfr/dsfr/dist",
}

LEAFLET_JS = [
    ("leaflet", "/static/vendor/leaflet/leaflet.js"),
    # folium's popups are built with jQuery
    ("jquery", "/static/vendor/jquery/jquery.min.js"),
]
LEAFLET_CSS = [("leaflet_css", "/static/vendor/leaflet/leaflet.css")]
MARKERCLUSTER_JS = [("markerclusterjs", "/static/vendor/markercluster/leaflet.markercluster.js")]
MARKERCLUSTER_CSS = [
    ("markerclustercss", "/static/vendor/markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", "/static/vendor/markercluster/MarkerCluster.Default.css"),
]


def mount_assets(app: FastAPI, settings: WebSettings) -> None:
    for prefix, relative in VENDORED.items():
        directory = settings.vendor_dir / relative
        app.mount(
            f"/static/vendor/{prefix}",
            StaticFiles(directory=directory, check_dir=False),
            name=f"vendor-{prefix}",
        )
    app.mount("/static/app", StaticFiles(directory=STATIC_DIR), name="static-app")


def missing_assets(settings: WebSettings) -> list[str]:
    """Vendored directories that are not installed (``make install`` fetches them)."""
    return [
        relative for relative in VENDORED.values() if not (settings.vendor_dir / relative).is_dir()
    ]
