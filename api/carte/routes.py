"""``GET /api/v1/carte``: thin — check the viewport, call the query, answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.carte.fond import departements
from api.carte.params import CELL_PX, MAX_VIEW_PX, MAX_ZOOM, checked_vue
from api.carte.queries import MAX_LISTE, MAX_POINTS, services_in_view
from api.carte.schemas import CarteResponse
from api.deps import EngineDep
from api.search.params import checked_freins, split_values
from catalogue.errors import ParametreInvalide

router = APIRouter(prefix="/api/v1", tags=["Carte"])


@router.get(
    "/carte",
    response_model=CarteResponse,
    summary="Services d'une zone de la carte, regroupés selon le zoom",
    description=(
        "Les services reçus sur place dans l'emprise `bbox`, pour la carte publique. "
        f"Quand l'emprise en contient au plus {MAX_POINTS}, ils sont tous dans `services` ; "
        f"sinon ils sont regroupés sur une grille de cases de {CELL_PX} pixels au zoom "
        "demandé : chaque case de plusieurs services est un élément de `groupes` (nombre, "
        "centre, emprise), une case d'un seul service donne ce service dans `services`. "
        "Les groupes et les services s'additionnent toujours à `total`. Les doublons "
        "connus entre deux sources ne sont comptés qu'une fois. Les listes s'écrivent "
        "`freins=mobilite,sante` ou en répétant le paramètre."
    ),
    responses={422: {"description": "Paramètre invalide (message en français)."}},
)
def get_carte(
    engine: EngineDep,
    bbox: Annotated[
        str,
        Query(
            description="Emprise affichée : ouest,sud,est,nord (longitudes et latitudes en "
            f"degrés WGS 84), au plus {MAX_VIEW_PX} pixels de côté au zoom demandé.",
            examples=["-5.5,41.2,10,51.2"],
            max_length=200,
        ),
    ],
    zoom: Annotated[
        int, Query(description=f"Niveau de zoom de la carte (0 à {MAX_ZOOM}).", examples=[6])
    ],
    freins: Annotated[
        list[str] | None,
        Query(
            description="Freins périphériques (voir /api/v1/referentiels/freins) ; un "
            "service qui en lève un seul suffit.",
            examples=["mobilite"],
        ),
    ] = None,
    liste: Annotated[
        int,
        Query(
            description=f"Nombre de services les plus proches du centre à donner dans "
            f"`proches`, pour la liste accessible à côté de la carte (0 à {MAX_LISTE}).",
            examples=[20],
        ),
    ] = 0,
) -> dict[str, Any]:
    if not 0 <= liste <= MAX_LISTE:
        raise ParametreInvalide(f"« liste » doit être compris entre 0 et {MAX_LISTE}.")
    vue = checked_vue(bbox, zoom)
    return services_in_view(engine, vue, checked_freins(split_values(freins)), liste)


@router.get(
    "/carte/fond",
    summary="Fond de carte hors ligne : contours des départements",
    description=(
        "Les contours simplifiés des départements (GeoJSON), tirés de la géographie de "
        "référence, pour dessiner la carte quand aucun serveur de tuiles n'est configuré. "
        "Calculés une fois, puis servis depuis la mémoire ; les navigateurs peuvent les "
        "garder un jour."
    ),
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def get_fond(request: Request, engine: EngineDep) -> Response:
    fond = departements(engine)
    headers = {"Cache-Control": "public, max-age=86400", "Vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        headers["Content-Encoding"] = "gzip"
        return Response(fond.gzipped, media_type="application/geo+json", headers=headers)
    return Response(fond.geojson, media_type="application/geo+json", headers=headers)
