"""Typed dependencies: what routes receive, created once in the app's lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from api.search.backend import SearchBackend
from catalogue.settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_backend(request: Request) -> SearchBackend:
    backend: SearchBackend = request.app.state.search_backend
    return backend


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
BackendDep = Annotated[SearchBackend, Depends(get_backend)]
