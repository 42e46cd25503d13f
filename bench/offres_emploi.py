"""Service templates: employment, training, choosing a trade, starting a business, abroad."""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, Thematique, TypeService

from bench.textes import Offre, offre

_EMPLOI = (Public.DEMANDEURS_EMPLOI, Public.JEUNES, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX)
_CANDIDATURE = "PREPARER_SA_CANDIDATURE__"
_CREER = "CREER_UNE_ENTREPRISE__"
_INTER = "SOUVRIR_A_LINTERNATIONAL__"

OFFRES: tuple[Offre, ...] = (
    offre(
        "cv",
        [Thematique.PREPARER_SA_CANDIDATURE__REALISER_UN_CV_ET_OU_UNE_LETTRE_DE_MOTIVATION],
        [Thematique.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES],
        [TypeService.ATELIER, TypeService.ACCOMPAGNEMENT],
        _EMPLOI,
        """
        # noms
        Atelier CV et lettre de motivation
        Réaliser son CV
        Permanence CV
        # accroches
        L'atelier CV vous aide à rédiger un CV clair et une lettre de motivation qui vous ressemble.
        Un CV à jour en une séance : venez avec vos expériences, on s'occupe de la mise en forme.
        # details
        Vos expériences, même bénévoles ou à l'étranger, sont mises en valeur.
        Le CV est adapté à chaque offre visée.
        Vous repartez avec votre CV imprimé et enregistré sur une clé ou dans votre messagerie.
        Les CV vidéo et les profils en ligne sont aussi abordés.
        """,
        tous_publics=0.55,
        distance=0.4,
    ),
    offre(
        "entretien",
        [Thematique.TROUVER_UN_EMPLOI__CONVAINCRE_UN_RECRUTEUR_EN_ENTRETIEN],
        [Thematique.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES],
        [TypeService.ATELIER],
        _EMPLOI,
        """
        # noms
        Simulation d'entretien d'embauche
        Préparer son entretien
        # accroches
        Entraînez-vous à l'entretien d'embauche avec des professionnels du recrutement.
        Les simulations d'entretien filmées vous aident à gagner en aisance.
        # details
        Les questions pièges et la présentation en deux minutes sont travaillées.
        Des recruteurs bénévoles jouent le rôle de l'employeur.
        Un retour personnalisé vous est donné après chaque simulation.
        """,
        tous_publics=0.5,
        distance=0.45,
    ),
    offre(
        "recherche-emploi",
        [
            Thematique.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
            Thematique.TROUVER_UN_EMPLOI__SUIVRE_SES_CANDIDATURES_ET_RELANCER_LES_EMPLOYEURS,
        ],
        [
            Thematique.PREPARER_SA_CANDIDATURE__ORGANISER_SES_DEMARCHES_DE_RECHERCHE_DEMPLOI,
            Thematique.TROUVER_UN_EMPLOI__FAIRE_DES_CANDIDATURES_SPONTANEES,
            Thematique.CHOISIR_UN_METIER__CONNAITRE_LES_OPPORTUNITES_DEMPLOI,
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.ATELIER],
        _EMPLOI,
        """
        # noms
        Accompagnement à la recherche d'emploi
        Club de recherche d'emploi
        Trouver un emploi près de chez soi
        # accroches
        Un conseiller vous accompagne dans votre recherche d'emploi, de la candidature à l'embauche.
        Le club de recherche d'emploi réunit chaque semaine des personnes en recherche d'emploi.
        # details
        Les offres du territoire sont présentées et des candidatures envoyées ensemble.
        Vous apprenez à suivre vos candidatures et à relancer les employeurs.
        Des rencontres avec des entreprises qui recrutent sont organisées.
        Les candidatures spontanées sont ciblées avec vous.
        """,
        tous_publics=0.4,
        distance=0.4,
    ),
    offre(
        "reseau",
        [Thematique.PREPARER_SA_CANDIDATURE__DEVELOPPER_SON_RESEAU],
        [Thematique.TROUVER_UN_EMPLOI__FAIRE_DES_CANDIDATURES_SPONTANEES],
        [TypeService.ACCOMPAGNEMENT, TypeService.ATELIER],
        (Public.DEMANDEURS_EMPLOI, Public.JEUNES, Public.RESIDENTS_QPV_FRR),
        """
        # noms
        Parrainage vers l'emploi
        Rencontres avec des employeurs
        # accroches
        Un parrain ou une marraine en activité vous ouvre son réseau professionnel.
        Job dating, visites d'entreprises, forums : rencontrez directement les recruteurs.
        # details
        Le parrainage dure six mois, au rythme d'une rencontre toutes les deux semaines.
        Vous apprenez à vous présenter et à utiliser les réseaux professionnels en ligne.
        Les rencontres se déroulent dans les entreprises partenaires.
        """,
        tous_publics=0.4,
        distance=0.4,
    ),
    offre(
        "maintien-emploi",
        [Thematique.TROUVER_UN_EMPLOI__MAINTIEN_DANS_LEMPLOI],
        [Thematique.SANTE__CONSTITUER_UN_DOSSIER_MDPH_INVALIDITE],
        [TypeService.ACCOMPAGNEMENT],
        (Public.ACTIFS, Public.PERSONNES_EN_SITUATION_DE_HANDICAP),
        """
        # noms
        Maintien dans l'emploi
        Accompagnement des salariés en insertion
        # accroches
        Vous venez de reprendre un emploi ? Un suivi vous aide à le garder.
        Votre santé menace votre emploi ? Le service cherche des solutions avec l'employeur.
        # details
        Le référent fait le lien avec l'employeur pendant les premiers mois.
        Les aménagements de poste et les aides à la compensation sont étudiés.
        Les difficultés de garde, de transport ou de logement sont traitées rapidement.
        """,
        tous_publics=0.25,
        distance=0.4,
    ),
    offre(
        "accompagnement-global",
        [Thematique.PREPARER_SA_CANDIDATURE__ORGANISER_SES_DEMARCHES_DE_RECHERCHE_DEMPLOI],
        [
            Thematique.REMOBILISATION__BIEN_ETRE_CONFIANCE_EN_SOI,
            Thematique.MOBILITE__ETRE_ACCOMPAGNE_DANS_SON_PARCOURS_MOBILITE,
            Thematique.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
            Thematique.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES,
        ],
        [TypeService.ACCOMPAGNEMENT],
        (
            Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX,
            Public.DEMANDEURS_EMPLOI,
            Public.RESIDENTS_QPV_FRR,
        ),
        """
        # noms
        Accompagnement renforcé vers l'emploi
        Accompagnement socioprofessionnel
        Parcours d'insertion avec un référent unique
        # accroches
        Un référent unique vous accompagne vers l'emploi et lève avec vous les freins du quotidien.
        L'accompagnement socioprofessionnel prend en compte toute votre situation.
        # details
        Mobilité, garde d'enfants, santé, logement : chaque difficulté est travaillée.
        Les rendez-vous ont lieu toutes les deux semaines, plus souvent si besoin.
        Des immersions en entreprise et des formations courtes sont proposées.
        Le parcours dure en moyenne dix-huit mois.
        # conditions
        Sur orientation du Département, de France Travail ou d'un travailleur social.
        """,
        tous_publics=0.25,
        distance=0.25,
    ),
    offre(
        "iae",
        [Thematique.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI],
        [
            Thematique.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES,
            Thematique.CHOISIR_UN_METIER__DECOUVRIR_UN_METIER_OU_UN_SECTEUR_DACTIVITE,
            Thematique.SE_FORMER__TROUVER_SA_FORMATION,
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.FORMATION],
        (Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.DEMANDEURS_EMPLOI, Public.JEUNES),
        """
        # noms
        Contrat en chantier d'insertion
        Emploi en insertion : espaces verts, bâtiment, recyclage
        Salarié en insertion
        # accroches
        Le chantier d'insertion propose un contrat de travail de quatre à vingt-quatre mois.
        Reprendre le travail avec un salaire et un accompagnement : c'est l'insertion par l'emploi.
        # details
        Les métiers proposés : espaces verts, maraîchage, second œuvre, tri et recyclage.
        Un encadrant technique forme sur le terrain, une conseillère prépare la suite.
        Des formations qualifiantes et le permis peuvent être financés pendant le contrat.
        # conditions
        Être éligible à l'insertion par l'activité économique (diagnostic avec un prescripteur).
        """,
        tous_publics=0.2,
        distance=0.0,
    ),
    offre(
        "decouverte-metiers",
        [Thematique.CHOISIR_UN_METIER__DECOUVRIR_UN_METIER_OU_UN_SECTEUR_DACTIVITE],
        [
            Thematique.CHOISIR_UN_METIER__CONFIRMER_SON_CHOIX_DE_METIER,
            Thematique.CHOISIR_UN_METIER__CONNAITRE_LES_OPPORTUNITES_DEMPLOI,
        ],
        [TypeService.ATELIER, TypeService.ACCOMPAGNEMENT],
        _EMPLOI,
        """
        # noms
        Découverte des métiers et immersion en entreprise
        Stage de découverte (PMSMP)
        # accroches
        Découvrez un métier en passant quelques jours dans une entreprise.
        Vous hésitez sur votre orientation ? Testez un métier avant de vous lancer.
        # details
        La période de mise en situation en milieu professionnel dure d'un jour à un mois.
        Des visites d'entreprises et des rencontres avec des professionnels sont organisées.
        Les secteurs qui recrutent sur le territoire sont présentés.
        """,
        tous_publics=0.4,
        distance=0.15,
    ),
    offre(
        "bilan-competences",
        [Thematique.CHOISIR_UN_METIER__IDENTIFIER_SES_POINTS_FORTS_ET_SES_COMPETENCES],
        [
            Thematique.CHOISIR_UN_METIER__CONFIRMER_SON_CHOIX_DE_METIER,
            Thematique.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES,
        ],
        [TypeService.ACCOMPAGNEMENT],
        (Public.DEMANDEURS_EMPLOI, Public.ACTIFS),
        """
        # noms
        Bilan de compétences et projet professionnel
        Identifier ses compétences
        # accroches
        Faites le point sur vos compétences, vos envies et les métiers qui vous correspondent.
        Un conseiller vous aide à construire un projet professionnel réaliste.
        # details
        Des tests d'intérêts et des entretiens individuels jalonnent le parcours.
        Les compétences acquises hors emploi sont reconnues.
        Un plan d'action vous est remis à la fin de l'accompagnement.
        """,
        tous_publics=0.5,
        distance=0.5,
    ),
    offre(
        "formation",
        [Thematique.SE_FORMER__TROUVER_SA_FORMATION],
        [Thematique.SE_FORMER__MONTER_SON_DOSSIER_DE_FORMATION],
        [TypeService.INFORMATION, TypeService.ACCOMPAGNEMENT],
        _EMPLOI,
        """
        # noms
        Trouver une formation
        Information sur la formation professionnelle
        Financer sa formation
        # accroches
        Un conseiller vous aide à trouver la formation adaptée à votre projet et à la financer.
        Formation qualifiante, certification, remise à niveau : faites le point sur vos options.
        # details
        Le compte personnel de formation (CPF) et les aides régionales sont expliqués.
        Le dossier d'inscription et de financement est monté avec vous.
        Une rémunération pendant la formation peut être demandée.
        """,
        tous_publics=0.45,
        distance=0.5,
    ),
    offre(
        "creation-entreprise",
        [Thematique[_CREER + "DEFINIR_SON_PROJET_DE_CREATION_DENTREPRISE"]],
        [
            Thematique[_CREER + "STRUCTURER_SON_PROJET_DE_CREATION_DENTREPRISE"],
            Thematique[_CREER + "DEVELOPPER_SON_ENTREPRISE"],
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.FORMATION],
        (Public.DEMANDEURS_EMPLOI, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.FEMMES),
        """
        # noms
        Accompagnement à la création d'entreprise
        Couveuse d'entreprises : tester son activité
        Créer son activité
        # accroches
        Vous avez une idée d'entreprise ? Un conseiller vous aide à la transformer en projet solide.
        La couveuse permet de tester votre activité en toute sécurité avant de créer.
        # details
        Étude de marché, prévisionnel et statut juridique sont travaillés en ateliers.
        Un microcrédit professionnel ou un prêt d'honneur peut financer le démarrage.
        Le suivi continue pendant les trois premières années de l'entreprise.
        """,
        tous_publics=0.55,
        distance=0.45,
    ),
    offre(
        "international",
        [Thematique[_INTER + "CONNAITRE_LES_OPPORTUNITES_DEMPLOI_A_LETRANGER"]],
        [Thematique[_INTER + "SINFORMER_SUR_LES_AIDES_POUR_TRAVAILLER_A_LETRANGER"]],
        [TypeService.INFORMATION],
        (Public.JEUNES, Public.ETUDIANTS, Public.DEMANDEURS_EMPLOI),
        """
        # noms
        Mobilité internationale : partir travailler à l'étranger
        Volontariat et stages en Europe
        # accroches
        Partir à l'étranger pour un stage, un emploi ou un volontariat : le conseiller vous informe.
        Les programmes européens financent des séjours de stage et de volontariat.
        # details
        Les aides au départ (transport, logement, cours de langue) sont présentées.
        Des témoignages de jeunes partis à l'étranger sont organisés.
        Le conseiller vous aide à préparer le CV et la lettre dans la langue du pays.
        """,
        tous_publics=0.4,
        distance=0.6,
    ),
    offre(
        "retour-france",
        [Thematique[_INTER + "SORGANISER_SUITE_A_SON_RETOUR_EN_FRANCE"]],
        [
            Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES
        ],
        [TypeService.INFORMATION, TypeService.ACCOMPAGNEMENT],
        (Public.ACTIFS, Public.DEMANDEURS_EMPLOI),
        """
        # noms
        S'installer après un retour de l'étranger
        Retour en France : démarches et droits
        # accroches
        De retour en France après une expatriation ? Le service vous aide à reprendre pied.
        Sécurité sociale, France Travail, reconnaissance des diplômes : faisons le point.
        # details
        Les droits ouverts à l'étranger et leur transfert sont expliqués.
        Les diplômes obtenus à l'étranger peuvent être reconnus.
        Un conseiller vous accompagne dans votre recherche d'emploi en France.
        """,
        tous_publics=0.7,
        distance=0.6,
    ),
)
