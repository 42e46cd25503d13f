"""The one web application: the JSON API (``api/``) and the pages (``map/``), built from
typed settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse

from api.accounts.setup import install_accounts
from api.carte.routes import router as carte_router
from api.data_inclusion.routes import router as data_inclusion_router
from api.errors import RESPONSES, document_errors, install_error_handlers
from api.exports.publishing import ExportWorker
from api.hardening import SecurityHeaders, refuse_control_characters
from api.health import router as health_router
from api.hsds.routes import router as hsds_router
from api.index.client import make_client
from api.index.worker import SyncWorker
from api.offer.routes import router as offer_router
from api.publish.routes import router as publish_router
from api.reference.routes import router as reference_router
from api.search.engines import backend_for
from api.search.routes import router as search_router
from catalogue.db import make_engine
from catalogue.settings import Settings
from map.assets import SWAGGER_UI
from map.espace import install_espace
from map.routes import install_pages

DESCRIPTION = """
Maillage recense l'offre d'insertion — les services qui aident à lever les **freins
périphériques** à l'emploi (mobilité, garde d'enfants, logement, santé, numérique,
français, argent, démarches…) — au format national **data·inclusion v1**.

La recherche répond avec Meilisearch quand il est disponible, sinon avec PostGIS, avec
les mêmes résultats ; le champ `moteur` de la réponse dit lequel a répondu.
Les erreurs sont en français, au format `{"erreur": "…"}`.
"""

TAGS = [
    {"name": "Recherche", "description": "Trouver des services autour d'un lieu."},
    {"name": "Catalogue", "description": "Fiches des services et des structures."},
    {"name": "Référentiels", "description": "Valeurs possibles des filtres, communes."},
    {
        "name": "Publication",
        "description": "Les structures publient leurs services depuis leur propre logiciel, "
        "avec un jeton d'API créé dans l'espace structure.",
    },
    {"name": "État", "description": "Santé de l'instance, pour la supervision."},
    {
        "name": "Compatibilité data·inclusion",
        "description": "Les chemins, paramètres et réponses de l'API v1 de data·inclusion : "
        "un client écrit pour elle lit Maillage en changeant seulement son adresse de base "
        "(`…/data-inclusion`). Aucun jeton n'est demandé.",
    },
    {
        "name": "HSDS 3.0 (Open Referral)",
        "description": "Le catalogue au standard international Human Services Data "
        "Specification 3.0 : services, organisations, lieux, taxonomies (thématiques et "
        "freins).",
    },
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings)
        backend = backend_for(settings, engine)
        worker = None
        if settings.search.enabled and settings.search.sync_interval_s > 0:
            client = make_client(settings, timeout=settings.search.timeout_s)
            worker = SyncWorker(
                engine, client, settings.search.index, settings.search.sync_interval_s
            )
            worker.start()
        exports = None
        if settings.exports.interval_hours > 0:
            exports = ExportWorker(engine, settings.exports)
            exports.start()
        app.state.settings = settings
        app.state.engine = engine
        app.state.search_backend = backend
        try:
            yield
        finally:
            if worker is not None:
                worker.stop()
            if exports is not None:
                exports.stop()
            engine.dispose()

    app = FastAPI(
        title="Maillage — API de l'offre d'insertion",
        description=DESCRIPTION,
        version="1.0",
        lifespan=lifespan,
        docs_url=None,  # served below, with our copy of Swagger UI
        redoc_url=None,
        openapi_url="/api/openapi.json",
        openapi_tags=TAGS,
        responses=RESPONSES,
        dependencies=[Depends(refuse_control_characters)],
    )
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    app.include_router(search_router)
    app.include_router(health_router)
    app.include_router(offer_router)
    app.include_router(reference_router)
    app.include_router(publish_router)
    app.include_router(data_inclusion_router)
    app.include_router(hsds_router)
    install_accounts(app, settings)
    app.include_router(carte_router)
    install_pages(app, settings)
    install_espace(app)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                tags=app.openapi_tags,
            )
            app.openapi_schema = document_errors(schema)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title=f"{app.title} — documentation",
            swagger_js_url=f"{SWAGGER_UI}/swagger-ui-bundle.js",
            swagger_css_url=f"{SWAGGER_UI}/swagger-ui.css",
            swagger_favicon_url=f"{SWAGGER_UI}/favicon-32x32.png",
        )

    return app
