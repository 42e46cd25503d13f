"""The write API's bodies and answers: data·inclusion v1's own ``Service`` model,
extended with what Maillage adds (publication, freshness), never retyped."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from data_inclusion.schema.v1 import Service
from pydantic import ConfigDict, Field, field_validator
from pydantic.json_schema import SkipJsonSchema

STATUTS = ("brouillon", "publie", "suspendu", "archive")
Statut = Literal["brouillon", "publie", "suspendu", "archive"]


class ServiceEntree(Service):  # type: ignore[misc]  # the schema package is untyped
    """Un service tel qu'une structure le publie : les champs du schéma data·inclusion v1.
    `source`, `id`, `structure_id` et `date_maj` sont fixés par Maillage (ignorés s'ils
    sont envoyés)."""

    model_config = ConfigDict(extra="forbid", title="ServiceEntree")

    source: SkipJsonSchema[str | None] = Field(None, exclude=True)
    id: SkipJsonSchema[str | None] = Field(None, exclude=True)
    structure_id: SkipJsonSchema[str | None] = Field(None, exclude=True)
    date_maj: SkipJsonSchema[date | None] = Field(None, exclude=True)

    publie: bool = Field(
        True, description="Publier le service tout de suite (sinon : brouillon, invisible)."
    )
    frequence_maj_mois: int | None = Field(
        None,
        ge=1,
        le=24,
        description="Tous les combien de mois le service doit être vérifié (6 par défaut).",
    )

    # Maillage dates the record itself: the schema's check of a client's date is moot.
    @field_validator("date_maj")
    @classmethod
    def date_maj_valide(cls, value: date | None) -> date | None:
        return value


class ServiceGere(Service):  # type: ignore[misc]
    """Un service géré par sa structure dans Maillage : les champs data·inclusion v1,
    son statut de publication et sa fraîcheur."""

    model_config = ConfigDict(title="ServiceGere")

    uid: str = Field(description="Identifiant Maillage du service (dans les adresses).")
    statut: Statut = Field(description="brouillon, publie, suspendu (modération) ou archive.")
    a_verifier: bool = Field(
        description="Vrai quand le service n'a pas été vérifié depuis sa fréquence de mise à jour."
    )
    frequence_maj_mois: int = Field(description="Fréquence de vérification, en mois.")
    champs_modifies: list[str] | None = Field(
        None, description="Après une modification : les champs qui ont changé."
    )
    lien_api: str = Field(description="Adresse de ce service dans l'API d'écriture.")


PATCH_EXAMPLE: dict[str, Any] = {"telephone": "+33490000000", "publie": True}
