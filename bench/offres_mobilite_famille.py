"""Service templates: mobility, childcare and family."""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, Thematique, TypeService

from bench.textes import Offre, offre

_EMPLOI = (Public.DEMANDEURS_EMPLOI, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.JEUNES)

OFFRES: tuple[Offre, ...] = (
    offre(
        "permis",
        [Thematique.MOBILITE__PREPARER_UN_PERMIS],
        [
            Thematique.MOBILITE__FINANCER_MA_MOBILITE,
            Thematique.LECTURE_ECRITURE_CALCUL__MAITRISER_LE_FRANCAIS,
        ],
        [TypeService.FORMATION, TypeService.ACCOMPAGNEMENT],
        (*_EMPLOI, Public.RESIDENTS_QPV_FRR),
        """
        # noms
        Préparation au permis B en auto-école sociale
        Code de la route et conduite à tarif solidaire
        Permis de conduire : accompagnement renforcé
        # accroches
        L'auto-école sociale prépare au permis B les personnes pour qui la voiture est un frein.
        Vous avez besoin du permis pour travailler ? L'auto-école sociale vous y prépare.
        # details
        Les cours de code se font en petit groupe, avec des supports adaptés.
        Les leçons de conduite sont facturées selon vos ressources.
        Un moniteur vous suit du premier cours de code jusqu'à l'examen.
        Le financement du permis peut être monté avec votre conseiller (CPF, aides locales).
        Un module est proposé aux personnes qui ne maîtrisent pas bien le français écrit.
        # conditions
        Avoir un projet professionnel nécessitant le permis.
        # frais
        Participation de 1 à 5 € par heure de conduite selon les ressources.
        Forfait code de 30 €, leçons à tarif solidaire.
        """,
        tous_publics=0.3,
        distance=0.05,
        payant=0.6,
    ),
    offre(
        "garage-solidaire",
        [Thematique.MOBILITE__ENTRETENIR_REPARER_SON_VEHICULE],
        [Thematique.MOBILITE__ACCEDER_A_UN_VEHICULE],
        [TypeService.AIDE_MATERIELLE, TypeService.ATELIER],
        (*_EMPLOI, Public.ACTIFS),
        """
        # noms
        Garage solidaire : entretien et réparation
        Réparation de véhicules à prix solidaire
        Atelier mécanique solidaire
        # accroches
        Le garage solidaire entretient et répare votre véhicule à prix réduit.
        Votre voiture est en panne et vous en avez besoin pour travailler ? Le garage la répare.
        # details
        Les pièces sont facturées au prix coûtant, la main-d'œuvre selon vos ressources.
        Vous pouvez participer à la réparation aux côtés d'un mécanicien, en autoréparation.
        Un devis gratuit est établi avant toute intervention.
        Le garage prépare aussi le passage au contrôle technique.
        Des véhicules d'occasion révisés sont parfois proposés à la vente.
        # frais
        Main-d'œuvre à 15 € de l'heure, pièces au prix coûtant.
        Adhésion annuelle de 10 € puis tarifs solidaires.
        """,
        tous_publics=0.4,
        distance=0.0,
        payant=0.75,
    ),
    offre(
        "location-vehicule",
        [Thematique.MOBILITE__ACCEDER_A_UN_VEHICULE],
        [
            Thematique.MOBILITE__UTILISER_DES_SERVICES_DE_MOBILITE_DOUCE_PARTAGEE_COLLECTIVE,
            Thematique.MOBILITE__FINANCER_MA_MOBILITE,
        ],
        [TypeService.AIDE_MATERIELLE],
        (*_EMPLOI, Public.ACTIFS),
        """
        # noms
        Location solidaire de voitures, scooters et vélos
        Prêt de véhicule pour aller travailler
        Location de deux-roues pour l'emploi
        # accroches
        Pour vous rendre à un emploi ou à une formation, louez un véhicule à petit prix.
        La location solidaire met à disposition voitures, scooters et vélos électriques.
        # details
        La location est possible pour quelques jours ou jusqu'à trois mois.
        L'assurance et l'entretien du véhicule sont compris dans le tarif.
        Un casque et un antivol sont fournis avec chaque deux-roues.
        La location peut être prise en charge par une aide à la mobilité.
        # conditions
        Justifier d'un emploi, d'une formation ou d'un entretien d'embauche.
        # frais
        À partir de 2 € par jour pour un vélo, 6 € pour une voiture.
        """,
        tous_publics=0.3,
        distance=0.0,
        payant=0.7,
    ),
    offre(
        "conseil-mobilite",
        [Thematique.MOBILITE__ETRE_ACCOMPAGNE_DANS_SON_PARCOURS_MOBILITE],
        [
            Thematique.MOBILITE__FINANCER_MA_MOBILITE,
            Thematique.MOBILITE__UTILISER_DES_SERVICES_DE_MOBILITE_DOUCE_PARTAGEE_COLLECTIVE,
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        _EMPLOI,
        """
        # noms
        Conseil en mobilité
        Bilan de compétences mobilité
        Accompagnement vers la mobilité
        # accroches
        Un conseiller mobilité fait le point avec vous sur vos déplacements et vos solutions.
        Se déplacer pour travailler est difficile ? Faisons ensemble un bilan mobilité.
        # details
        Vous apprenez à utiliser les transports en commun et à préparer un trajet.
        Le conseiller recherche avec vous covoiturage, transport à la demande ou vélo.
        Les aides au permis, au carburant ou à l'achat d'un véhicule sont étudiées.
        Des sorties collectives permettent de s'entraîner à prendre le bus ou le train.
        """,
        tous_publics=0.4,
        distance=0.4,
    ),
    offre(
        "aide-mobilite",
        [Thematique.MOBILITE__FINANCER_MA_MOBILITE],
        [Thematique.MOBILITE__PREPARER_UN_PERMIS, Thematique.MOBILITE__ACCEDER_A_UN_VEHICULE],
        [TypeService.AIDE_FINANCIERE],
        (Public.DEMANDEURS_EMPLOI, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
        """
        # noms
        Aide financière à la mobilité
        Aide au permis de conduire et aux déplacements
        Coup de pouce mobilité
        # accroches
        Une aide financière peut couvrir vos frais de déplacement vers un emploi ou une formation.
        Le financement du permis, du carburant ou d'une réparation peut être pris en charge.
        # details
        L'aide concerne les trajets, l'hébergement près du lieu de travail ou le permis.
        Le montant dépend de la distance et de votre situation.
        La demande est instruite en quelques jours avec votre conseiller.
        Un microcrédit peut compléter l'aide pour acheter un véhicule.
        # conditions
        Reprise d'emploi, entrée en formation ou entretien d'embauche justifiés.
        """,
        tous_publics=0.25,
        distance=0.5,
    ),
    offre(
        "velo-ecole",
        [Thematique.MOBILITE__UTILISER_DES_SERVICES_DE_MOBILITE_DOUCE_PARTAGEE_COLLECTIVE],
        [Thematique.MOBILITE__ETRE_ACCOMPAGNE_DANS_SON_PARCOURS_MOBILITE],
        [TypeService.ATELIER, TypeService.FORMATION],
        (Public.FEMMES, Public.PERSONNES_EXILEES, Public.RESIDENTS_QPV_FRR),
        """
        # noms
        Vélo-école : apprendre à se déplacer à vélo
        Atelier vélo solidaire
        Remise en selle et autoréparation de vélos
        # accroches
        La vélo-école apprend aux adultes à faire du vélo en ville, en toute sécurité.
        L'atelier vélo vous aide à remettre en état un vélo et à l'utiliser au quotidien.
        # details
        Les séances ont lieu en petit groupe sur un espace protégé puis sur la route.
        Vélos et casques sont prêtés pendant la formation.
        Vous apprenez les gestes de base de l'entretien : crevaison, freins, chaîne.
        Des vélos reconditionnés sont proposés à petit prix en fin de parcours.
        """,
        distance=0.0,
        payant=0.2,
    ),
    offre(
        "creche-avip",
        [Thematique.FAMILLE__GARDE_DENFANTS],
        [
            Thematique.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI,
            Thematique.SE_FORMER__TROUVER_SA_FORMATION,
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.AIDE_MATERIELLE],
        (Public.FAMILLES, Public.DEMANDEURS_EMPLOI, Public.FEMMES),
        """
        # noms
        Crèche à vocation d'insertion professionnelle
        Places en crèche pour parents en recherche d'emploi
        Garde d'enfants et accompagnement vers l'emploi
        # accroches
        La crèche réserve des places aux enfants de parents en recherche d'emploi.
        Faire garder votre enfant pour chercher un emploi : la crèche AVIP vous accueille.
        # details
        Votre enfant de moins de trois ans est accueilli pendant vos démarches.
        En échange, vous êtes accompagné vers l'emploi ou la formation.
        La garde d'enfants est assurée jusqu'à six mois après la reprise d'emploi.
        Le tarif suit le barème de la CAF, selon vos revenus.
        # conditions
        Être parent d'un enfant de moins de 3 ans et en recherche active d'emploi.
        # frais
        Tarif horaire selon le barème national de la CAF.
        """,
        tous_publics=0.2,
        distance=0.0,
        payant=0.8,
    ),
    offre(
        "garde-ponctuelle",
        [Thematique.FAMILLE__GARDE_DENFANTS],
        [Thematique.FAMILLE__SOUTIEN_A_LA_PARENTALITE_ET_A_LEDUCATION],
        [TypeService.INFORMATION, TypeService.AIDE_MATERIELLE],
        (Public.FAMILLES, Public.FEMMES),
        """
        # noms
        Garde d'enfants ponctuelle
        Halte-garderie solidaire
        Solutions de garde d'enfants pour un entretien ou une formation
        # accroches
        Besoin de faire garder vos enfants pour un entretien d'embauche ou une formation ?
        La halte-garderie accueille vos enfants quelques heures ou quelques demi-journées.
        # details
        Les enfants sont accueillis de 3 mois à 6 ans par des professionnelles de la petite enfance.
        Des places d'urgence sont réservées aux parents qui reprennent un emploi.
        Le service vous informe aussi sur les assistantes maternelles et les crèches proches.
        Les horaires atypiques (tôt le matin, le soir) peuvent être étudiés.
        # frais
        Tarif modulé selon le quotient familial.
        """,
        distance=0.05,
        payant=0.5,
    ),
    offre(
        "parentalite",
        [Thematique.FAMILLE__SOUTIEN_A_LA_PARENTALITE_ET_A_LEDUCATION],
        [Thematique.FAMILLE__GARDE_DENFANTS, Thematique.REMOBILISATION__LIEN_SOCIAL],
        [TypeService.ATELIER, TypeService.ACCOMPAGNEMENT],
        (Public.FAMILLES,),
        """
        # noms
        Ateliers parents-enfants
        Soutien à la parentalité
        Café des parents
        # accroches
        Les ateliers parents-enfants sont un temps d'échange et de jeu, sans jugement.
        Vous vous posez des questions sur l'éducation de vos enfants ? Venez en parler.
        # details
        Une éducatrice de jeunes enfants anime chaque rencontre.
        Les thèmes sont choisis avec les parents : sommeil, écrans, scolarité, adolescence.
        Un accompagnement individuel est possible en cas de difficulté.
        Les enfants sont pris en charge pendant les groupes de parole.
        """,
        distance=0.15,
    ),
    offre(
        "violences",
        [Thematique.FAMILLE__SURMONTER_CONFLITS_SEPARATION_VIOLENCE],
        [
            Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__CONNAITRE_SES_DROITS_FACE_A_UNE_DISCRIMINATION,
            Thematique.LOGEMENT_HEBERGEMENT__RECHERCHER_UNE_SOLUTION_DHEBERGEMENT_TEMPORAIRE,
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (Public.FEMMES, Public.FAMILLES, Public.PERSONNES_EN_SITUATION_D_URGENCE),
        """
        # noms
        Écoute et accompagnement des victimes de violences conjugales
        Violences au sein du couple : accueil et accompagnement
        Permanence d'aide aux victimes de violences
        # accroches
        Vous subissez des violences au sein du couple ? Une équipe vous écoute et vous accompagne.
        Violences physiques, psychologiques ou économiques : vous n'êtes pas seule, parlons-en.
        # details
        Une juriste vous informe sur vos droits : plainte, ordonnance de protection, garde.
        Une mise à l'abri peut être organisée en urgence avec les partenaires.
        Les entretiens sont confidentiels et peuvent se faire sans rendez-vous.
        Les enfants exposés aux violences peuvent être accompagnés par une psychologue.
        """,
        tous_publics=0.4,
        distance=0.5,
    ),
    offre(
        "mediation-familiale",
        [Thematique.FAMILLE__SURMONTER_CONFLITS_SEPARATION_VIOLENCE],
        [Thematique.FAMILLE__SOUTIEN_A_LA_PARENTALITE_ET_A_LEDUCATION],
        [TypeService.ACCOMPAGNEMENT],
        (Public.FAMILLES,),
        """
        # noms
        Médiation familiale
        Accompagnement lors d'une séparation
        # accroches
        La médiation familiale aide à renouer le dialogue lors d'une séparation ou d'un conflit.
        Séparation, conflit entre parents et adolescents : un médiateur vous aide à vous entendre.
        # details
        Un premier entretien d'information gratuit permet de découvrir la démarche.
        Les séances suivantes sont payées selon le barème national, en fonction des revenus.
        Les accords trouvés (garde, pension, vacances) peuvent être homologués par le juge.
        Des espaces de rencontre permettent de maintenir le lien entre parents et enfants.
        # frais
        Participation par séance selon le barème de la CAF, de 2 à 131 €.
        """,
        tous_publics=0.5,
        distance=0.3,
        payant=0.5,
    ),
    offre(
        "aidants",
        [Thematique.FAMILLE__SOUTIEN_AIDANTS],
        [Thematique.FAMILLE__PRISE_EN_CHARGE_PERSONNE_DEPENDANTE, Thematique.SANTE__SANTE_MENTALE],
        [TypeService.ATELIER, TypeService.INFORMATION],
        (Public.SENIORS, Public.FAMILLES, Public.ACTIFS),
        """
        # noms
        Soutien aux aidants familiaux
        Café des aidants
        Solutions de répit pour les proches aidants
        # accroches
        Vous accompagnez un proche malade, âgé ou handicapé ? Vous n'êtes pas seul.
        Le café des aidants réunit chaque mois les proches aidants autour d'un professionnel.
        # details
        Vous êtes informé sur le congé de proche aidant et les aides possibles.
        Des solutions de répit sont proposées : accueil de jour, séjours, relais à domicile.
        Une psychologue anime des groupes de parole.
        """,
        distance=0.4,
    ),
    offre(
        "personne-dependante",
        [Thematique.FAMILLE__PRISE_EN_CHARGE_PERSONNE_DEPENDANTE],
        [
            Thematique.EQUIPEMENT_ET_ALIMENTATION__AIDE_MENAGERE,
            Thematique.EQUIPEMENT_ET_ALIMENTATION__ALIMENTATION,
        ],
        [TypeService.AIDE_MATERIELLE, TypeService.ACCOMPAGNEMENT],
        (Public.SENIORS, Public.PERSONNES_EN_SITUATION_DE_HANDICAP),
        """
        # noms
        Portage de repas et aide à domicile
        Accompagnement des personnes âgées à domicile
        # accroches
        Le service aide les personnes âgées ou dépendantes à rester chez elles.
        Repas livrés, aide à domicile, téléassistance : des solutions pour vivre chez soi.
        # details
        Les repas sont livrés du lundi au vendredi, avec des menus adaptés.
        Un dossier d'allocation personnalisée d'autonomie peut être constitué avec vous.
        Une visite à domicile évalue les besoins de la personne et de sa famille.
        # frais
        Participation selon les revenus ; prise en charge possible par l'APA.
        """,
        tous_publics=0.2,
        distance=0.05,
        payant=0.5,
    ),
)
