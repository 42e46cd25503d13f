"""Service templates: paperwork and rights, food and goods, remobilisation."""

from __future__ import annotations

from data_inclusion.schema.v1 import Public, Thematique, TypeService

from bench.textes import Offre, offre

_ADMIN = "DIFFICULTES_ADMINISTRATIVES_OU_JURIDIQUES__"
_DEMARCHES = Thematique[_ADMIN + "ACCOMPAGNEMENT_AUX_DEMARCHES_ADMINISTRATIVES"]
_DROITS = Thematique[_ADMIN + "ACCOMPAGNEMENT_POUR_LACCES_AUX_DROITS"]
_CITOYENNETE = Thematique[_ADMIN + "ACCOMPAGNEMENT_POUR_LACCES_A_LA_CITOYENNETE"]
_MESURE_ADAPTEE = Thematique[_ADMIN + "BENEFICIER_DUNE_MESURE_DACCOMPAGNEMENT_ADAPTE"]
_DISCRIMINATION = Thematique[_ADMIN + "CONNAITRE_SES_DROITS_FACE_A_UNE_DISCRIMINATION"]
_JUDICIAIRE = Thematique[_ADMIN + "PRENDRE_EN_COMPTE_UNE_PROBLEMATIQUE_JUDICIAIRE"]
_PRECAIRES = (Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.PERSONNES_EN_SITUATION_D_URGENCE)

OFFRES: tuple[Offre, ...] = (
    offre(
        "acces-droits",
        [_DROITS],
        [_DEMARCHES, Thematique.SANTE__ACCES_AUX_SOINS],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.FAMILLES, Public.SENIORS),
        """
        # noms
        Accès aux droits sociaux
        Permanence accès aux droits
        Simulation et ouverture des droits
        # accroches
        RSA, prime d'activité, APL, complémentaire santé : touchez-vous tous vos droits ?
        Un travailleur social étudie votre situation et vous aide à demander les aides.
        # details
        Une simulation est faite avec vous sur les sites officiels.
        Les dossiers sont préparés et envoyés avec vous.
        Le suivi se poursuit jusqu'à l'ouverture effective des droits.
        """,
        distance=0.3,
    ),
    offre(
        "demarches-administratives",
        [_DEMARCHES],
        [_DROITS, Thematique.NUMERIQUE__ACCEDER_A_DES_SERVICES_EN_LIGNE],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (Public.SENIORS, Public.PERSONNES_EXILEES),
        """
        # noms
        Accompagnement aux démarches administratives
        Aide aux papiers du quotidien
        # accroches
        Carte grise, retraite, impôts, santé, famille : un agent vous aide dans vos démarches.
        Un courrier incompréhensible ? Un dossier à remplir ? Venez avec vos papiers.
        # details
        Les agents sont formés par les grands opérateurs (CAF, Assurance maladie, impôts).
        Un ordinateur et un scanner sont disponibles en libre-service.
        Si votre demande est complexe, un rendez-vous est pris avec le bon interlocuteur.
        """,
        tous_publics=0.9,
        distance=0.25,
    ),
    offre(
        "domiciliation",
        [_DEMARCHES, _MESURE_ADAPTEE],
        [_DROITS],
        [TypeService.AIDE_MATERIELLE],
        (Public.PERSONNES_EN_SITUATION_D_URGENCE, Public.PERSONNES_EXILEES),
        """
        # noms
        Domiciliation administrative
        Adresse postale pour les personnes sans domicile
        # accroches
        La domiciliation donne une adresse pour recevoir le courrier et faire valoir vos droits.
        Sans domicile stable, vous pouvez obtenir une adresse administrative gratuite.
        # details
        L'attestation de domiciliation permet d'ouvrir des droits et un compte bancaire.
        Le courrier est conservé et remis sur présentation d'une pièce d'identité.
        Un entretien annuel permet de renouveler la domiciliation.
        """,
        tous_publics=0.3,
        distance=0.0,
    ),
    offre(
        "citoyennete",
        [_CITOYENNETE],
        [Thematique.LECTURE_ECRITURE_CALCUL__MAITRISER_LE_FRANCAIS, _DEMARCHES],
        [TypeService.ACCOMPAGNEMENT, TypeService.INFORMATION],
        (Public.PERSONNES_EXILEES,),
        """
        # noms
        Accompagnement des personnes étrangères
        Titre de séjour et naturalisation : permanence
        # accroches
        Titre de séjour, regroupement familial, naturalisation : une juriste vous informe.
        La permanence accompagne les personnes étrangères dans leurs démarches.
        # details
        Vous êtes aidé à prendre rendez-vous en préfecture et à réunir les pièces.
        Les valeurs de la République et la vie citoyenne sont présentées en atelier.
        Des interprètes bénévoles peuvent être présents.
        """,
        tous_publics=0.2,
        distance=0.25,
    ),
    offre(
        "discrimination",
        [_DISCRIMINATION],
        [_JUDICIAIRE],
        [TypeService.INFORMATION, TypeService.ACCOMPAGNEMENT],
        (Public.FEMMES, Public.PERSONNES_EN_SITUATION_DE_HANDICAP, Public.RESIDENTS_QPV_FRR),
        """
        # noms
        Permanence juridique gratuite
        Lutte contre les discriminations : écoute et conseil
        # accroches
        Un juriste vous reçoit gratuitement pour répondre à vos questions de droit.
        Refus d'embauche, de logement ou de service : vous avez peut-être subi une discrimination.
        # details
        Le juriste vous explique vos droits et les recours possibles.
        Un courrier ou une saisine du Défenseur des droits peut être préparé avec vous.
        Les questions de travail, de famille et de consommation sont aussi traitées.
        """,
        distance=0.5,
    ),
    offre(
        "justice",
        [_JUDICIAIRE],
        [_MESURE_ADAPTEE, Thematique.TROUVER_UN_EMPLOI__REPONDRE_A_DES_OFFRES_DEMPLOI],
        [TypeService.ACCOMPAGNEMENT],
        (Public.PERSONNES_EN_SITUATION_JURIDIQUE_SPECIFIQUE, Public.JEUNES),
        """
        # noms
        Accompagnement des personnes sortant de détention
        Préparer sa sortie de détention
        Suivi des personnes placées sous main de justice
        # accroches
        Le service prépare la sortie de détention : logement, droits, emploi.
        Vous êtes suivi par la justice (sursis, aménagement de peine) ? Un référent vous accompagne.
        # details
        Un référent coordonne les démarches avec le service pénitentiaire d'insertion.
        Les papiers d'identité et les droits sociaux sont rétablis dès la sortie.
        Le dossier d'aide juridictionnelle peut être rempli avec vous.
        Les travaux d'intérêt général peuvent être effectués dans nos ateliers.
        """,
        tous_publics=0.3,
        distance=0.25,
    ),
    offre(
        "aide-alimentaire",
        [Thematique.EQUIPEMENT_ET_ALIMENTATION__ALIMENTATION],
        [
            Thematique.EQUIPEMENT_ET_ALIMENTATION__HABILLEMENT,
            Thematique.REMOBILISATION__LIEN_SOCIAL,
        ],
        [TypeService.AIDE_MATERIELLE],
        (*_PRECAIRES, Public.FAMILLES),
        """
        # noms
        Aide alimentaire
        Distribution alimentaire
        Aide alimentaire et repas solidaires
        # accroches
        L'aide alimentaire propose chaque semaine des colis de produits frais et d'épicerie.
        Produits frais, épicerie, repas chauds : une aide alimentaire pour les foyers en difficulté.
        # details
        L'inscription se fait sur présentation de vos justificatifs de ressources.
        Des produits pour bébés et d'hygiène sont aussi distribués.
        Les bénévoles vous orientent vers les autres aides du territoire.
        Des ateliers cuisine à petit budget sont proposés chaque mois.
        # conditions
        Sur orientation d'un travailleur social ou après un entretien d'inscription.
        """,
        tous_publics=0.5,
        distance=0.0,
    ),
    offre(
        "epicerie-solidaire",
        [Thematique.EQUIPEMENT_ET_ALIMENTATION__ALIMENTATION],
        [Thematique.DIFFICULTES_FINANCIERES__AMELIORER_SA_GESTION_BUDGETAIRE],
        [TypeService.AIDE_MATERIELLE],
        (Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX, Public.FAMILLES, Public.ETUDIANTS),
        """
        # noms
        Épicerie solidaire
        Courses à petits prix à l'épicerie solidaire
        # accroches
        L'épicerie solidaire vend des produits alimentaires et d'hygiène à 10 à 30 % de leur prix.
        Faire ses courses comme ailleurs, mais moins cher : c'est l'épicerie solidaire.
        # details
        L'accès est accordé quelques mois, le temps de réaliser un projet (dette, permis, loyer).
        Les économies réalisées servent à votre projet, suivi par un travailleur social.
        Des ateliers cuisine et budget ont lieu chaque semaine.
        # frais
        Produits vendus entre 10 et 30 % du prix habituel.
        """,
        tous_publics=0.3,
        distance=0.0,
        payant=0.85,
    ),
    offre(
        "vestiaire",
        [Thematique.EQUIPEMENT_ET_ALIMENTATION__HABILLEMENT],
        [Thematique.EQUIPEMENT_ET_ALIMENTATION__ELECTROMENAGER],
        [TypeService.AIDE_MATERIELLE],
        _PRECAIRES,
        """
        # noms
        Vestiaire solidaire
        Tenue pour un entretien d'embauche
        # accroches
        Le vestiaire solidaire propose des vêtements pour toute la famille à petit prix.
        Une tenue adaptée pour votre entretien d'embauche, prêtée ou offerte.
        # details
        Les vêtements sont triés et en bon état, pour adultes et enfants.
        Un conseil en image peut accompagner la préparation d'un entretien.
        Des chaussures de sécurité et tenues de travail sont parfois disponibles.
        # frais
        Vêtements vendus entre 0,50 et 5 €.
        """,
        tous_publics=0.6,
        distance=0.0,
        payant=0.4,
    ),
    offre(
        "electromenager",
        [Thematique.EQUIPEMENT_ET_ALIMENTATION__ELECTROMENAGER],
        [
            Thematique.EQUIPEMENT_ET_ALIMENTATION__AIDE_MENAGERE,
            Thematique.REMOBILISATION__BENEVOLAT_ACTION_CITOYENNE,
        ],
        [TypeService.AIDE_MATERIELLE],
        _PRECAIRES,
        """
        # noms
        Électroménager et mobilier d'occasion
        Équipement de la maison à prix solidaire
        # accroches
        La ressourcerie vend électroménager, meubles et vaisselle révisés à prix solidaire.
        Vous emménagez ? Équipez votre logement avec du matériel de réemploi.
        # details
        Les appareils sont testés et garantis six mois.
        La livraison est possible sur le territoire pour un petit forfait.
        Des bons d'achat peuvent être remis par les travailleurs sociaux.
        # frais
        Prix solidaires ; gratuité sur bon d'un travailleur social.
        """,
        tous_publics=0.7,
        distance=0.0,
        payant=0.6,
    ),
    offre(
        "aide-menagere",
        [Thematique.EQUIPEMENT_ET_ALIMENTATION__AIDE_MENAGERE],
        [Thematique.FAMILLE__PRISE_EN_CHARGE_PERSONNE_DEPENDANTE],
        [TypeService.AIDE_MATERIELLE],
        (Public.SENIORS, Public.PERSONNES_EN_SITUATION_DE_HANDICAP, Public.FAMILLES),
        """
        # noms
        Aide ménagère à domicile
        Aide à l'entretien du logement
        # accroches
        Une aide ménagère intervient chez vous pour l'entretien du logement et du linge.
        Le service aide les personnes fragiles ou les familles débordées dans leur quotidien.
        # details
        Les heures sont financées en partie par la caisse de retraite ou le Département.
        Les intervenantes sont salariées et formées.
        Une évaluation à domicile définit le nombre d'heures nécessaires.
        # frais
        Participation horaire selon les revenus.
        """,
        tous_publics=0.3,
        distance=0.0,
        payant=0.6,
    ),
    offre(
        "lien-social",
        [Thematique.REMOBILISATION__LIEN_SOCIAL],
        [Thematique.REMOBILISATION__ACTIVITES_SPORTIVES_ET_CULTURELLES],
        [TypeService.ATELIER],
        (Public.SENIORS, Public.RESIDENTS_QPV_FRR, Public.FAMILLES),
        """
        # noms
        Café solidaire et temps conviviaux
        Rompre l'isolement
        # accroches
        Le café solidaire est un lieu ouvert à tous pour se retrouver, discuter et partager.
        Vous vous sentez isolé ? Rejoignez les temps conviviaux et les sorties du lieu.
        # details
        Jeux, repas partagés, jardin collectif : chacun participe comme il le souhaite.
        Des bénévoles accueillent et orientent vers les services utiles.
        Des visites de convivialité sont possibles à domicile.
        """,
        tous_publics=0.85,
        distance=0.05,
    ),
    offre(
        "confiance-soi",
        [Thematique.REMOBILISATION__BIEN_ETRE_CONFIANCE_EN_SOI],
        [
            Thematique.SANTE__SANTE_MENTALE,
            Thematique.PREPARER_SA_CANDIDATURE__VALORISER_SES_COMPETENCES,
        ],
        [TypeService.ATELIER],
        (Public.DEMANDEURS_EMPLOI, Public.FEMMES, Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX),
        """
        # noms
        Ateliers estime de soi
        Socio-esthétique et bien-être
        Reprendre confiance en soi
        # accroches
        Les ateliers estime de soi aident à reprendre confiance après une période difficile.
        Prendre soin de soi pour mieux rebondir : soins, sophrologie, théâtre.
        # details
        Les ateliers ont lieu en petit groupe, dans un cadre bienveillant.
        Une socio-esthéticienne propose des soins et des conseils en image.
        Le parcours peut déboucher sur un accompagnement vers l'emploi.
        """,
        tous_publics=0.4,
        distance=0.05,
    ),
    offre(
        "sport-culture",
        [Thematique.REMOBILISATION__ACTIVITES_SPORTIVES_ET_CULTURELLES],
        [Thematique.REMOBILISATION__LIEN_SOCIAL],
        [TypeService.ATELIER],
        (Public.JEUNES, Public.FAMILLES, Public.RESIDENTS_QPV_FRR),
        """
        # noms
        Sorties culturelles et activités sportives
        Sport et culture pour tous
        # accroches
        Musées, concerts, randonnées, sport collectif : des sorties à petit prix ou gratuites.
        Bouger et découvrir pour se remobiliser : le programme change chaque mois.
        # details
        Le transport est organisé au départ du centre.
        Des places de spectacle sont offertes par les partenaires culturels.
        Les séances de sport sont encadrées par un éducateur diplômé.
        """,
        tous_publics=0.7,
        distance=0.0,
        payant=0.2,
    ),
    offre(
        "benevolat",
        [Thematique.REMOBILISATION__BENEVOLAT_ACTION_CITOYENNE],
        [Thematique.REMOBILISATION__LIEN_SOCIAL],
        [TypeService.INFORMATION, TypeService.ATELIER],
        (Public.DEMANDEURS_EMPLOI, Public.SENIORS, Public.JEUNES),
        """
        # noms
        Devenir bénévole
        Engagement bénévole et citoyen
        # accroches
        Donner de son temps pour être utile et acquérir de l'expérience.
        Le bénévolat aide à garder un rythme, rencontrer du monde et valoriser ses compétences.
        # details
        Les missions sont variées : accueil, tri, jardin, accompagnement scolaire.
        Les compétences acquises peuvent être valorisées dans votre CV.
        Un entretien permet de trouver une mission qui vous correspond.
        """,
        tous_publics=0.8,
        distance=0.15,
    ),
)
