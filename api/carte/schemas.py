"""The public map's answer, documented field by field (in French) for /api/docs."""

from __future__ import annotations

from pydantic import BaseModel, Field


class PointService(BaseModel):
    uid: str = Field(description="Identifiant Maillage du service.")
    nom: str
    structure: str = Field(description="Nom de la structure qui propose le service.")
    commune: str | None = Field(description="Code postal et commune de l'adresse.")
    latitude: float
    longitude: float
    lien: str = Field(description="Page du service sur le site.", examples=["/services/…"])


class Groupe(BaseModel):
    nombre: int = Field(description="Nombre de services regroupés (au moins 2).")
    latitude: float = Field(description="Centre de gravité des services du groupe.")
    longitude: float
    emprise: list[float] = Field(
        description="Emprise des services du groupe : ouest, sud, est, nord (degrés)."
    )
    commune: str | None = Field(description="Commune la plus représentée dans le groupe.")


class CarteResponse(BaseModel):
    zoom: int
    emprise: list[float] = Field(description="Emprise demandée : ouest, sud, est, nord.")
    total: int = Field(description="Nombre de services dans l'emprise.")
    regroupe: bool = Field(
        description="Vrai quand les services sont regroupés (trop nombreux pour être "
        "montrés un par un) ; faux quand « services » les contient tous."
    )
    groupes: list[Groupe] = Field(description="Groupes de plusieurs services.")
    services: list[PointService] = Field(
        description="Services montrés un par un (tous, ou ceux seuls dans leur case)."
    )
    proches: list[PointService] = Field(
        description="Les services les plus proches du centre de l'emprise (voir « liste »)."
    )
