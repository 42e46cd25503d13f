"""Drawing structures and services: the content of the synthetic dataset.

Every value comes from one ``random.Random``, in a fixed order, so a seed gives one
dataset. Lists are emitted in a stable order (never a set's).
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from bisect import bisect
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import Any, Generic, NamedTuple, TypeVar
from urllib.parse import quote

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    TypeService,
)

from bench import textes
from bench.kinds import KINDS, OFFRES
from bench.textes import Kind, Offre

T = TypeVar("T")


class Table(Generic[T]):
    """Items with relative weights, ready to be drawn from."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        pairs = list(pairs)
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))


# Dates are drawn within the two years before this fixed day (never "today": determinism).
REFERENCE_DATE = date(2026, 1, 1)
FRESHNESS_DAYS = 730
JITTER_METRES = 400.0  # well within the locator's tolerance around the stated commune
# ARCEP reserves 01 99 00 xx xx for fiction: +33 1 99 00 00 00 to +33 1 99 00 99 99.
PHONE_PREFIX = "+3319900"
DOMAIN = "example.org"
# Services per structure (mean ≈ 1.5).
SERVICE_COUNTS = Table(((1, 68), (2, 20), (3, 7), (4, 3), (5, 1), (6, 1)))
# Eligibility zones: none / commune / EPCI / département / france.
ZONES = Table((("aucune", 35), ("commune", 20), ("epci", 15), ("departement", 25), ("france", 5)))
PUBLICS_COUNT = Table(((1, 50), (2, 35), (3, 15)))
MOBILISABLE_PAR = Table(
    (
        ((PersonneMobilisatrice.PROFESSIONNELS, PersonneMobilisatrice.USAGERS), 50),
        ((PersonneMobilisatrice.PROFESSIONNELS,), 25),
        ((PersonneMobilisatrice.USAGERS,), 25),
    )
)
# Weekly hours and number of weeks, for workshops and training.
DURATIONS = {
    TypeService.ATELIER: ((1.5, 2, 3, 4), (1, 4, 8, 12)),
    TypeService.FORMATION: ((6, 12, 20, 30, 35), (2, 4, 8, 12, 24)),
}
EXTRA_THEMES = Table(((0, 45), (1, 40), (2, 15)))
_TYPES_VOIE = Table(textes.TYPES_VOIE)
_JOURS = Table(textes.JOURS)
_HEURES = Table(textes.HEURES)
OTHER_PUBLICS = tuple(p for p in Public if p is not Public.TOUS_PUBLICS)
_METRES_PER_DEGREE = 111_320.0  # of latitude


class Commune(NamedTuple):
    code: str
    nom: str  # for an arrondissement, its city's name ("Marseille"), as in addresses
    departement: str
    epci: str | None
    population: int
    codes_postaux: tuple[str, ...]
    longitude: float
    latitude: float
    parent_code: str | None


def _cumulative(weights: Iterable[float]) -> list[float]:
    return list(accumulate(weights))


@cache
def slug(value: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def de(nom: str) -> str:
    """French "of" + a place name: de Lyon, d'Arles, du Havre, des Mureaux."""
    if nom.startswith("Le "):
        return "du " + nom[3:]
    if nom.startswith("Les "):
        return "des " + nom[4:]
    if nom[0] in "AEIOUYÂÊÎÔÛÉÈ":
        return "d'" + nom
    return "de " + nom


class _Draw:
    """Weighted draws from one ``random.Random``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def weighted(self, table: Table[T]) -> T:
        return self.pick(table.items, table.cum)

    def pick(self, items: Sequence[T], cum: Sequence[float]) -> T:
        """One of ``items``, given their cumulative weights (one ``random()`` draw)."""
        return items[min(bisect(cum, self.rng.random() * cum[-1]), len(items) - 1)]

    def some(self, items: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(list(items), min(k, len(items)))

    def chance(self, p: float) -> bool:
        return self.rng.random() < p


class Generator:
    """Draws structures and their services, in order, from one seeded generator."""

    def __init__(self, communes: Sequence[Commune], seed: int, source: str) -> None:
        if not communes:
            raise ValueError("aucune commune habitée : la géographie est-elle chargée ?")
        self.rng = random.Random(seed)
        self.draw = _Draw(self.rng)
        self.source = source
        self.source_url = quote(source, safe="")
        self.kind_cum = _cumulative(k.poids for k in KINDS)
        # One population-weighted table per size threshold used by a kind.
        self.places: dict[int, tuple[list[Commune], list[float]]] = {}
        for minimum in sorted({k.population_min for k in KINDS}):
            big = [c for c in communes if c.population >= minimum] or list(communes)
            self.places[minimum] = (big, _cumulative(c.population for c in big))

    # -- small pieces ---------------------------------------------------------------------

    def _date(self) -> str:
        return (REFERENCE_DATE - timedelta(days=self.rng.randrange(FRESHNESS_DAYS))).isoformat()

    def _phone(self) -> str:
        return f"{PHONE_PREFIX}{self.rng.randrange(10_000):04d}"

    def _point(self, commune: Commune) -> tuple[float, float]:
        distance = JITTER_METRES * math.sqrt(self.rng.random())
        angle = self.rng.random() * 2 * math.pi
        dlat = distance * math.cos(angle) / _METRES_PER_DEGREE
        scale = _METRES_PER_DEGREE * math.cos(math.radians(commune.latitude))
        dlon = distance * math.sin(angle) / scale
        return round(commune.longitude + dlon, 6), round(commune.latitude + dlat, 6)

    def _address(self) -> tuple[str, str | None]:
        number = self.rng.randint(1, 180)
        bis = " bis" if self.draw.chance(0.04) else ""
        voie = self.draw.weighted(_TYPES_VOIE)
        street = f"{number}{bis} {voie} {self.rng.choice(textes.NOMS_VOIE)}"
        complement = self.rng.choice(textes.COMPLEMENTS) if self.draw.chance(0.15) else None
        return street, complement

    def _hours(self, jour_et_nuit: bool = False) -> str:
        if jour_et_nuit and self.draw.chance(0.5):
            return "24/7"
        days = self.draw.weighted(_JOURS)
        rule = f"{days} {self.draw.weighted(_HEURES)}"
        if "Sa" not in days and self.draw.chance(0.1):
            rule += "; " + self.rng.choice(textes.SAMEDI)
        if self.draw.chance(0.6):
            rule += "; PH off"
        return rule

    def _email(self, prefix: str, commune: Commune) -> str:
        return f"{prefix}.{slug(commune.nom)[:30].strip('-')}@{DOMAIN}"

    def _zone(self, commune: Commune) -> list[str] | None:
        zone = self.draw.weighted(ZONES)
        if zone == "commune":
            return [commune.parent_code or commune.code]
        if zone == "epci" and commune.epci:
            return [commune.epci]
        if zone in ("epci", "departement"):
            return [commune.departement]
        return ["france"] if zone == "france" else None

    # -- records --------------------------------------------------------------------------

    def structure(self, seq: int) -> tuple[dict[str, Any], Kind, Commune]:
        kind = self.draw.pick(KINDS, self.kind_cum)
        communes, cum = self.places[kind.population_min]
        commune = self.draw.pick(communes, cum)
        names = {"commune": commune.nom, "de_commune": de(commune.nom)}
        names["mot"] = self.rng.choice(textes.MOTS)
        nom = self.rng.choice(kind.noms).format(**names)
        description = None
        if self.draw.chance(0.8):
            description = self.rng.choice(kind.descriptions).format(**names)
        longitude, latitude = self._point(commune)
        adresse, complement = self._address()
        reseaux = None
        if kind.reseaux and self.draw.chance(0.9):
            k = self.rng.randint(1, len(kind.reseaux))
            reseaux = sorted(r.value for r in self.draw.some(kind.reseaux, k))
        record = {
            "source": self.source,
            "id": f"{self.source}--str-{seq:07d}",
            "nom": nom[:150],
            "date_maj": self._date(),
            "description": description,
            "lien_source": f"https://annuaire.{DOMAIN}/{self.source_url}/structures/{seq}",
            "siret": None,
            "commune": commune.nom,
            "code_postal": self.rng.choice(commune.codes_postaux)
            if commune.codes_postaux
            else None,
            "code_insee": commune.code,
            "adresse": adresse,
            "complement_adresse": complement,
            "longitude": longitude,
            "latitude": latitude,
            "telephone": self._phone() if self.draw.chance(0.85) else None,
            "courriel": (
                self._email(self.rng.choice(("contact", "accueil", kind.slug)), commune)
                if self.draw.chance(0.8)
                else None
            ),
            "site_web": f"https://www.{DOMAIN}/{slug(nom)[:60]}" if self.draw.chance(0.4) else None,
            "horaires_accueil": self._hours(kind.jour_et_nuit) if self.draw.chance(0.85) else None,
            "accessibilite_lieu": None,
            "reseaux_porteurs": reseaux,
        }
        return record, kind, commune

    def service_count(self) -> int:
        return self.draw.weighted(SERVICE_COUNTS)

    def offres(self, kind: Kind, count: int) -> list[Offre]:
        """``count`` offers of the kind, the first listed being the most likely."""
        pool = list(kind.offres)
        weights = [1 / (1 + 0.35 * i) for i in range(len(pool))]
        chosen: list[str] = []
        while len(chosen) < count:
            if not pool:
                chosen.append(self.rng.choice(kind.offres))
                continue
            index = self.draw.pick(range(len(pool)), _cumulative(weights))
            chosen.append(pool.pop(index))
            del weights[index]
        return [OFFRES[key] for key in chosen]

    def _publics(self, offre: Offre, kind: Kind) -> list[str]:
        tous = offre.tous_publics if kind.tous_publics is None else kind.tous_publics
        if self.draw.chance(tous):
            return [Public.TOUS_PUBLICS.value]
        preferred = kind.publics or offre.publics
        picked: set[Public] = set()
        for _ in range(self.draw.weighted(PUBLICS_COUNT)):
            pool = preferred if self.draw.chance(0.85) else OTHER_PUBLICS
            picked.add(self.rng.choice(pool))
        return [p.value for p in OTHER_PUBLICS if p in picked]

    def _pratique(self, structure: str, commune: str) -> str:
        return self.rng.choice(textes.PRATIQUE).format(structure=structure, commune=commune)

    def _description(self, offre: Offre, structure: str, commune: str, remote: bool) -> str:
        details = self.draw.some(offre.details, self.rng.choice((1, 2, 2, 3)))
        spare = [d for d in offre.details if d not in details]
        parts = [self.rng.choice(offre.accroches), *details]
        if remote:
            parts.append(self.rng.choice(textes.DISTANCE))
        parts.append(self._pratique(structure, commune))
        while len(" ".join(parts)) < 200:
            filler = spare.pop(0) if spare else self._pratique(structure, commune)
            if filler not in parts:
                parts.insert(-1, filler)
        while len(" ".join(parts)) > 800 and len(parts) > 2:
            del parts[-2]
        return " ".join(parts)[:800]

    def service(
        self, seq: int, offre: Offre, kind: Kind, structure: dict[str, Any], commune: Commune
    ) -> dict[str, Any]:
        remote = self.draw.chance(offre.distance)
        in_person = not remote or self.draw.chance(0.6)
        modes = [
            m
            for m, on in ((ModeAccueil.A_DISTANCE, remote), (ModeAccueil.EN_PRESENTIEL, in_person))
            if on
        ]
        place: dict[str, Any] = dict.fromkeys(
            ("commune", "code_postal", "code_insee", "adresse", "complement_adresse")
        )
        place.update(longitude=None, latitude=None)
        where = self.rng.random()
        if in_person and where < 0.8:
            place.update({k: structure[k] for k in place})
        elif in_person and where < 0.88:  # an antenna elsewhere in town
            adresse, complement = self._address()
            longitude, latitude = self._point(commune)
            place.update(
                commune=commune.nom,
                code_postal=structure["code_postal"],
                code_insee=commune.code,
                adresse=adresse,
                complement_adresse=complement,
                longitude=longitude,
                latitude=latitude,
            )
        themes = list(offre.themes)
        themes += self.draw.some(offre.extras, self.draw.weighted(EXTRA_THEMES))
        frais = None
        if self.draw.chance(0.88):
            frais = Frais.PAYANT if self.draw.chance(offre.payant) else Frais.GRATUIT
        frais_precisions = None
        if frais is Frais.PAYANT and offre.frais:
            frais_precisions = self.rng.choice(offre.frais)
        telephone = structure["telephone"] if self.draw.chance(0.6) else None
        if telephone is None and self.draw.chance(0.3):
            telephone = self._phone()
        courriel = structure["courriel"] if self.draw.chance(0.5) else None
        if courriel is None and self.draw.chance(0.3):
            courriel = self._email(offre.key, commune)
        mobilisation = [ModeMobilisation.TELEPHONER] if self.draw.chance(0.75) else []
        if in_person and self.draw.chance(0.5):
            mobilisation.append(ModeMobilisation.SE_PRESENTER)
        if courriel and self.draw.chance(0.5):
            mobilisation.append(ModeMobilisation.ENVOYER_UN_COURRIEL)
        lien_mobilisation = None
        if not mobilisation or self.draw.chance(0.12):
            mobilisation.append(ModeMobilisation.UTILISER_LIEN_MOBILISATION)
            lien_mobilisation = f"https://demarches.{DOMAIN}/{self.source_url}/{seq}"
        par = self.draw.weighted(MOBILISABLE_PAR)
        type_ = self.rng.choice(offre.types) if self.draw.chance(0.95) else None
        hours: float | None = None
        weeks: int | None = None
        if type_ in DURATIONS and self.draw.chance(0.4):
            hours = self.rng.choice(DURATIONS[type_][0])
            weeks = int(self.rng.choice(DURATIONS[type_][1]))
        return {
            "source": self.source,
            "structure_id": structure["id"],
            "id": f"{self.source}--svc-{seq:07d}",
            "nom": self.rng.choice(offre.noms),
            "description": self._description(offre, structure["nom"], commune.nom, remote),
            "lien_source": f"https://annuaire.{DOMAIN}/{self.source_url}/services/{seq}",
            "date_maj": self._date(),
            "type": type_.value if type_ else None,
            "thematiques": sorted({t.value for t in themes}),
            "frais": frais.value if frais else None,
            "frais_precisions": frais_precisions,
            "publics": self._publics(offre, kind),
            "publics_precisions": (
                self.rng.choice(textes.PUBLICS_PRECISIONS) if self.draw.chance(0.15) else None
            ),
            "conditions_acces": (
                self.rng.choice(offre.conditions)
                if offre.conditions and self.draw.chance(0.5)
                else None
            ),
            **place,
            "telephone": telephone,
            "courriel": courriel,
            "modes_accueil": sorted(m.value for m in modes),
            "zone_eligibilite": self._zone(commune),
            "contact_nom_prenom": None,
            "lien_mobilisation": lien_mobilisation,
            "modes_mobilisation": sorted(m.value for m in mobilisation),
            "mobilisable_par": sorted(p.value for p in par),
            "mobilisation_precisions": (
                self.rng.choice(textes.MOBILISATION_PRECISIONS) if self.draw.chance(0.3) else None
            ),
            "volume_horaire_hebdomadaire": hours,
            "nombre_semaines": weeks,
            "horaires_accueil": (
                self._hours(kind.jour_et_nuit) if in_person and self.draw.chance(0.45) else None
            ),
        }
