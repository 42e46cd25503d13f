"""Kinds of structures, first half: the generalist desks (CCAS, insertion, employment)
and the everyday needs (food, mobility, childcare, shelter).
"""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, ReseauPorteur

from bench.textes import Kind, kind

KINDS: tuple[Kind, ...] = (
    kind(
        "ccas",
        12,
        """
        # noms
        CCAS {de_commune}
        Centre communal d'action sociale {de_commune}
        # offres
        secours-urgence acces-droits domiciliation aide-alimentaire maintien-logement
        aidants personne-dependante demarches-en-ligne impayes-loyer mdph aide-mobilite
        aide-menagere
        # descriptions
        Le centre communal d'action sociale {de_commune} accueille les habitants en difficulté.
        Le CCAS {de_commune} anime l'action sociale de la commune : aides, droits, seniors.
        """,
        reseaux=(ReseauPorteur.CCAS_CIAS,),
    ),
    kind(
        "association-insertion",
        14,
        """
        # noms
        Association {mot}
        {mot}
        {mot} – Insertion et solidarité
        Association {mot} {de_commune}
        # offres
        accompagnement-global lien-social confiance-soi cv benevolat sport-culture
        acces-droits conseil-mobilite sante-mentale recherche-emploi entretien
        # descriptions
        Association d'insertion qui accompagne les personnes éloignées de l'emploi à {commune}.
        {mot} agit depuis vingt ans pour l'insertion sociale et professionnelle.
        """,
    ),
    kind(
        "mission-locale",
        3,
        """
        # noms
        Mission locale {de_commune}
        Mission locale {de_commune} et environs
        Mission locale pour l'emploi des jeunes {de_commune}
        # offres
        recherche-emploi cv decouverte-metiers formation logement-jeunes aide-mobilite
        acces-soins international entretien sante-mentale permis
        # descriptions
        La Mission locale accompagne les jeunes de 16 à 25 ans vers l'emploi et l'autonomie.
        Emploi, formation, logement, santé : la Mission locale {de_commune} répond aux jeunes.
        """,
        reseaux=(ReseauPorteur.MISSION_LOCALE,),
        population_min=3000,
        publics=(Public.JEUNES,),
        tous_publics=0.03,
    ),
    kind(
        "france-travail",
        2.5,
        """
        # noms
        Agence France Travail {commune}
        France Travail {commune}
        # offres
        recherche-emploi cv formation entretien bilan-competences creation-entreprise
        aide-mobilite international reseau maintien-emploi retour-france
        # descriptions
        L'agence France Travail {de_commune} accompagne les demandeurs d'emploi et les employeurs.
        """,
        reseaux=(ReseauPorteur.FRANCE_TRAVAIL,),
        population_min=8000,
        publics=(Public.DEMANDEURS_EMPLOI, Public.JEUNES, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
    ),
    kind(
        "plie",
        1,
        """
        # noms
        PLIE {de_commune}
        Plan local pour l'insertion et l'emploi {de_commune}
        # offres
        accompagnement-global recherche-emploi decouverte-metiers reseau
        conseil-mobilite
        # descriptions
        Le PLIE accompagne vers l'emploi durable les personnes qui en sont le plus éloignées.
        """,
        reseaux=(ReseauPorteur.PLIE,),
        population_min=15000,
    ),
    kind(
        "centre-social",
        8,
        """
        # noms
        Centre social {mot}
        Centre social et culturel {mot}
        Espace de vie sociale {mot}
        # offres
        ateliers-numeriques fle parentalite lien-social garde-ponctuelle sport-culture
        acces-droits savoirs-de-base aidants demarches-en-ligne velo-ecole benevolat
        # descriptions
        Le centre social {mot} est un lieu d'accueil, d'animation et de solidarité pour le quartier.
        Familles, jeunes, seniors : le centre social propose activités, ateliers et entraide.
        """,
    ),
    kind(
        "aide-alimentaire",
        7,
        """
        # noms
        Les Paniers solidaires {de_commune}
        Table solidaire {mot}
        Association d'aide alimentaire {mot}
        {mot} – Distribution alimentaire
        # offres
        aide-alimentaire vestiaire lien-social
        # descriptions
        Association d'aide alimentaire animée par des bénévoles à {commune}.
        Distribution de colis, repas chauds et écoute pour les personnes en difficulté.
        """,
    ),
    kind(
        "auto-ecole-sociale",
        2,
        """
        # noms
        Auto-école sociale {mot}
        Auto-école solidaire {de_commune}
        # offres
        permis conseil-mobilite savoirs-de-base
        # descriptions
        Auto-école associative qui prépare au permis les personnes en insertion.
        """,
        population_min=3000,
    ),
    kind(
        "garage-solidaire",
        2,
        """
        # noms
        Garage solidaire {mot}
        Garage solidaire {de_commune}
        # offres
        garage-solidaire location-vehicule
        # descriptions
        Garage associatif qui entretient et répare les véhicules des personnes aux revenus modestes.
        """,
        population_min=2000,
    ),
    kind(
        "plateforme-mobilite",
        2,
        """
        # noms
        Plateforme mobilité {de_commune}
        Mobilité solidaire {mot}
        # offres
        conseil-mobilite location-vehicule aide-mobilite velo-ecole permis
        # descriptions
        La plateforme mobilité aide les personnes en insertion à lever leurs freins de mobilité.
        """,
        population_min=5000,
    ),
    kind(
        "creche-avip",
        3,
        """
        # noms
        Crèche {mot}
        Multi-accueil {mot}
        Crèche à vocation d'insertion professionnelle {mot}
        # offres
        creche-avip garde-ponctuelle parentalite
        # descriptions
        Crèche labellisée AVIP : des places pour les enfants de parents en recherche d'emploi.
        """,
        reseaux=(ReseauPorteur.CRECHES_AVIP,),
        population_min=5000,
    ),
    kind(
        "hebergement",
        4,
        """
        # noms
        CHRS {mot}
        Centre d'hébergement {mot}
        Accueil de nuit {mot}
        # offres
        hebergement-urgence acces-logement acces-soins addictions domiciliation
        # descriptions
        Centre d'hébergement et de réinsertion sociale : mise à l'abri et accompagnement.
        Hébergement d'urgence et d'insertion pour les personnes sans domicile {de_commune}.
        """,
        reseaux=(ReseauPorteur.CHRS, ReseauPorteur.CHU, ReseauPorteur.SIAO),
        population_min=5000,
        jour_et_nuit=True,
    ),
    kind(
        "epicerie-solidaire",
        4,
        """
        # noms
        Épicerie solidaire {mot}
        Épicerie sociale {de_commune}
        # offres
        epicerie-solidaire budget lien-social vestiaire
        # descriptions
        Épicerie solidaire : des produits à petits prix et un accompagnement vers un projet.
        """,
    ),
)
