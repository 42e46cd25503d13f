"""The address nearest a point a source placed without giving its address, for the pages:
asked of the geocoder's ``/reverse/`` once per point (then kept in memory), shown when it
lies within ``NEAR_M``. Without a geocoder, or when it does not answer, nothing is shown
(and a failure is not kept: the next page asks again)."""

from __future__ import annotations

import math

from catalogue.geocoding.client import GeocodeurIndisponible, reverse
from catalogue.settings import GeocoderSettings

NEAR_M = 100
TIMEOUT_S = 1.0
_KEPT = 4096
_known: dict[tuple[str, float, float], str | None] = {}


def _metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance on the 6,371 km sphere (as search measures)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def nearest_address(geocoder: GeocoderSettings, longitude: float, latitude: float) -> str | None:
    if not geocoder.url:
        return None
    key = (geocoder.url, round(longitude, 5), round(latitude, 5))
    if key in _known:
        return _known[key]
    try:
        found = reverse(geocoder.url, longitude, latitude, timeout_s=TIMEOUT_S)
    except GeocodeurIndisponible:
        return None
    label = None
    if found is not None and found.longitude is not None and found.latitude is not None:
        distance = _metres(longitude, latitude, found.longitude, found.latitude)
        label = found.label if distance <= NEAR_M else None
    if len(_known) >= _KEPT:
        _known.clear()
    _known[key] = label
    return label
