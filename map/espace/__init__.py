"""Pages of accounts, the structure space and moderation (server-rendered, DSFR)."""

from __future__ import annotations

from fastapi import FastAPI


def install_espace(app: FastAPI) -> None:
    from map.espace.admin import router as admin_router
    from map.espace.compte import router as compte_router
    from map.espace.coordinateurs import router as coordinateurs_router
    from map.espace.espace import router as espace_router
    from map.espace.service_pages import router as service_router

    for router in (
        compte_router,
        espace_router,
        service_router,
        admin_router,
        coordinateurs_router,
    ):
        app.include_router(router)
