"""French text pools for the synthetic dataset, and the shape of a service template.

A service template (``Offre``) is written as one text block with ``# section`` headers,
so the French prose stays readable and each sentence sits on its own line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from data_inclusion.schema.v1 import Public, ReseauPorteur, Thematique, TypeService

_SECTIONS = ("noms", "accroches", "details", "conditions", "frais")


@dataclass(frozen=True)
class Offre:
    """A kind of service: its vocabulary and the sentences its records are written from."""

    key: str
    themes: tuple[Thematique, ...]  # always there
    extras: tuple[Thematique, ...]  # zero to two of them added
    types: tuple[TypeService, ...]
    publics: tuple[Public, ...]  # preferred publics when not ``tous-publics``
    noms: tuple[str, ...]
    accroches: tuple[str, ...]  # opening sentence
    details: tuple[str, ...]
    conditions: tuple[str, ...]
    frais: tuple[str, ...]  # ``frais_precisions`` when paying
    tous_publics: float  # probability of ``tous-publics``
    distance: float  # probability of being offered remotely
    payant: float  # probability of ``payant`` (when frais is given)


def offre(
    key: str,
    themes: Sequence[Thematique],
    extras: Sequence[Thematique],
    types: Sequence[TypeService],
    publics: Sequence[Public],
    text: str,
    *,
    tous_publics: float = 0.65,
    distance: float = 0.25,
    payant: float = 0.03,
) -> Offre:
    """Build an ``Offre`` from a text block split by ``# section`` lines."""
    sections = split_sections(key, text, _SECTIONS)
    if not (sections["noms"] and sections["accroches"] and sections["details"]):
        raise ValueError(f"{key}: noms, accroches and details are required")
    return Offre(
        key=key,
        themes=tuple(themes),
        extras=tuple(extras),
        types=tuple(types),
        publics=tuple(publics),
        noms=tuple(sections["noms"]),
        accroches=tuple(sections["accroches"]),
        details=tuple(sections["details"]),
        conditions=tuple(sections["conditions"]),
        frais=tuple(sections["frais"]),
        tous_publics=tous_publics,
        distance=distance,
        payant=payant,
    )


def split_sections(name: str, text: str, allowed: Sequence[str]) -> dict[str, list[str]]:
    """The lines of a text block under each of its ``# section`` headers."""
    sections: dict[str, list[str]] = {section: [] for section in allowed}
    current: list[str] | None = None
    for line in lines(text):
        if line.startswith("# "):
            current = sections[line[2:]]
        elif current is None:
            raise ValueError(f"{name}: text before any section: {line!r}")
        else:
            current.append(line)
    return sections


@dataclass(frozen=True)
class Kind:
    slug: str
    poids: float  # relative share of structures
    noms: tuple[str, ...]
    offres: tuple[str, ...]
    descriptions: tuple[str, ...]
    reseaux: tuple[ReseauPorteur, ...] = ()
    population_min: int = 0  # placed in communes at least this big (when there are some)
    publics: tuple[Public, ...] = ()  # overrides the offers' preferred publics
    tous_publics: float | None = None  # overrides the offers' probability
    jour_et_nuit: bool = False


def kind(
    slug: str,
    poids: float,
    text: str,
    *,
    reseaux: tuple[ReseauPorteur, ...] = (),
    population_min: int = 0,
    publics: tuple[Public, ...] = (),
    tous_publics: float | None = None,
    jour_et_nuit: bool = False,
) -> Kind:
    """A kind from a text block with ``# noms``, ``# offres`` and ``# descriptions``."""
    sections = split_sections(slug, text, ("noms", "offres", "descriptions"))
    offres = tuple(" ".join(sections["offres"]).split())
    if not (sections["noms"] and offres and sections["descriptions"]):
        raise ValueError(f"{slug}: noms, offres and descriptions are required")
    return Kind(
        slug,
        poids,
        tuple(sections["noms"]),
        offres,
        tuple(sections["descriptions"]),
        reseaux,
        population_min,
        publics,
        tous_publics,
        jour_et_nuit,
    )


def lines(text: str) -> tuple[str, ...]:
    """The non-blank lines of a text block, stripped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


# Invented, generic names for associations and places (no network's trademark).
MOTS = lines("""
    Le Tremplin
    La Passerelle
    L'Escale
    La Boussole
    Horizon
    Trait d'Union
    Le Rebond
    L'Envol
    Cap Avenir
    La Clé
    Le Phare
    L'Archipel
    Les Tournesols
    La Main Tendue
    Le Fil d'Ariane
    Ricochet
    L'Éclaircie
    Les Saules
    Les Tilleuls
    Le Lien
    Entraide et Partage
    L'Étape
    La Courte Échelle
    Les Glycines
    L'Oasis
    Le Carrefour
    La Ruche
    Arc-en-Ciel
    Le Chemin
    La Source
    Les Alizés
    Le Cèdre
    L'Ancrage
    Les Lucioles
    La Boîte à Outils
    Cap Solidaire
    Le Jardin d'Idées
    La Marelle
    Les Hirondelles
    La Traverse
    Le Sillon
    Les Bruyères
    Le Grand Large
    Les Mimosas
    Le Tisserand
    La Bienvenue
    Les Coquelicots
    L'Amarre
    Le Trèfle
    La Clairière
    Les Marronniers
    Le Cerf-Volant
""")

TYPES_VOIE = (
    ("rue", 40),
    ("avenue", 10),
    ("place", 6),
    ("boulevard", 5),
    ("allée", 5),
    ("chemin", 5),
    ("impasse", 4),
    ("route", 5),
    ("quai", 2),
    ("cours", 2),
)

NOMS_VOIE = lines("""
    de la République
    Jean Jaurès
    Victor Hugo
    de la Gare
    des Écoles
    du Général de Gaulle
    Pasteur
    de l'Église
    des Lilas
    du Moulin
    de la Mairie
    Jean Moulin
    Gambetta
    de la Liberté
    du 8 Mai 1945
    des Tilleuls
    Louise Michel
    Simone Veil
    de Verdun
    du Stade
    des Acacias
    de la Paix
    Émile Zola
    Marie Curie
    Jules Ferry
    de la Fontaine
    du Marché
    des Jardins
    Aristide Briand
    Voltaire
    George Sand
    Lucie Aubrac
    des Peupliers
    du Château
    de la Poste
    Olympe de Gouges
    du Port
    des Vignes
    de l'Hôtel de Ville
    Paul Éluard
    Joséphine Baker
    des Prés
    du Commerce
    Anatole France
    de la Résistance
""")

COMPLEMENTS = lines("""
    Bâtiment B
    2e étage
    Rez-de-chaussée
    Entrée par la cour
    Résidence Les Tilleuls
    Maison des associations
    Porte 3
    Centre administratif
    1er étage, bureau 12
    Pôle social
    Entrée côté parking
""")

# Closing sentences of a description ({structure}, {commune}).
PRATIQUE = lines("""
    L'équipe de {structure} vous reçoit à {commune}, avec ou sans rendez-vous.
    Les permanences ont lieu dans nos locaux de {commune} ; pensez à appeler avant de venir.
    Un premier entretien permet de faire le point sur votre situation et vos besoins.
    L'accueil est confidentiel et bienveillant ; un interprète peut être sollicité.
    Vous pouvez venir seul ou accompagné de votre référent (travailleur social, conseiller).
    Les professionnels peuvent orienter une personne par courriel ou par téléphone.
    Le service travaille en lien avec les partenaires du territoire de {commune}.
    Un rendez-vous vous est proposé dans la semaine qui suit votre demande.
    Les locaux sont accessibles aux personnes à mobilité réduite.
    Nos bénévoles et salariés vous accompagnent pas à pas, à votre rythme.
""")

DISTANCE = lines("""
    Le service est aussi proposé à distance, par téléphone ou en visioconférence.
    Les entretiens peuvent se faire à distance si vous ne pouvez pas vous déplacer.
    Un accompagnement à distance (téléphone, visio, messagerie) est possible.
""")

MOBILISATION_PRECISIONS = lines("""
    Prise de rendez-vous par téléphone ou directement à l'accueil.
    Orientation par un travailleur social, un conseiller France Travail ou une Mission locale.
    Inscription préalable obligatoire, places limitées.
    Les professionnels envoient une fiche de liaison par courriel.
    Accueil sans rendez-vous pendant les heures d'ouverture.
    Contacter le service pour connaître les prochaines dates.
""")

PUBLICS_PRECISIONS = lines("""
    Personnes résidant sur le territoire d'intervention.
    Priorité aux personnes orientées par un travailleur social.
    Jeunes de 16 à 25 ans révolus.
    Personnes de plus de 26 ans éloignées de l'emploi.
    Sur orientation du Département pour les bénéficiaires du RSA.
    Femmes seules ou avec enfants.
""")

# Opening hours (OSM ``opening_hours``): days x times, sometimes a Saturday and PH off.
JOURS = (
    ("Mo-Fr", 45),
    ("Mo-Th", 10),
    ("Tu-Fr", 8),
    ("Mo,Tu,Th,Fr", 8),
    ("Mo,We,Fr", 6),
    ("Tu,Th", 6),
    ("We", 3),
    ("Mo-Sa", 4),
)
HEURES = (
    ("09:00-12:00,14:00-17:00", 35),
    ("08:30-12:30,13:30-17:00", 20),
    ("09:00-12:30", 10),
    ("13:30-17:30", 8),
    ("09:00-17:00", 12),
    ("10:00-12:00,14:00-18:00", 10),
    ("08:45-12:15,13:45-17:15", 5),
)
SAMEDI = ("Sa 09:00-12:00", "Sa 10:00-12:30", "Sa 09:30-12:00")
