"""Domain errors. Each carries a French message for the user; the API maps them to HTTP
statuses in one place (api/errors.py), the CLI prints the message."""

from __future__ import annotations


class MaillageError(Exception):
    """Base of the domain errors."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CommuneInconnue(MaillageError):
    """No commune has this INSEE code (or this postcode and name)."""


class HorsDeFrance(MaillageError):
    """A point lies outside every French commune."""


class ParametreInvalide(MaillageError):
    """A search or import parameter is not acceptable."""


class ServiceIntrouvable(MaillageError):
    """No published service has this id."""


class StructureIntrouvable(MaillageError):
    """No structure has this id."""


class GeographieIndisponible(MaillageError):
    """The reference geography is missing or not the pinned version."""


class FichierIllisible(MaillageError):
    """An input file cannot be read at all (as opposed to bad records inside it)."""
