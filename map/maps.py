"""folium maps, rendered as pieces to embed in our pages (not as whole documents: folium's
own page header disables zooming on phones and styles <body>, which is not ours to do)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
from markupsafe import Markup, escape

from catalogue.settings import WebSettings
from map.assets import LEAFLET_CSS, LEAFLET_JS


@dataclass(frozen=True)
class RenderedMap:
    html: Markup
    script: Markup


def js_safe(text: str) -> str:
    """HTML-escaped, and harmless inside the JavaScript template literals folium writes."""
    return str(escape(text)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def base_map(settings: WebSettings, latitude: float, longitude: float, zoom: int) -> folium.Map:
    """A map whose every asset is local; base tiles only when a tile URL is configured."""
    fmap = folium.Map(
        location=[latitude, longitude], zoom_start=zoom, tiles=None, control_scale=True
    )
    fmap.default_js = LEAFLET_JS
    fmap.default_css = LEAFLET_CSS
    if settings.tile_url:
        folium.TileLayer(tiles=settings.tile_url, attr=settings.tile_attribution).add_to(fmap)
    return fmap


def render(fmap: folium.Map) -> RenderedMap:
    root = fmap.get_root()
    root.render()
    # folium escapes nothing: every text we put in a map went through js_safe first.
    html = Markup(root.html.render())  # type: ignore[attr-defined]  # noqa: S704
    script = Markup(root.script.render())  # type: ignore[attr-defined]  # noqa: S704
    return RenderedMap(html=html, script=script)


def results_map(
    settings: WebSettings,
    *,
    latitude: float,
    longitude: float,
    radius_km: float,
    place: str,
    results: list[dict[str, Any]],
) -> RenderedMap:
    """The searched place, the radius, and each in-person result with a popup."""
    zoom = 12 if radius_km <= 5 else 10 if radius_km <= 25 else 9 if radius_km <= 60 else 7
    fmap = base_map(settings, latitude, longitude, zoom)
    folium.Circle(
        [latitude, longitude],
        radius=radius_km * 1000,
        color="#000091",
        weight=1,
        fill=False,
    ).add_to(fmap)
    folium.CircleMarker(
        [latitude, longitude],
        radius=7,
        color="#000091",
        fill=True,
        fill_opacity=1,
        tooltip=js_safe(f"Lieu recherché : {place}"),
    ).add_to(fmap)
    for result in results:
        if result["latitude"] is None or result["a_distance"]:
            continue
        name = js_safe(result["nom"])
        popup = (
            f"<strong>{name}</strong><br>{js_safe(result['structure']['nom'])}<br>"
            f'<a href="{js_safe(result["lien"])}">Voir le service</a>'
        )
        folium.Marker(
            [result["latitude"], result["longitude"]],
            popup=folium.Popup(popup, max_width=300),
            tooltip=name,
        ).add_to(fmap)
    return render(fmap)
