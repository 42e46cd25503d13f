"""The viewport of the public map (``bbox`` + ``zoom``), checked and explained in French.

The grid is Web Mercator's, the projection of the map itself, so that one cell is the
same number of screen pixels everywhere: ``CELL_PX`` pixels at the requested zoom.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from catalogue.errors import ParametreInvalide

MAX_ZOOM = 20
# Web Mercator's limit: beyond, the projection diverges.
MAX_LAT = 85.0511
CELL_PX = 64
TILE_PX = 256
# The largest screen a viewport may describe, in pixels (a 4K screen is 3,840 wide).
MAX_VIEW_PX = 4096


def mercator_y(latitude: float) -> float:
    """Web Mercator ordinate in radians (the same unit as the longitude in radians)."""
    lat = max(-MAX_LAT, min(MAX_LAT, latitude))
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


@dataclass(frozen=True)
class Vue:
    """A viewport: west, south, east, north (degrees WGS 84) at an integer zoom."""

    ouest: float
    sud: float
    est: float
    nord: float
    zoom: int

    @property
    def cellule(self) -> float:
        """Side of a grid cell, in radians of Web Mercator."""
        return 2 * math.pi / (1 << self.zoom) * CELL_PX / TILE_PX

    def pixels(self) -> tuple[float, float]:
        """Width and height of the viewport on screen at its zoom."""
        scale = TILE_PX * (1 << self.zoom) / (2 * math.pi)
        width = math.radians(self.est - self.ouest) * scale
        height = (mercator_y(self.nord) - mercator_y(self.sud)) * scale
        return width, height

    @property
    def centre(self) -> tuple[float, float]:
        """(longitude, latitude) of the middle of the viewport."""
        return (self.ouest + self.est) / 2, (self.sud + self.nord) / 2


def checked_vue(bbox: str, zoom: int) -> Vue:
    if not 0 <= zoom <= MAX_ZOOM:
        raise ParametreInvalide(f"« zoom » doit être un entier compris entre 0 et {MAX_ZOOM}.")
    parts = bbox.split(",")
    if len(bbox) > 200 or len(parts) != 4:
        raise ParametreInvalide(
            "« bbox » attend quatre nombres séparés par des virgules : "
            "ouest,sud,est,nord (longitudes et latitudes en degrés), par exemple "
            "« 4.5,43.7,4.8,43.9 »."
        )
    try:
        ouest, sud, est, nord = (float(p) for p in parts)
    except ValueError:
        raise ParametreInvalide(
            "« bbox » : chaque valeur doit être un nombre, avec un point décimal."
        ) from None
    if not all(math.isfinite(v) for v in (ouest, sud, est, nord)):
        raise ParametreInvalide("« bbox » : les valeurs doivent être des nombres finis.")
    if not (-180 <= ouest < est <= 180):
        raise ParametreInvalide(
            "« bbox » : les longitudes vont de -180 à 180, l'ouest avant l'est."
        )
    if not (-90 <= sud < nord <= 90):
        raise ParametreInvalide("« bbox » : les latitudes vont de -90 à 90, le sud avant le nord.")
    vue = Vue(ouest, max(sud, -MAX_LAT), est, min(nord, MAX_LAT), zoom)
    if vue.sud >= vue.nord:
        raise ParametreInvalide(f"« bbox » : la carte s'arrête aux latitudes ±{MAX_LAT}.")
    width, height = vue.pixels()
    if width > MAX_VIEW_PX or height > MAX_VIEW_PX:
        raise ParametreInvalide(
            f"« bbox » est trop étendue pour le zoom {zoom} (plus de {MAX_VIEW_PX} pixels "
            "de côté) : réduisez l'emprise ou le zoom."
        )
    return vue
