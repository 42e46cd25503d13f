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


class LieuAmbigu(MaillageError):
    """A place's name that several communes share: the person chooses one of ``choix``."""

    def __init__(self, message: str, choix: list[dict[str, object]]) -> None:
        super().__init__(message)
        self.choix = choix


class TerritoireInconnu(MaillageError):
    """No département, EPCI or commune has this code."""


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


class DonneesInvalides(MaillageError):
    """What a person typed or a client sent does not hold (each problem in ``details``)."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.details = details or []


class NonAuthentifie(MaillageError):
    """Signing in (or an API token) is needed."""


class JetonInvalide(NonAuthentifie):
    """An API token that is unknown, revoked, or for another structure."""


class AccesRefuse(MaillageError):
    """Signed in, but without the role this action needs."""


class CsrfInvalide(AccesRefuse):
    """A form posted without our anti-forgery token (or from another site)."""


class TropDeTentatives(MaillageError):
    """Too many failed sign-ins for this address from this network."""


class Conflit(MaillageError):
    """The action contradicts the current state (already a member, already published…)."""


class LienInvalide(MaillageError):
    """A confirmation or reset link that is unknown, used or expired."""
