"""Service templates: housing and health."""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, Thematique, TypeService

from bench.textes import Offre, offre

OFFRES: tuple[Offre, ...] = (
    offre(
        "hebergement-urgence",
        [Thematique.LOGEMENT_HEBERGEMENT__RECHERCHER_UNE_SOLUTION_DHEBERGEMENT_TEMPORAIRE],
        [Thematique.SANTE__ACCES_AUX_SOINS, Thematique.EQUIPEMENT_ET_ALIMENTATION__ALIMENTATION],
        [TypeService.AIDE_MATERIELLE, TypeService.ACCOMPAGNEMENT],
        (Public.PERSONNES_EN_SITUATION_D_URGENCE, Public.FEMMES, Public.PERSONNES_EXILEES),
        """
        # noms
        Hébergement d'urgence
        Accueil de nuit et mise à l'abri
        Hébergement temporaire et accompagnement social
        # accroches
        Le centre propose un hébergement d'urgence aux personnes sans solution pour la nuit.
        Sans logement ? Le centre vous met à l'abri et vous accompagne vers une solution durable.
        # details
        Les places sont attribuées par le 115, joignable jour et nuit.
        Un repas du soir, une douche et un petit-déjeuner sont proposés.
        Un travailleur social aide à ouvrir les droits et à chercher un logement.
        Les animaux de compagnie sont acceptés dans certaines chambres.
        Des places sont réservées aux femmes seules et aux familles.
        # conditions
        Orientation par le 115 ou le SIAO.
        """,
        tous_publics=0.3,
        distance=0.0,
    ),
    offre(
        "acces-logement",
        [Thematique.LOGEMENT_HEBERGEMENT__SINFORMER_SUR_LES_DEMARCHES_LIEES_A_LACCES_AU_LOGEMENT],
        [
            Thematique.LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT,
            Thematique.LOGEMENT_HEBERGEMENT__CHANGER_DE_LOGEMENT,
        ],
        [TypeService.INFORMATION, TypeService.ACCOMPAGNEMENT],
        (Public.FAMILLES, Public.JEUNES, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
        """
        # noms
        Aide à la demande de logement social
        Permanence logement
        Accompagnement vers le logement
        # accroches
        La permanence logement vous aide à déposer et suivre votre demande de logement social.
        Trouver un logement adapté à vos ressources : un conseiller vous accompagne.
        # details
        Le conseiller vérifie votre dossier et vos pièces justificatives.
        Vous êtes informé sur les aides au logement (APL, dépôt de garantie, garantie Visale).
        Le recours DALO peut être préparé si votre demande reste sans réponse.
        Des visites de logements sont préparées avec vous.
        """,
        distance=0.4,
    ),
    offre(
        "maintien-logement",
        [Thematique.LOGEMENT_HEBERGEMENT__SE_MAINTENIR_DANS_LE_LOGEMENT],
        [
            Thematique.LOGEMENT_HEBERGEMENT__REDUIRE_LES_IMPAYES_DE_LOYER,
            Thematique.DIFFICULTES_FINANCIERES__PREVENIR_UNE_DEGRADATION_DE_LA_SITUATION_FINANCIERE,
        ],
        [TypeService.ACCOMPAGNEMENT],
        (Public.FAMILLES, Public.SENIORS, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
        """
        # noms
        Prévention des expulsions locatives
        Accompagnement social lié au logement
        # accroches
        Vous risquez de perdre votre logement ? Agissez tôt, des solutions existent.
        L'accompagnement social lié au logement aide à s'installer et à rester chez soi.
        # details
        Un plan d'apurement de la dette peut être négocié avec le bailleur.
        Une demande au fonds de solidarité logement (FSL) peut être déposée.
        Le travailleur social vous accompagne jusqu'à l'audience si nécessaire.
        Des conseils sont donnés pour réduire les factures d'énergie.
        """,
        tous_publics=0.5,
        distance=0.25,
    ),
    offre(
        "impayes-loyer",
        [Thematique.LOGEMENT_HEBERGEMENT__REDUIRE_LES_IMPAYES_DE_LOYER],
        [Thematique.DIFFICULTES_FINANCIERES__AMELIORER_SA_GESTION_BUDGETAIRE],
        [TypeService.AIDE_FINANCIERE, TypeService.ACCOMPAGNEMENT],
        (Public.FAMILLES, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
        """
        # noms
        Aide aux impayés de loyer et d'énergie
        Secours pour dettes de loyer
        # accroches
        Une aide financière ponctuelle peut régler une partie de vos impayés de loyer.
        Loyer, électricité, eau : le service vous aide à faire face à une dette de logement.
        # details
        La demande est étudiée en commission chaque mois.
        Un budget est établi avec vous pour éviter de nouveaux impayés.
        L'aide est versée directement au bailleur ou au fournisseur.
        """,
        distance=0.3,
    ),
    offre(
        "accession",
        [Thematique.LOGEMENT_HEBERGEMENT__ACHETER_UN_LOGEMENT],
        [Thematique.LOGEMENT_HEBERGEMENT__CHANGER_DE_LOGEMENT],
        [TypeService.INFORMATION],
        (Public.FAMILLES, Public.ACTIFS),
        """
        # noms
        Conseil en accession sociale à la propriété
        Devenir propriétaire avec un petit budget
        # accroches
        Un conseiller vous informe gratuitement sur l'accession sociale à la propriété.
        Acheter un logement avec des revenus modestes : prêts aidés, location-accession, aides.
        # details
        Le conseiller simule votre capacité d'emprunt et les mensualités.
        Le prêt à taux zéro et le bail réel solidaire sont expliqués.
        Des réunions d'information ont lieu chaque trimestre.
        """,
        tous_publics=0.8,
        distance=0.6,
    ),
    offre(
        "logement-jeunes",
        [Thematique.LOGEMENT_HEBERGEMENT__LOUER_UN_LOGEMENT],
        [
            Thematique.LOGEMENT_HEBERGEMENT__CHANGER_DE_LOGEMENT,
            Thematique.LOGEMENT_HEBERGEMENT__SINFORMER_SUR_LES_DEMARCHES_LIEES_A_LACCES_AU_LOGEMENT,
        ],
        [TypeService.AIDE_MATERIELLE, TypeService.INFORMATION],
        (Public.JEUNES, Public.ETUDIANTS, Public.ACTIFS),
        """
        # noms
        Logements pour jeunes travailleurs
        Résidence jeunes : logements meublés
        # accroches
        La résidence propose des logements meublés aux jeunes en emploi, en stage ou en formation.
        Un emploi ou une formation loin de chez vous ? La résidence vous loge pour démarrer.
        # details
        Les logements sont loués pour quelques semaines à deux ans.
        Le loyer est calculé après déduction de l'aide au logement.
        Un accompagnement est proposé pour le budget et les démarches.
        # frais
        Redevance mensuelle selon le logement, APL déduite.
        """,
        tous_publics=0.2,
        distance=0.15,
        payant=0.5,
    ),
    offre(
        "acces-soins",
        [Thematique.SANTE__ACCES_AUX_SOINS],
        [
            Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (
            Public.PERSONNES_EN_SITUATION_D_URGENCE,
            Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX,
            Public.JEUNES,
        ),
        """
        # noms
        Accès aux soins et à la santé
        Bilan de santé et ouverture des droits
        Permanence santé
        # accroches
        Vous n'avez pas de médecin ou pas de couverture santé ? Nous vous aidons à vous soigner.
        La permanence santé vous aide à accéder aux soins et à vos droits à l'Assurance maladie.
        # details
        L'infirmière reçoit sans rendez-vous et oriente vers les consultations adaptées.
        La complémentaire santé solidaire peut être demandée sur place.
        Un bilan de santé gratuit peut être réalisé.
        Vous êtes aidé pour trouver un médecin traitant.
        """,
        distance=0.2,
    ),
    offre(
        "sante-mentale",
        [Thematique.SANTE__SANTE_MENTALE],
        [Thematique.REMOBILISATION__BIEN_ETRE_CONFIANCE_EN_SOI],
        [TypeService.ACCOMPAGNEMENT],
        (Public.JEUNES, Public.PERSONNES_EN_SITUATION_D_URGENCE, Public.DEMANDEURS_EMPLOI),
        """
        # noms
        Point d'écoute psychologique
        Consultations de psychologue gratuites
        Soutien psychologique
        # accroches
        Un psychologue vous écoute, gratuitement et en toute confidentialité.
        Stress, isolement, découragement : parlez-en à un professionnel.
        # details
        Les premiers rendez-vous sont proposés sous quinze jours.
        Le psychologue peut vous orienter vers un centre médico-psychologique.
        Les consultations sont anonymes si vous le souhaitez.
        """,
        distance=0.45,
    ),
    offre(
        "addictions",
        [Thematique.SANTE__ADDICTIONS],
        [Thematique.SANTE__SANTE_MENTALE],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (
            Public.JEUNES,
            Public.PERSONNES_EN_SITUATION_D_URGENCE,
            Public.PERSONNES_EN_SITUATION_JURIDIQUE_SPECIFIQUE,
        ),
        """
        # noms
        Consultation addictions
        Accompagnement alcool, tabac, cannabis
        # accroches
        Une équipe de soignants accompagne les personnes en difficulté avec l'alcool ou les drogues.
        Vous voulez réduire ou arrêter une consommation ? Parlons-en, sans jugement.
        # details
        Les consultations sont gratuites et peuvent être anonymes.
        L'entourage peut aussi être reçu et conseillé.
        Du matériel de réduction des risques est distribué.
        """,
        tous_publics=0.6,
        distance=0.3,
    ),
    offre(
        "sante-sexuelle",
        [Thematique.SANTE__SANTE_SEXUELLE],
        [Thematique.SANTE__ACCES_AUX_SOINS],
        [TypeService.INFORMATION, TypeService.ACCOMPAGNEMENT],
        (Public.JEUNES, Public.FEMMES, Public.ETUDIANTS),
        """
        # noms
        Centre de santé sexuelle
        Dépistage et contraception
        # accroches
        Le centre de santé sexuelle propose contraception, dépistage et écoute, gratuitement.
        Dépistage des infections sexuellement transmissibles, sans ordonnance ni avance de frais.
        # details
        Les mineurs sont reçus sans autorisation parentale, en toute confidentialité.
        Une sage-femme répond à vos questions sur la contraception et la grossesse.
        Des interventions collectives sont proposées aux structures jeunesse.
        """,
        tous_publics=0.5,
        distance=0.15,
    ),
    offre(
        "mdph",
        [Thematique.SANTE__CONSTITUER_UN_DOSSIER_MDPH_INVALIDITE],
        [
            Thematique.DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES,
            Thematique.TROUVER_UN_EMPLOI__MAINTIEN_DANS_LEMPLOI,
        ],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (Public.PERSONNES_EN_SITUATION_DE_HANDICAP,),
        """
        # noms
        Aide au dossier MDPH
        Reconnaissance du handicap (RQTH, AAH)
        # accroches
        Constituer un dossier MDPH est complexe : un conseiller le remplit avec vous.
        Vous avez un problème de santé qui gêne votre travail ? La RQTH peut vous aider.
        # details
        Le conseiller explique l'AAH, la RQTH, la carte mobilité inclusion et la PCH.
        Le certificat médical et le projet de vie sont préparés ensemble.
        Vous êtes informé des délais et des recours possibles.
        """,
        tous_publics=0.2,
        distance=0.4,
    ),
)
