"""The search answer, documented field by field (in French) for /api/docs."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CommuneResume(BaseModel):
    code: str = Field(description="Code INSEE.", examples=["13108"])
    nom: str = Field(examples=["Tarascon"])
    code_departement: str = Field(examples=["13"])
    code_epci: str | None = Field(description="SIREN de l'EPCI.", examples=["241300417"])


class Fermeture(BaseModel):
    debut: str = Field(description="Premier jour de fermeture (AAAA-MM-JJ).")
    fin: str | None = Field(description="Dernier jour de fermeture ; null : sans date de fin.")
    ferme_aujourd_hui: bool
    avis: str | None = Field(
        description="Ce qu'il faut savoir aujourd'hui : fermeture en cours, prochaine (30 "
        "jours) ou réouverture récente (14 jours)."
    )


class Localisation(BaseModel):
    latitude: float
    longitude: float
    rayon_km: float = Field(description="Rayon de recherche sur place, en km.")
    commune: CommuneResume
    precision: str = Field(
        "commune",
        description="« adresse » ou « rue » quand le géocodeur a trouvé l'adresse "
        "demandée, sinon « commune » (centrée sur sa mairie).",
    )
    adresse: str | None = Field(None, description="L'adresse trouvée par le géocodeur.")


class StructureResume(BaseModel):
    id: str
    nom: str


class Resultat(BaseModel):
    id: str = Field(description="Identifiant du service dans Maillage.")
    nom: str
    structure: StructureResume
    distance_km: float | None = Field(
        description="Distance à vol d'oiseau ; vide pour un service proposé à distance."
    )
    a_distance: bool = Field(description="Résultat retenu parce que proposé à distance.")
    freins: list[str]
    thematiques: list[str]
    publics: list[str]
    frais: str | None
    type: str | None
    modes_accueil: list[str]
    adresse: str | None
    complement_adresse: str | None
    code_postal: str | None
    commune: str | None
    code_commune: str | None
    latitude: float | None
    longitude: float | None
    precision_localisation: str | None = Field(
        description="Précision du point : source, adresse ou commune."
    )
    telephone: str | None
    courriel: str | None
    horaires_accueil: str | None = Field(description="Horaires au format OpenStreetMap.")
    modes_mobilisation: list[str]
    mobilisable_par: list[str]
    lien_mobilisation: str | None
    source: str
    date_maj: str | None
    a_verifier: bool = Field(
        description="Informations à vérifier : le service n'a pas été mis à jour ni confirmé "
        "depuis sa fréquence de mise à jour (6 mois par défaut)."
    )
    zone: list[str] = Field(
        default_factory=list,
        description="Où le service est ouvert (communes, EPCI, départements, « France "
        "entière ») ; vide : sans restriction.",
    )
    fermeture: Fermeture | None = Field(
        None, description="Fermeture datée par la source (aucune : null)."
    )
    lien: str = Field(description="Page du service.")
    lien_api: str = Field(description="Détail du service dans l'API.")


class SearchResponse(BaseModel):
    total: int = Field(description="Nombre total de services trouvés.")
    total_a_distance: int = Field(
        0, description="Dont ceux qu'on ne joint qu'à distance (hors du rayon, ou sans lieu)."
    )
    page: int
    taille: int
    moteur: str = Field(description="Moteur qui a répondu : meilisearch ou postgis.")
    localisation: Localisation
    facettes: dict[str, dict[str, int]] = Field(
        description="Nombre de résultats par frein, catégorie, type, frais et mode d'accueil."
    )
    resultats: list[Resultat]
