"""Kinds of structures: how often they occur, how they are named, what they offer.

Name and description templates use ``{commune}``, ``{de_commune}`` ("de Lyon",
"d'Arles", "du Havre") and ``{mot}`` (an invented name from ``textes.MOTS``). Offers are
listed most frequent first. Réseaux porteurs are only the schema's generic public kinds.
"""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, ReseauPorteur

from bench import (
    offres_droits,
    offres_emploi,
    offres_logement_sante,
    offres_mobilite_famille,
    offres_numerique_argent,
)
from bench.textes import Kind, Offre, kind

_MODULES = (
    offres_mobilite_famille,
    offres_logement_sante,
    offres_numerique_argent,
    offres_droits,
    offres_emploi,
)
OFFRES: dict[str, Offre] = {o.key: o for module in _MODULES for o in module.OFFRES}


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
    kind(
        "point-conseil-budget",
        2.5,
        """
        # noms
        Point conseil budget {de_commune}
        Point conseil budget {mot}
        # offres
        budget surendettement impayes-loyer protection-financiere microcredit
        # descriptions
        Le Point conseil budget aide gratuitement toute personne en difficulté avec l'argent.
        """,
        reseaux=(ReseauPorteur.POINTS_CONSEIL_BUDGET,),
        population_min=5000,
    ),
    kind(
        "france-services",
        5,
        """
        # noms
        France Services {commune}
        Espace France Services {de_commune}
        # offres
        demarches-administratives demarches-en-ligne acces-droits mdph acces-internet
        acces-soins citoyennete retour-france
        # descriptions
        France Services : un guichet unique pour vos démarches administratives du quotidien.
        """,
        reseaux=(ReseauPorteur.FRANCE_SERVICE,),
    ),
    kind(
        "espace-numerique",
        5,
        """
        # noms
        Espace public numérique {de_commune}
        Tiers-lieu numérique {mot}
        Atelier numérique {mot}
        # offres
        ateliers-numeriques acces-internet equipement-numerique demarches-en-ligne cv
        # descriptions
        Lieu de médiation numérique : apprendre, s'équiper et être aidé dans ses démarches.
        """,
        reseaux=(ReseauPorteur.ESPACES_PUBLICS_NUMERIQUES, ReseauPorteur.CONSEILLERS_NUMERIQUES),
    ),
    kind(
        "sante",
        4,
        """
        # noms
        Centre de santé {mot}
        Point santé {de_commune}
        Espace santé {mot}
        # offres
        acces-soins sante-mentale addictions sante-sexuelle mdph confiance-soi
        # descriptions
        Lieu de prévention et de soins de proximité, ouvert aux personnes sans médecin traitant.
        """,
        reseaux=(ReseauPorteur.CMS,),
        population_min=5000,
    ),
    kind(
        "acces-droit",
        3,
        """
        # noms
        Point-justice {de_commune}
        Permanence d'accès au droit {de_commune}
        Association {mot} – Droits et médiation
        # offres
        discrimination justice violences acces-droits protection-financiere
        citoyennete
        # descriptions
        Information juridique gratuite et confidentielle, avec des juristes et des avocats.
        """,
        reseaux=(ReseauPorteur.POINTS_JUSTICE,),
        population_min=3000,
    ),
    kind(
        "creation-entreprise",
        2,
        """
        # noms
        Couveuse d'entreprises {mot}
        Pépinière d'activités {mot}
        Coopérative d'activité {mot}
        # offres
        creation-entreprise microcredit reseau bilan-competences
        # descriptions
        Accompagnement des créateurs d'entreprise, notamment demandeurs d'emploi.
        """,
        population_min=5000,
    ),
    kind(
        "siae",
        4,
        """
        # noms
        Chantier d'insertion {mot}
        Entreprise d'insertion {mot}
        Atelier chantier d'insertion {de_commune}
        # offres
        iae maintien-emploi decouverte-metiers confiance-soi permis
        # descriptions
        Structure d'insertion par l'activité économique : un emploi et un accompagnement.
        """,
        reseaux=(ReseauPorteur.ACI, ReseauPorteur.EI),
    ),
    kind(
        "ressourcerie",
        2,
        """
        # noms
        Ressourcerie {mot}
        Recyclerie {de_commune}
        # offres
        electromenager vestiaire equipement-numerique benevolat
        # descriptions
        Ressourcerie : collecte, réparation et vente solidaire d'objets de réemploi.
        """,
        reseaux=(ReseauPorteur.RESSOURCERIES,),
    ),
    kind(
        "familles",
        3,
        """
        # noms
        Espace familles {mot}
        Maison des familles {de_commune}
        Association de médiation familiale {mot}
        # offres
        parentalite mediation-familiale violences aidants garde-ponctuelle personne-dependante
        # descriptions
        Lieu ressource pour les familles : parentalité, médiation, soutien aux aidants.
        """,
    ),
    kind(
        "langue",
        3,
        """
        # noms
        {mot} – Cours de français
        Association {mot} – Alphabétisation
        Atelier de langue {mot}
        # offres
        fle savoirs-de-base citoyennete ateliers-numeriques
        # descriptions
        Association d'apprentissage du français pour les adultes, animée par des formateurs.
        """,
    ),
    kind(
        "logement",
        3,
        """
        # noms
        Service logement {de_commune}
        Maison de l'habitat {de_commune}
        Résidence jeunes travailleurs {mot}
        # offres
        acces-logement maintien-logement logement-jeunes accession impayes-loyer
        # descriptions
        Information et accompagnement sur le logement : accès, maintien, aides.
        """,
        population_min=3000,
    ),
    kind(
        "jeunesse",
        2,
        """
        # noms
        Point information jeunesse {de_commune}
        Espace jeunes {mot}
        # offres
        international logement-jeunes formation decouverte-metiers benevolat
        sante-sexuelle
        # descriptions
        Information des jeunes : emploi, formation, logement et mobilité internationale.
        """,
        reseaux=(ReseauPorteur.RESEAU_INFORMATION_JEUNESSE,),
        population_min=3000,
        publics=(Public.JEUNES, Public.ETUDIANTS),
        tous_publics=0.2,
    ),
    kind(
        "solidarites",
        2,
        """
        # noms
        Maison départementale des solidarités {de_commune}
        Centre médico-social {de_commune}
        # offres
        acces-droits violences parentalite protection-financiere acces-soins
        maintien-logement
        # descriptions
        Service social du Département : accueil, accompagnement social et protection de l'enfance.
        """,
        reseaux=(ReseauPorteur.MAISONS_DES_SOLIDARITES, ReseauPorteur.DEPARTEMENTS),
        population_min=5000,
    ),
)

_unknown = {key for k in KINDS for key in k.offres} - OFFRES.keys()
_unused = OFFRES.keys() - {key for k in KINDS for key in k.offres}
if _unknown or _unused:
    raise ValueError(f"offers unknown {sorted(_unknown)} or unused {sorted(_unused)}")
