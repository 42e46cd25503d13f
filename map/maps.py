"""folium maps, rendered as pieces to embed in our pages (not as whole documents: folium's
own page header disables zooming on phones and styles <body>, which is not ours to do).

Every text we put in a map comes from third-party sources: popups and tooltips (HTML
inside JavaScript template literals) go through ``js_safe``, marker titles (plain text
inside JSON) through ``title_safe``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
from markupsafe import Markup, escape

from catalogue.settings import WebSettings
from map.assets import LEAFLET_CSS, LEAFLET_JS

BLEU_FRANCE = "#000091"
MIN_ZOOM, MAX_ZOOM = 2, 18
# Metropolitan France, for the public map's first view (its centre, and the bounds the
# map fits to the screen it is shown on).
FRANCE = (46.6, 2.4, 6)
FRANCE_BOUNDS = [[41.4, -5.0], [51.0, 9.5]]


@dataclass(frozen=True)
class RenderedMap:
    html: Markup
    script: Markup
    name: str  # the JavaScript variable holding the Leaflet map


@dataclass(frozen=True)
class Lieu:
    """A numbered place on a small map (``numero`` 0: a lone place, shown unnumbered)."""

    latitude: float
    longitude: float
    numero: int
    nom: str
    lien: str | None = None


def js_safe(text: str) -> str:
    """HTML-escaped, and harmless inside the JavaScript template literals folium writes."""
    return str(escape(text)).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def title_safe(text: str) -> str:
    """Plain text for a JSON-encoded option: no tag can close the page's <script>."""
    return text.replace("<", "‹").replace(">", "›")


def base_map(
    settings: WebSettings, latitude: float, longitude: float, zoom: int, **options: Any
) -> folium.Map:
    """A map whose every asset is local; base tiles only when a tile URL is configured."""
    fmap = folium.Map(
        location=[latitude, longitude],
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        **options,
    )
    fmap.default_js = LEAFLET_JS
    fmap.default_css = LEAFLET_CSS
    # Without tiles nothing bounds the zoom (folium gives the bounds to tile layers only).
    fmap.options.update(minZoom=MIN_ZOOM, maxZoom=MAX_ZOOM)
    if settings.tile_url:
        folium.TileLayer(tiles=settings.tile_url, attr=settings.tile_attribution).add_to(fmap)
    return fmap


def render(fmap: folium.Map) -> RenderedMap:
    root = fmap.get_root()
    root.render()
    # folium escapes nothing: every text we put in a map went through js_safe first.
    html = Markup(root.html.render())  # type: ignore[attr-defined]  # noqa: S704
    script = Markup(root.script.render())  # type: ignore[attr-defined]  # noqa: S704
    return RenderedMap(html=html, script=script, name=fmap.get_name())


def numbered_marker(lieu: Lieu) -> folium.Marker:
    """A numbered pin matching the number of the place in the list beside the map."""
    label = str(lieu.numero) if lieu.numero else ""  # 0: a lone place, no number
    icon = folium.DivIcon(
        html=f'<span class="maillage-marqueur" aria-hidden="true">{label}</span>',
        icon_size=(30, 30),
        icon_anchor=(15, 30),
        popup_anchor=(0, -28),
        class_name="maillage-icone",
    )
    popup = f"<strong>{js_safe(lieu.nom)}</strong>"
    if lieu.lien:
        popup += f'<br><a href="{js_safe(lieu.lien)}">Voir la fiche</a>'
    return folium.Marker(
        [lieu.latitude, lieu.longitude],
        icon=icon,
        popup=folium.Popup(popup, max_width=280),
        title=title_safe(f"{label}. {lieu.nom}" if label else lieu.nom),
    )


def results_map(
    settings: WebSettings,
    *,
    latitude: float,
    longitude: float,
    radius_km: float,
    place: str,
    lieux: list[Lieu],
) -> RenderedMap:
    """The searched place, the radius, and each in-person result, numbered as listed."""
    zoom = 12 if radius_km <= 5 else 10 if radius_km <= 25 else 9 if radius_km <= 60 else 7
    fmap = base_map(settings, latitude, longitude, zoom)
    folium.Circle(
        [latitude, longitude],
        radius=radius_km * 1000,
        color=BLEU_FRANCE,
        weight=1,
        fill=False,
        interactive=False,
    ).add_to(fmap)
    folium.CircleMarker(
        [latitude, longitude],
        radius=7,
        color=BLEU_FRANCE,
        fill=True,
        fill_opacity=1,
        tooltip=js_safe(f"Lieu recherché : {place}"),
    ).add_to(fmap)
    for lieu in lieux:
        numbered_marker(lieu).add_to(fmap)
    return render(fmap)


def places_map(settings: WebSettings, lieux: list[Lieu]) -> RenderedMap | None:
    """A small map of a few numbered places (a service, a fiche); None without any."""
    if not lieux:
        return None
    first = lieux[0]
    fmap = base_map(settings, first.latitude, first.longitude, 15)
    for lieu in lieux:
        numbered_marker(lieu).add_to(fmap)
    if len({(p.latitude, p.longitude) for p in lieux}) > 1:
        fmap.fit_bounds(
            [
                [min(p.latitude for p in lieux), min(p.longitude for p in lieux)],
                [max(p.latitude for p in lieux), max(p.longitude for p in lieux)],
            ],
            padding=(30, 30),
            max_zoom=15,
        )
    return render(fmap)


def skeleton_map(
    settings: WebSettings, latitude: float, longitude: float, zoom: int, *, fit_france: bool = False
) -> RenderedMap:
    """The public map's empty map: ``map/static/carte.js`` fills it from the server.
    ``fit_france``: show the whole of metropolitan France, whatever the screen."""
    fmap = base_map(
        settings,
        latitude,
        longitude,
        zoom,
        max_bounds=True,
        min_lat=-85,
        max_lat=85,
        max_bounds_viscosity=1.0,
    )
    fmap.default_js = LEAFLET_JS[:1]  # no folium popup here: Leaflet alone, no jQuery
    if fit_france:
        fmap.fit_bounds(FRANCE_BOUNDS)
    return render(fmap)


# The observatory's classes: within the distance, beyond it, no offer at all.
PROCHE, LOIN, AUCUNE = "#6a6af4", "#ce614a", "#3a3a3a"


def territory_map(
    settings: WebSettings,
    places: list[dict[str, Any]],
    offers: list[tuple[float, float, str]],
    beyond_km: int,
) -> RenderedMap | None:
    """The places coloured by the distance to their nearest offer (``places``: GeoJSON
    features whose properties hold ``nom`` and ``km``), the offers on top."""
    if not places:
        return None

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        km = feature["properties"]["km"]
        colour = AUCUNE if km is None else LOIN if km > beyond_km else PROCHE
        return {
            "fillColor": colour,
            "color": "#ffffff",
            "weight": 0.5,
            "fillOpacity": 0.65,
            "className": "maillage-commune",
        }

    fmap = base_map(settings, *FRANCE[:2], FRANCE[2])
    layer = folium.GeoJson(
        {"type": "FeatureCollection", "features": places},
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=["nom", "texte"], labels=False),
    )
    layer.add_to(fmap)
    for latitude, longitude, nom in offers:
        folium.CircleMarker(
            [latitude, longitude],
            radius=3,
            color=BLEU_FRANCE,
            weight=1,
            fill=True,
            fill_opacity=1,
            tooltip=js_safe(nom),
        ).add_to(fmap)
    fmap.fit_bounds(layer.get_bounds())  # type: ignore[arg-type]  # (None: empty layers only)
    return render(fmap)
