"""A small, hand-made territory around Belfort where every search rule has a witness.

Distances from Belfort's town hall: Andelnans 4 km, Montbéliard 15 km, Delle 19 km,
Mulhouse 38 km, Paris 350 km.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

POINTS = {
    "90010": ("Belfort", "90000", 47.6386, 6.8628),
    "90001": ("Andelnans", "90400", 47.6018, 6.8662),
    "90033": ("Delle", "90100", 47.5076, 6.9979),
    "25388": ("Montbéliard", "25200", 47.5100, 6.7982),
    "68224": ("Mulhouse", "68100", 47.7499, 7.3362),
    "75056": ("Paris", "75001", 48.8573, 2.3201),
}
EPCI_GRAND_BELFORT = "200069052"
CLOSURE = (date.today() - timedelta(days=5), date.today() + timedelta(days=20))
DESCRIPTION = "Un service d'insertion de démonstration, décrit en quelques phrases simples."


def _place(code: str, offset: float = 0.0) -> dict[str, Any]:
    commune, postcode, lat, lon = POINTS[code]
    return {
        "code_insee": code,
        "commune": commune,
        "code_postal": postcode,
        "adresse": "1 rue de la République",
        "latitude": round(lat + offset, 6),
        "longitude": round(lon + offset, 6),
    }


def structure(key: str, code: str) -> dict[str, Any]:
    return {
        "source": "scenario",
        "id": f"scenario--{key}",
        "nom": f"Structure {key}",
        "date_maj": "2025-01-15",
        **_place(code),
    }


def service(key: str, nom: str, code: str | None, **fields: Any) -> dict[str, Any]:
    record = {
        "source": "scenario",
        "structure_id": f"scenario--{code or 'distance'}",
        "id": f"scenario--{key}",
        "nom": nom,
        "description": DESCRIPTION,
        "date_maj": "2025-02-01",
        "modes_accueil": ["en-presentiel"],
        **(_place(code, offset=0.001 * (len(key) % 5)) if code else {}),
    }
    record.update(fields)
    return record


def records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    structures = [structure(code, code) for code in POINTS] + [structure("distance", "75056")]
    services = [
        service("garage", "Garage solidaire du Territoire", "90010",
                thematiques=["mobilite--entretenir-reparer-son-vehicule"], frais="payant",
                type="aide-materielle", publics=["tous-publics"]),
        service("creche-delle", "Crèche à vocation d'insertion professionnelle", "90033",
                thematiques=["famille--garde-denfants"], zone_eligibilite=["90033"],
                frais="gratuit", type="accompagnement"),
        service("garderie-epci", "Halte-garderie du Grand Belfort", "90001",
                thematiques=["famille--garde-denfants"], zone_eligibilite=[EPCI_GRAND_BELFORT]),
        service("auto-ecole", "Auto-école sociale du Pays de Montbéliard", "25388",
                thematiques=["mobilite--preparer-un-permis"], zone_eligibilite=["25"]),
        service("mobilite-nationale", "Plateforme nationale de conseil en mobilité", None,
                thematiques=["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
                modes_accueil=["a-distance"], zone_eligibilite=["france"]),
        service("aidants", "Soutien aux aidants familiaux", "68224",
                thematiques=["famille--soutien-aidants"], publics=["familles"]),
        service("budget", "Accompagnement budgétaire", "75056",
                thematiques=["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
                modes_accueil=["en-presentiel", "a-distance"], zone_eligibilite=["france"]),
        service("cv", "Rédiger son curriculum vitae", "90010",
                thematiques=["preparer-sa-candidature--realiser-un-cv-et-ou-une-lettre-de-motivation"],
                publics=["jeunes"], modes_accueil=["en-presentiel", "a-distance"],
                zone_eligibilite=["90"]),
        service("logement", "Permanence logement", "90010",
                thematiques=["logement-hebergement--louer-un-logement"], publics=["tous-publics"],
                frais="gratuit", type="information"),
        service("urgence", "Hébergement d'urgence", "90010",
                thematiques=["logement-hebergement--rechercher-une-solution-dhebergement-temporaire"],
                type="accompagnement"),
        service("lepuix", "Épicerie solidaire de Lepuix", "90010",
                thematiques=["equipement-et-alimentation--alimentation"],
                zone_eligibilite=["90065"]),
        service("brouillon", "Service en brouillon", "90010",
                thematiques=["sante--acces-aux-soins"]),
        service("archive", "Service archivé", "90010",
                thematiques=["sante--acces-aux-soins"]),
        # Closed today whatever day the suite runs (CLOSURE around it; the other for good).
        service("travaux", "Atelier vélo fermé pour travaux", "90010",
                thematiques=["mobilite--entretenir-reparer-son-vehicule"],
                fermeture_debut=CLOSURE[0].isoformat(), fermeture_fin=CLOSURE[1].isoformat()),
        service("ferme", "Garage fermé définitivement", "90010",
                thematiques=["mobilite--entretenir-reparer-son-vehicule"],
                fermeture_debut=(date.today() - timedelta(days=400)).isoformat()),
    ]  # fmt: skip
    return structures, services
