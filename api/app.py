"""The web application: JSON API and pages, built from typed settings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.errors import install_error_handlers
from api.search.postgis import PostgisBackend
from api.search.routes import router as search_router
from catalogue.db import make_engine
from catalogue.settings import Settings

DESCRIPTION = """
Maillage recense l'offre d'insertion — les services qui aident à lever les **freins
périphériques** à l'emploi (mobilité, garde d'enfants, logement, santé, numérique,
français, argent, démarches…) — au format national **data·inclusion v1**.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings)
        app.state.settings = settings
        app.state.engine = engine
        app.state.search_backend = PostgisBackend(engine)
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="Maillage — API de l'offre d'insertion",
        description=DESCRIPTION,
        version="1.0",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    install_error_handlers(app)
    app.include_router(search_router)

    from map.routes import install_pages

    install_pages(app, settings)
    return app
