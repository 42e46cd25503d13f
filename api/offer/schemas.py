"""Service and structure sheets: the data·inclusion v1 models, extended (never retyped)."""

from __future__ import annotations

from data_inclusion.schema.v1 import Service, Structure
from pydantic import BaseModel, Field

from api.search.schemas import Fermeture


class Localisation(BaseModel):
    latitude: float | None
    longitude: float | None
    precision: str | None = Field(description="Précision du point : source, adresse ou commune.")
    code_commune: str | None = Field(description="Commune où se trouve le point (code INSEE).")


class StructureResume(BaseModel):
    uid: str
    nom: str
    lien_api: str


class ServiceResume(BaseModel):
    uid: str
    nom: str
    freins: list[str]
    lien_api: str


class ServiceFiche(Service):  # type: ignore[misc]
    """Un service au format data·inclusion v1, avec ce que Maillage y ajoute."""

    uid: str = Field(description="Identifiant Maillage (celui des adresses de l'API et du site).")
    freins: list[str] = Field(description="Freins périphériques que le service aide à lever.")
    structure: StructureResume
    localisation: Localisation
    vu_le: str = Field(description="Dernière fois que la source a listé ce service.")
    a_verifier: bool = Field(
        description="Informations à vérifier : pas mises à jour ni confirmées depuis la "
        "fréquence de mise à jour du service (6 mois par défaut)."
    )
    fermeture: Fermeture | None = Field(description="Fermeture datée par la source.")
    lien: str = Field(description="Page du service sur le site.")


class StructureFiche(Structure):  # type: ignore[misc]
    """Une structure au format data·inclusion v1, avec ses services publiés."""

    uid: str
    localisation: Localisation
    services: list[ServiceResume]
    lien: str
