"""The words of the publication template (French, for the people who fill it in) and its
filled-in example. Used by build_template.py; the structures below are fictional."""

from __future__ import annotations

from importers.contract import RecordKind

LISEZ_MOI = (
    "Modèle de publication de l'offre d'insertion — Maillage",
    "Ce classeur sert à publier en une fois les structures et les services que vous "
    "proposez (association, CCAS, PLIE, centre social…), au format national data·inclusion.",
    "1. Feuille « Structures » : une ligne par lieu d'accueil (nom, adresse, code postal, "
    "commune, contacts, horaires).",
    "2. Feuille « Services » : une ligne par service ; la colonne « Structure "
    "(identifiant) » dit quelle structure le propose (son identifiant, son SIRET ou son "
    "nom exact).",
    "Les colonnes sur fond jaune sont obligatoires. Passez la souris sur un en-tête pour "
    "lire ce qu'il attend.",
    "Listes (thématiques, publics, modes d'accueil…) : plusieurs valeurs séparées par des "
    "points-virgules, par exemple « Jeunes; Demandeurs d'emploi ». Les valeurs possibles "
    "sont dans les feuilles du même nom (libellé ou code, au choix).",
    "Dates : JJ/MM/AAAA. Coordonnées : virgule ou point décimal. Horaires : format "
    "OpenStreetMap, par exemple « Mo-Fr 09:00-12:00,14:00-17:00 » (aide : "
    "https://projets.pavie.info/yohours/).",
    "Ne renommez ni les feuilles ni les colonnes ; vous pouvez masquer ou laisser vides "
    "les colonnes facultatives.",
    "Gardez les mêmes identifiants d'une publication à l'autre : c'est ainsi qu'une fiche "
    "est mise à jour au lieu d'être créée en double.",
    "Vous préférez le CSV ? Utilisez modele-structures.csv et modele-services.csv "
    "(séparateur point-virgule, UTF-8).",
    "Un exemple rempli : exemple-publication.xlsx. Toutes les colonnes et valeurs : README.md.",
)

README_START = """
# Publier son offre d'insertion avec le modèle Maillage

*Ce fichier est produit par `build_template.py` à partir de
`data/mappings/modele/colonnes.csv` et des listes du schéma data·inclusion : modifiez
ceux-ci, puis relancez `.venv/bin/python data/templates/build_template.py`.*

Vous êtes une association, un CCAS, un PLIE, un centre social… et vous voulez faire
connaître vos services aux personnes qui accompagnent les demandeurs d'emploi (freins à
l'emploi : mobilité, garde d'enfants, logement, santé, numérique, français, argent,
démarches) ? Remplissez ce modèle et envoyez-le à l'équipe Maillage.

## Les fichiers

- `modele-publication.xlsx` : le modèle à remplir, avec ses feuilles « Structures » et
  « Services », l'aide (« Lisez-moi ») et les listes de valeurs (menus déroulants) ;
- `modele-structures.csv` et `modele-services.csv` : le même modèle en deux fichiers CSV
  (séparateur `;`, UTF-8), pour qui préfère un simple tableur ;
- `exemple-publication.xlsx` : un exemple rempli (structures fictives).

## Comment remplir

- **Une ligne par structure** (un lieu qui accueille du public) et **une ligne par
  service** (ce qui y est proposé). Un service dit quelle structure le propose dans la
  colonne « Structure (identifiant) » : son identifiant, son SIRET ou son nom, tels
  qu'écrits dans la feuille « Structures ».
- **Identifiants** : choisissez-les une fois pour toutes (`ccas-arles`,
  `ccas-arles--domiciliation`…) et ne les changez plus : à la publication suivante, la
  fiche est mise à jour au lieu d'être créée en double. Laissés vides, ils sont déduits
  du SIRET ou du nom (et changent donc si le nom change).
- **Listes** (thématiques, publics, modes d'accueil, modes de mobilisation…) : plusieurs
  valeurs séparées par des points-virgules (`Jeunes; Demandeurs d'emploi`). Écrivez le
  libellé ou le code, sans souci des majuscules ni des accents. Une catégorie
  (« Mobilité ») ne suffit pas : choisissez ses thématiques.
- **Dates** : `JJ/MM/AAAA`. Vide : la date d'enregistrement du fichier.
- **Coordonnées** (facultatives) : degrés décimaux, virgule ou point. Sans coordonnées,
  la structure est placée à sa commune (code postal + nom : « St », tirets, accents,
  CEDEX et arrondissements sont compris).
- **Horaires** : format OpenStreetMap (`Mo-Fr 09:00-12:00,14:00-17:00; PH off`), aide à
  la saisie : <https://projets.pavie.info/yohours/>.
- **Zone d'éligibilité** : codes INSEE de communes (`13004`), départements (`13`), SIREN
  d'intercommunalités (`241300417`) ou `France`. Vide : le service est ouvert à tous.
- Une ligne incomplète ou erronée n'empêche pas le reste d'être publié : le rapport
  d'import dit, ligne par ligne, ce qu'il faut corriger.

Les colonnes marquées **oui** sont obligatoires (sur fond jaune dans le classeur).
"""

README_END = """
## Pour l'équipe Maillage : importer un fichier reçu

```
.venv/bin/maillage import csv modele-rempli.xlsx --source ccas-arles
.venv/bin/maillage import csv dossier-avec-les-deux-csv/ --source ccas-arles
```

`--source` nomme l'émetteur (toujours le même pour lui) : c'est ce qui permet les mises à
jour. Ajoutez `--full` pour archiver ce que l'émetteur ne publie plus.
"""

_STRUCTURE_DATE = "15/09/2025"

EXAMPLE: dict[RecordKind, list[dict[str, str]]] = {
    "structure": [
        {
            "Identifiant de la structure": "roue-libre-arles",
            "Nom de la structure": "Association Roue Libre",
            "Description": "Association de mobilité solidaire du Pays d'Arles : garage "
            "solidaire, location de vélos et conseil en mobilité.",
            "Adresse": "12 rue du Docteur Fanton",
            "Code postal": "13200",
            "Commune": "Arles",
            "Téléphone": "04 90 00 12 34",
            "Courriel": "contact@roue-libre.example.org",
            "Site web": "https://roue-libre.example.org",
            "Horaires": "Mo-Fr 09:00-12:30,14:00-17:30",
            "Date de mise à jour": _STRUCTURE_DATE,
        },
        {
            "Nom de la structure": "Centre social Les Platanes",
            "Description": "Centre social de quartier : accueil, accès aux droits, "
            "ateliers de français et numériques.",
            "Adresse": "3 place du Marché",
            "Code postal": "13150",
            "Commune": "TARASCON",
            "Latitude": "43,8058",
            "Longitude": "4,6603",
            "Téléphone": "04 90 00 56 78",
            "Courriel": "accueil@les-platanes.example.org",
            "Horaires": "Mo-Fr 09:00-12:00,13:30-17:30",
        },
        {
            "Identifiant de la structure": "plie-delta-emploi",
            "Nom de la structure": "PLIE Delta Emploi",
            "Description": "Plan local pour l'insertion et l'emploi : un référent unique "
            "accompagne chaque participant jusqu'à l'emploi durable.",
            "Adresse": "8 avenue de la Gare",
            "Complément d'adresse": "1er étage",
            "Code postal": "13310",
            "Commune": "ST MARTIN DE CRAU",
            "Téléphone": "04 90 00 90 12",
            "Courriel": "contact@plie-delta.example.org",
            "Réseaux porteurs": "PLIE",
            "Date de mise à jour": _STRUCTURE_DATE,
        },
        {
            "Identifiant de la structure": "creche-les-petits-pas",
            "Nom de la structure": "Crèche Les Petits Pas",
            "Description": "Crèche à vocation d'insertion professionnelle : des places "
            "réservées aux parents en recherche d'emploi.",
            "Adresse": "21 rue de Mulhouse",
            "Code postal": "90000",
            "Commune": "Belfort",
            "Téléphone": "03 84 00 34 56",
            "Réseaux porteurs": "Crèches à vocation d'insertion professionnelle",
            "Horaires": "Mo-Fr 07:30-18:30",
        },
    ],
    "service": [
        {
            "Identifiant du service": "roue-libre-arles--garage-solidaire",
            "Structure (identifiant)": "roue-libre-arles",
            "Nom du service": "Garage solidaire",
            "Description": "Réparation et entretien de votre voiture ou de votre scooter "
            "au prix des pièces, main-d'œuvre offerte, pour aller travailler ou en "
            "formation.",
            "Type de service": "Aide matérielle",
            "Thématiques": "Entretenir et réparer son véhicule; Accéder à un véhicule",
            "Publics": "Demandeurs d'emploi; Bénéficiaires des minimas sociaux",
            "Frais": "Payant",
            "Précisions sur les frais": "Prix des pièces uniquement.",
            "Modes d'accueil": "En présentiel",
            "Zone d'éligibilité": "13",
            "Modes de mobilisation": "Se présenter; Téléphoner",
            "Mobilisable par": "Usagers; Professionnels",
        },
        {
            "Structure (identifiant)": "roue-libre-arles",
            "Nom du service": "Location de vélos à assistance électrique",
            "Description": "Un vélo à assistance électrique loué au mois pour se rendre "
            "au travail, avec un casque et un antivol.",
            "Type de service": "aide-materielle",
            "Thématiques": "Utiliser des services de mobilité douce, partagée ou collective",
            "Publics": "Jeunes, Demandeurs d’emploi",
            "Frais": "payant",
            "Précisions sur les frais": "10 € par mois.",
            "Modes d'accueil": "en-presentiel",
            "Mobilisable par": "Usagers",
        },
        {
            "Identifiant du service": "platanes--ecrivain-public",
            "Structure (identifiant)": "Centre social Les Platanes",
            "Nom du service": "Écrivain public et démarches en ligne",
            "Description": "Aide pour remplir un dossier, écrire un courrier ou faire une "
            "démarche en ligne (CAF, France Travail, impôts), sans rendez-vous.",
            "Type de service": "Accompagnement",
            "Thématiques": "Accompagnement aux démarches administratives; Accéder à des "
            "services en ligne",
            "Publics": "Tous publics",
            "Frais": "Gratuit",
            "Modes d'accueil": "En présentiel",
            "Modes de mobilisation": "Se présenter",
            "Mobilisable par": "Usagers; Professionnels",
            "Horaires": "Tu,Th 09:00-12:00",
        },
        {
            "Identifiant du service": "platanes--ateliers-francais",
            "Structure (identifiant)": "Centre social Les Platanes",
            "Nom du service": "Ateliers de français",
            "Description": "Ateliers en petit groupe pour parler, lire et écrire le "
            "français de la vie quotidienne et du travail.",
            "Type de service": "Atelier",
            "Thématiques": "Maîtriser le français",
            "Publics": "Personnes exilées; Femmes",
            "Frais": "Gratuit",
            "Modes d'accueil": "En présentiel",
            "Horaires": "Mo,Th 14:00-16:00",
            "Volume horaire hebdomadaire": "4",
            "Nombre de semaines": "30",
            "Date de mise à jour": "01/09/2025",
        },
        {
            "Identifiant du service": "plie-delta-emploi--accompagnement",
            "Structure (identifiant)": "plie-delta-emploi",
            "Nom du service": "Accompagnement renforcé vers l'emploi",
            "Description": "Un référent vous suit pendant tout votre parcours : projet "
            "professionnel, CV, candidatures, formation, puis six mois dans l'emploi.",
            "Type de service": "Accompagnement",
            "Thématiques": "Organiser ses démarches de recherche d'emploi; Réaliser un CV "
            "et/ou une lettre de motivation",
            "Publics": "Demandeurs d'emploi; Bénéficiaires des minimas sociaux",
            "Frais": "Gratuit",
            "Modes d'accueil": "En présentiel; À distance",
            "Zone d'éligibilité": "241300417",
            "Modes de mobilisation": "Téléphoner; Envoyer un courriel",
            "Mobilisable par": "Professionnels",
            "Précisions sur la mobilisation": "Sur orientation d'un conseiller France "
            "Travail, de la mission locale ou du département.",
        },
        {
            "Identifiant du service": "petits-pas--places-avip",
            "Structure (identifiant)": "creche-les-petits-pas",
            "Nom du service": "Places en crèche pour parents en recherche d'emploi",
            "Description": "Une place pour votre enfant de moins de 3 ans pendant votre "
            "recherche d'emploi ou votre formation, puis dans vos premiers mois en emploi.",
            "Type de service": "Aide matérielle",
            "Thématiques": "Garde d'enfants",
            "Publics": "Familles; Demandeurs d'emploi",
            "Frais": "Payant",
            "Précisions sur les frais": "Selon vos revenus (barème de la CAF).",
            "Modes d'accueil": "En présentiel",
            "Zone d'éligibilité": "90010",
            "Modes de mobilisation": "Téléphoner; Se présenter",
            "Mobilisable par": "Usagers; Professionnels",
        },
    ],
}
