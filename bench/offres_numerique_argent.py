"""Service templates: digital, French (reading, writing, maths) and money."""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, Thematique, TypeService

from bench.textes import Offre, offre

_ADMIN = "DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__"
_DEMARCHES = Thematique[_ADMIN + "ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES"]
_CITOYENNETE = Thematique[_ADMIN + "ACCOMPAGNEMENT_POUR_LACCES_A_LA_CITOYENNETE"]
_MESURE_ADAPTEE = Thematique[_ADMIN + "BENEFICIER_DUNE_MESURE_DACCOMPAGNEMENT_ADAPTE"]
_PRECAIRES = (Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.PERSONNES_EN_SITUATION_D_URGENCE)

OFFRES: tuple[Offre, ...] = (
    offre(
        "ateliers-numeriques",
        [Thematique.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE],
        [Thematique.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE],
        [TypeService.ATELIER, TypeService.FORMATION],
        (Public.SENIORS, Public.DEMANDEURS_EMPLOI, Public.PERSONNES_EXILEES),
        """
        # noms
        Ateliers numériques pour débutants
        Initiation à l'ordinateur et au smartphone
        Apprendre les bases du numérique
        # accroches
        Les ateliers numériques vous apprennent à utiliser ordinateur, tablette et smartphone.
        Vous êtes mal à l'aise avec internet ? Un conseiller numérique vous forme à votre rythme.
        # details
        Au programme : souris et clavier, messagerie, recherche sur internet, pièces jointes.
        Les groupes comptent six personnes au plus, pour avancer ensemble.
        Des ordinateurs sont prêtés pendant les séances.
        Vous apprenez aussi à repérer les arnaques et à protéger vos données.
        # conditions
        Inscription pour un cycle de huit séances.
        """,
        distance=0.15,
    ),
    offre(
        "acces-internet",
        [Thematique.NUMERIQUE__ACCEDER_A_UNE_CONNEXION_INTERNET],
        [Thematique.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE],
        [TypeService.AIDE_MATERIELLE],
        (Public.PERSONNES_EN_SITUATION_D_URGENCE, Public.JEUNES),
        """
        # noms
        Accès libre aux ordinateurs et à internet
        Espace numérique en accès libre
        # accroches
        Des ordinateurs connectés, une imprimante et le wifi sont à votre disposition gratuitement.
        Imprimer un CV, scanner un document, consulter vos mails : l'espace numérique est ouvert.
        # details
        Un médiateur numérique est présent pour vous aider si besoin.
        Le wifi est gratuit et sans inscription.
        L'impression est gratuite dans la limite de vingt pages.
        """,
        tous_publics=0.9,
        distance=0.0,
    ),
    offre(
        "equipement-numerique",
        [Thematique.NUMERIQUE__ACQUERIR_UN_EQUIPEMENT],
        [Thematique.NUMERIQUE__ACCEDER_A_UNE_CONNEXION_INTERNET],
        [TypeService.AIDE_MATERIELLE],
        (Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.DEMANDEURS_EMPLOI, Public.ETUDIANTS),
        """
        # noms
        Ordinateurs reconditionnés à prix solidaire
        Équipement numérique solidaire
        # accroches
        Des ordinateurs et smartphones reconditionnés sont vendus à petit prix.
        Vous n'avez pas d'ordinateur pour chercher un emploi ? Équipez-vous à prix solidaire.
        # details
        Chaque appareil est révisé, garanti un an et livré avec des logiciels libres.
        Une prise en main est proposée au moment de l'achat.
        Des offres internet à tarif social sont présentées.
        # frais
        Ordinateur portable à partir de 60 €, smartphone à partir de 30 €.
        """,
        tous_publics=0.4,
        distance=0.05,
        payant=0.7,
    ),
    offre(
        "demarches-en-ligne",
        [Thematique.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE],
        [_DEMARCHES, Thematique.NUMERIQUE__MAITRISER_LES_FONDAMENTAUX_DU_NUMERIQUE],
        [TypeService.ACCOMPAGNEMENT],
        (Public.SENIORS, Public.PERSONNES_EXILEES, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
        """
        # noms
        Aide aux démarches en ligne
        Accompagnement aux services publics en ligne
        # accroches
        Un aidant numérique vous accompagne dans vos démarches en ligne.
        Créer votre compte ameli, CAF, impots.gouv ou France Travail : on le fait avec vous.
        # details
        Vous gardez la main : l'aidant vous explique chaque étape.
        Pensez à apporter vos identifiants et vos justificatifs.
        Un coffre-fort numérique peut être créé pour ranger vos documents.
        """,
        distance=0.25,
    ),
    offre(
        "fle",
        [Thematique.LECTURE_ECRITURE_CALCUL__MAITRISER_LE_FRANCAIS],
        [_CITOYENNETE, Thematique.REMOBILISATION__LIEN_SOCIAL],
        [TypeService.FORMATION, TypeService.ATELIER],
        (Public.PERSONNES_EXILEES, Public.FEMMES),
        """
        # noms
        Cours de français langue étrangère (FLE)
        Ateliers sociolinguistiques
        Apprendre le français pour la vie quotidienne
        # accroches
        Les cours de FLE (français langue étrangère) accueillent les adultes de tous niveaux.
        Parler, lire et écrire le français pour être autonome au quotidien et au travail.
        # details
        Un test de positionnement permet de rejoindre le groupe adapté à votre niveau.
        Les ateliers s'appuient sur des situations concrètes : médecin, école, transports.
        La préparation au DELF ou au TCF est possible.
        Les cours ont lieu deux à trois fois par semaine, en journée ou en soirée.
        # conditions
        Avoir plus de 16 ans ; inscription sur rendez-vous.
        """,
        tous_publics=0.4,
        distance=0.15,
        payant=0.15,
    ),
    offre(
        "savoirs-de-base",
        [Thematique.LECTURE_ECRITURE_CALCUL__MAITRISER_LE_CALCUL],
        [Thematique.LECTURE_ECRITURE_CALCUL__MAITRISER_LE_FRANCAIS],
        [TypeService.FORMATION, TypeService.ATELIER],
        (Public.DEMANDEURS_EMPLOI, Public.ACTIFS, Public.JEUNES),
        """
        # noms
        Remise à niveau en lecture, écriture et calcul
        Savoirs de base et lutte contre l'illettrisme
        # accroches
        Reprendre confiance en lecture, en écriture et en calcul, en petit groupe.
        Des difficultés avec l'écrit ou les chiffres ? Une formation existe près de chez vous.
        # details
        La formation est adaptée à vos objectifs : permis, emploi, vie quotidienne.
        Les formateurs utilisent des exercices concrets : budget, horaires, consignes.
        Une attestation de compétences est remise en fin de parcours.
        """,
        tous_publics=0.5,
        distance=0.15,
    ),
    offre(
        "budget",
        [Thematique.DIFFICULTES_FINANCIERES__AMELIORER_SA_GESTION_BUDGETAIRE],
        [
            Thematique.DIFFICULTES_FINANCIERES__ACQUERIR_UNE_AUTONOMIE_BUDGETAIRE,
            Thematique.DIFFICULTES_FINANCIERES__PREVENIR_UNE_DEGRADATION_DE_LA_SITUATION_FINANCIERE,
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.ATELIER],
        _PRECAIRES,
        """
        # noms
        Conseil budgétaire
        Point conseil budget
        Atelier gérer son budget
        # accroches
        Un conseiller fait le point sur votre budget avec vous, gratuitement et en confidentialité.
        Des fins de mois difficiles ? Le Point conseil budget vous aide à y voir clair.
        # details
        Ensemble, vous listez les ressources, les charges et les aides non demandées.
        Le conseiller peut contacter vos créanciers pour négocier des échéanciers.
        Des ateliers collectifs abordent la banque, les contrats et les économies d'énergie.
        """,
        tous_publics=0.8,
        distance=0.5,
    ),
    offre(
        "surendettement",
        [Thematique.DIFFICULTES_FINANCIERES__SITUATION_DENDETTEMENT_SURENDETTEMENT],
        [Thematique.DIFFICULTES_FINANCIERES__PREVENIR_UNE_DEGRADATION_DE_LA_SITUATION_FINANCIERE],
        [TypeService.ACCOMPAGNEMENT],
        _PRECAIRES,
        """
        # noms
        Accompagnement au surendettement
        Aide au dossier de surendettement
        # accroches
        Vous n'arrivez plus à rembourser vos dettes ? Un conseiller vous accompagne.
        Le dossier de surendettement se prépare avec un professionnel, gratuitement.
        # details
        Le conseiller vous aide à remplir le dossier de surendettement pour la Banque de France.
        Il vous accompagne tout au long de la procédure, jusqu'au plan de redressement.
        Des solutions amiables sont recherchées d'abord avec vos créanciers.
        """,
        tous_publics=0.8,
        distance=0.5,
    ),
    offre(
        "protection-financiere",
        [Thematique.DIFFICULTES_FINANCIERES__METTRE_EN_PLACE_UNE_MESURE_DE_PROTECTION_FINANCIERE],
        [_MESURE_ADAPTEE],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (Public.SENIORS, Public.PERSONNES_EN_SITUATION_DE_HANDICAP, Public.FAMILLES),
        """
        # noms
        Information sur les mesures de protection
        Accompagnement social personnalisé (MASP)
        # accroches
        Curatelle, tutelle, accompagnement social : le service vous informe et vous oriente.
        Quand gérer son argent devient trop difficile, une mesure d'accompagnement peut aider.
        # details
        Les familles sont informées sur le rôle de tuteur ou de curateur familial.
        La demande au juge des contentieux de la protection est expliquée pas à pas.
        La MASP aide à gérer les prestations sociales et à payer le loyer en priorité.
        """,
        tous_publics=0.4,
        distance=0.4,
    ),
    offre(
        "secours-urgence",
        [Thematique.DIFFICULTES_FINANCIERES__PREVENIR_UNE_DEGRADATION_DE_LA_SITUATION_FINANCIERE],
        [Thematique.EQUIPEMENT_ET_ALIMENTATION__ALIMENTATION],
        [TypeService.AIDE_FINANCIERE],
        _PRECAIRES,
        """
        # noms
        Aides financières d'urgence
        Aides facultatives et secours
        # accroches
        Une aide financière d'urgence peut vous être accordée face à une dépense imprévue.
        Le centre communal d'action sociale attribue des aides facultatives aux habitants.
        # details
        Les aides concernent l'alimentation, l'énergie, la cantine ou les frais de santé.
        La demande est instruite par un travailleur social, avec vos justificatifs de ressources.
        Des chèques d'accompagnement personnalisé peuvent être remis le jour même.
        # conditions
        Résider dans la commune ; justificatifs de ressources demandés.
        """,
        tous_publics=0.4,
        distance=0.05,
    ),
    offre(
        "microcredit",
        [Thematique.DIFFICULTES_FINANCIERES__ACQUERIR_UNE_AUTONOMIE_BUDGETAIRE],
        [Thematique.MOBILITE__FINANCER_MA_MOBILITE],
        [TypeService.AIDE_FINANCIERE, TypeService.ACCOMPAGNEMENT],
        (Public.DEMANDEURS_EMPLOI, Public.ACTIFS, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
        """
        # noms
        Microcrédit personnel accompagné
        Prêt solidaire pour un projet d'insertion
        # accroches
        Le microcrédit personnel finance un projet utile à votre insertion quand la banque refuse.
        Un prêt de 300 à 8 000 € pour une voiture, une formation ou un équipement.
        # details
        Le dossier est monté avec un accompagnateur, puis présenté à une banque partenaire.
        Le remboursement est étalé sur six mois à cinq ans, à taux réduit.
        Le suivi continue pendant toute la durée du prêt.
        """,
        tous_publics=0.4,
        distance=0.5,
    ),
)
