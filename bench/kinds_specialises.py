"""Kinds of structures, second half: money, public services, digital, health, rights,
starting a business, insertion through work, reuse, families, language, housing, youth
and the département's social services.
"""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, ReseauPorteur

from bench.textes import Kind, kind

KINDS: tuple[Kind, ...] = (
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
