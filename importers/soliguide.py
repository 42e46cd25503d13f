"""Soliguide places: each place a structure, each of its ``services_all`` a service.

PATH is a JSON list of places (an export of Soliguide's ``lieux``) or an API answer
``{"places": [...]}``. Only places ``ONLINE`` are imported; drafts, offline and
permanently closed places are reported as rejections (with their services), and so are
places and services closed today (an active ``tempInfos.closure`` or ``close`` begun, with
no end or one to come): they are imported again by the first import after they reopen.
Closures to come and messages are kept: in the descriptions, and as ``off`` date ranges in
the opening hours when both dates are known.

Mapping tables (data, reviewable): ``data/mappings/soliguide/thematiques.csv``
(category → thématiques and service type) and ``publics.csv`` (who a place welcomes).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from data_inclusion.schema.v1 import Public, Thematique, TypeService

from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.opening_hours import closed_between, french_date, from_soliguide
from catalogue.records.columns import html_to_text
from catalogue.settings import PROJECT_ROOT
from importers.contract import ReadOptions, ReadResult, RecordKind, Rejection, SourceRecord
from importers.reading import existing, load_json, refuse_mapping
from importers.registry import register

MAPPINGS = PROJECT_ROOT / "data" / "mappings" / "soliguide"
SOURCE = "soliguide"
PLACE_URL = "https://soliguide.fr/fr/fiche/{}"

_STATUS_REASONS = {
    "DRAFT": "fiche en brouillon sur Soliguide (jamais publiée) : lieu non importé",
    "OFFLINE": "fiche hors ligne sur Soliguide : lieu non importé",
    "PERMANENTLY_CLOSED": "lieu fermé définitivement : non importé",
}
# Soliguide's ``publics`` fields → the ``critere`` column of publics.csv, and how the
# precisions name them ("" for genders: "femmes" says it all).
_CRITERIA = (
    ("gender", "genre", ""),
    ("administrative", "administratif", "situation administrative"),
    ("familialle", "familial", "situation familiale"),
    ("other", "autre", "situations particulières"),
)
_UNCONDITIONAL, _PREFERENTIAL, _EXCLUSIVE = 0, 1, 2
# An age range restricted to these bounds names a v1 public.
_YOUNG_MAX_AGE, _SENIOR_MIN_AGE = 25, 60
_NAME_MAX, _TEXT_MAX = 150, 10_000


# -- mapping tables --------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    libelle: str
    thematiques: tuple[str, ...]
    type: str | None


@dataclass(frozen=True)
class PublicValue:
    libelle: str
    publics: tuple[str, ...]


def _rows(name: str) -> list[dict[str, str]]:
    with (MAPPINGS / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _checked(values: str, allowed: type[Thematique] | type[Public], where: str) -> tuple[str, ...]:
    try:
        return tuple(allowed(value).value for value in values.split())
    except ValueError as error:
        raise ParametreInvalide(f"{where} : {error}.") from error


@cache
def categories() -> dict[str, Category]:
    """Soliguide category → thématiques and service type (thematiques.csv)."""
    table: dict[str, Category] = {}
    for line, row in enumerate(_rows("thematiques.csv"), start=2):
        where = f"data/mappings/soliguide/thematiques.csv, ligne {line}"
        kind = row["type"].strip() or None
        if kind is not None and kind not in {t.value for t in TypeService}:
            raise ParametreInvalide(f"{where} : type de service inconnu « {kind} ».")
        themes = _checked(row["thematiques"], Thematique, where)
        table[row["categorie_soliguide"].strip()] = Category(row["libelle"].strip(), themes, kind)
    return table


@cache
def public_values() -> dict[str, dict[str, PublicValue]]:
    """critère → Soliguide value → label and v1 publics (publics.csv)."""
    table: dict[str, dict[str, PublicValue]] = {}
    for line, row in enumerate(_rows("publics.csv"), start=2):
        where = f"data/mappings/soliguide/publics.csv, ligne {line}"
        publics = _checked(row["publics"], Public, where)
        value = PublicValue(row["libelle"].strip(), publics)
        table.setdefault(row["critere"].strip(), {})[row["valeur_soliguide"].strip()] = value
    return table


# -- small readers of loosely typed JSON -----------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _str(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def plain_text(value: Any) -> str | None:
    """Soliguide's HTML descriptions as plain text, one paragraph a line."""
    return html_to_text(value) if isinstance(value, str) else None


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _day(value: Any) -> date | None:
    """``"2022-03-04 14:38:14.421000"``, ISO strings or MongoDB's ``{"$date": …}``."""
    if isinstance(value, dict):
        value = value.get("$date")
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


# -- one place -------------------------------------------------------------------------


class _Bad(ValueError):
    """A place or service that cannot be read; the message is the French reason."""


def _location(place: dict[str, Any]) -> dict[str, Any]:
    position = _dict(place.get("position"))
    postcode = _str(position.get("postalCode")) or _str(position.get("codePostal"))
    city = _str(position.get("city")) or _str(position.get("ville"))
    address = _str(position.get("address")) or _str(position.get("adresse"))
    if address and postcode:
        # Soliguide's address is the whole line ("201 Rue X, 75003 Paris"): keep the street.
        address = re.sub(rf",?\s*{re.escape(postcode)}\b.*$", "", address).strip(" ,") or address
    city_code = _str(position.get("cityCode"))
    coordinates = _dict(position.get("location")).get("coordinates")
    longitude = latitude = None
    if coordinates is not None:
        numbers = _list(coordinates)
        if len(numbers) != 2 or not all(
            isinstance(c, int | float) and not isinstance(c, bool) for c in numbers
        ):
            raise _Bad("position.location.coordinates doit être [longitude, latitude]")
        longitude, latitude = float(numbers[0]), float(numbers[1])
    return {
        "adresse": address,
        "complement_adresse": _str(position.get("additionalInformation"))
        or _str(position.get("complementAdresse")),
        "code_postal": postcode,
        "commune": city,
        # Soliguide often repeats the postcode as "cityCode": only a distinct code is
        # an INSEE code (a postcode may be another commune's INSEE code).
        "code_insee": city_code if city_code != postcode else None,
        "longitude": longitude,
        "latitude": latitude,
    }


def _date_maj(place: dict[str, Any], services: list[dict[str, Any]]) -> date | None:
    dates = [_day(place.get(key)) for key in ("updatedAt", "updatedByUserAt", "createdAt")]
    found = [d for d in dates if d is not None]
    if not found:
        # Services are edited through their place: their latest date is a lower bound.
        found = [
            d
            for service in services
            for d in (_day(service.get("updatedAt")), _day(service.get("createdAt")))
            if d is not None
        ]
    return max(found, default=None)


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return f"du {french_date(start)} au {french_date(end)}"
    if start:
        return f"à partir du {french_date(start)}"
    return f"jusqu'au {french_date(end)}" if end else ""


@dataclass
class _Temporary:
    """Temporary information of a place or service: notes in French, a dated closure."""

    notes: list[str]
    closure: tuple[date, date] | None = None
    closed_now: str | None = None  # why it is closed today (in French), if it is


def _temporary(temp: dict[str, Any], today: date, closed_label: str) -> _Temporary:
    result = _Temporary([])
    for key in ("closure", "hours", "message"):
        info = _dict(temp.get(key))
        if not info.get("actif"):
            continue
        start, end = _day(info.get("dateDebut")), _day(info.get("dateFin"))
        if end is not None and end < today:
            continue  # over: no longer worth telling
        period = _period(start, end)
        detail = plain_text(info.get("description"))
        if key == "closure":
            note = f"{closed_label} {period}".strip()
            if start and end:
                result.closure = (start, end)
            if start is None or start <= today:
                result.closed_now = _closed_now(closed_label, start, end)
        elif key == "hours":
            hours = from_soliguide(info.get("hours"))
            note = f"Horaires temporaires {period}".strip() + (f" : {hours}" if hours else "")
        else:
            title = plain_text(info.get("name"))
            note = f"Information temporaire {period}".strip() + (f" — {title}" if title else "")
        result.notes.append(note + (f" : {detail}" if detail else "") + ".")
    return result


def _closed_now(closed_label: str, start: date | None, end: date | None) -> str:
    since = f" depuis le {french_date(start)}" if start else ""
    if end is None:
        return (
            f"{closed_label.lower()}{since}, sans date de réouverture : non importé "
            "(il le sera quand la source le dira rouvert)"
        )
    return f"{closed_label.lower()}{since} jusqu'au {french_date(end)} : non importé d'ici là"


def _hours(hours: Any, closures: list[tuple[date, date]]) -> str | None:
    rule = from_soliguide(hours)
    if rule is None:
        return None
    for start, end in closures:
        rule = closed_between(rule, start, end)
    return rule


def _publics(publics: dict[str, Any]) -> tuple[list[str], str | None]:
    """v1 publics and French precisions from Soliguide's ``publics``."""
    table = public_values()
    phrases: list[str] = []
    mapped: set[str] = set()
    for key, critere, label in _CRITERIA:
        known = table.get(critere, {})
        values = [v for v in _list(publics.get(key)) if isinstance(v, str)]
        if not values or "all" in values or set(known) <= set(values):
            continue  # every value ticked: no restriction
        names = ", ".join(known[v].libelle if v in known else v for v in values)
        phrases.append(f"{label} : {names}" if label else names)
        # A restriction names v1 publics only when each value it keeps names one.
        if all(v in known and known[v].publics for v in values):
            mapped.update(p for v in values for p in known[v].publics)
    age = _dict(publics.get("age"))
    low, high = age.get("min"), age.get("max")
    if isinstance(low, int) and isinstance(high, int) and (low > 0 or high < 99):
        phrases.append(f"de {low} à {high} ans")
        if high <= _YOUNG_MAX_AGE:
            mapped.add(Public.JEUNES.value)
        if low >= _SENIOR_MIN_AGE:
            mapped.add(Public.SENIORS.value)
    welcome = publics.get("accueil")
    precisions: list[str] = []
    result = [Public.TOUS_PUBLICS.value]
    if phrases and welcome == _EXCLUSIVE:
        precisions.append("Accueil exclusif : " + " ; ".join(phrases) + ".")
        result = sorted(mapped) or result
    elif phrases and welcome == _PREFERENTIAL:
        precisions.append("Tout le monde est accueilli, en priorité : " + " ; ".join(phrases) + ".")
    description = plain_text(publics.get("description"))
    if description:
        precisions.append(description)
    return result, " ".join(precisions) or None


_STEPS = (
    ("appointment", "Sur rendez-vous"),
    ("inscription", "Sur inscription"),
    ("orientation", "Sur orientation par un professionnel"),
)


def _modalities(modalities: dict[str, Any], phone: str | None, email: str | None) -> dict[str, Any]:
    """Frais, conditions d'accès and how to be received, from Soliguide's ``modalities``."""
    conditions: list[str] = []
    ticked: set[str] = set()
    for key, label in _STEPS:
        step = _dict(modalities.get(key))
        if step.get("checked"):
            ticked.add(key)
            precisions = _str(step.get("precisions"))
            conditions.append(f"{label} : {precisions}" if precisions else label)
    if not ticked and modalities.get("inconditionnel"):
        conditions.append("Accès libre, sans condition")
    if _list(modalities.get("docs")):
        conditions.append("Fiche d'orientation à remplir (disponible sur Soliguide)")
    other = plain_text(modalities.get("other"))
    if other:
        conditions.append(other.rstrip("."))
    if _dict(modalities.get("pmr")).get("checked"):
        conditions.append("Lieu accessible aux personnes à mobilité réduite")
    if _dict(modalities.get("animal")).get("checked"):
        conditions.append("Animaux acceptés")
    price = _dict(modalities.get("price"))
    paying = bool(price.get("checked"))
    if ticked:
        modes = {m for m, ok in (("telephoner", phone), ("envoyer-un-courriel", email)) if ok}
    else:
        modes = {"se-presenter"}
    only_oriented = ticked == {"orientation"}
    return {
        "frais": "payant" if paying else "gratuit",
        "frais_precisions": _str(price.get("precisions")) if paying else None,
        "conditions_acces": ". ".join(conditions) + "." if conditions else None,
        "modes_mobilisation": sorted(modes) or None,
        "mobilisable_par": ["professionnels"] if only_oriented else ["professionnels", "usagers"],
    }


def _contact(place: dict[str, Any]) -> dict[str, str | None]:
    entity = _dict(place.get("entity"))
    phones = (_str(_dict(p).get("phoneNumber")) for p in _list(entity.get("phones")))
    website = _str(entity.get("website"))
    return {
        "telephone": next((p for p in phones if p), None),
        "courriel": _str(entity.get("mail")),
        "site_web": website if website and website.startswith(("http://", "https://")) else None,
    }


@dataclass
class _Place:
    """What a place's services inherit from it."""

    source: str
    id: str
    nom: str | None
    date_maj: date | None
    location: dict[str, Any]
    contact: dict[str, str | None]
    lien_source: str | None
    temporary: _Temporary
    professionals_only: bool


def _structure(
    place: dict[str, Any], ref: str, source: str, today: date
) -> tuple[dict[str, Any], _Place]:
    services = [_dict(s) for s in _list(place.get("services_all"))]
    slug = _str(place.get("seo_url"))
    link = PLACE_URL.format(slug) if slug and re.fullmatch(r"[\w-]+", slug) else None
    temporary = _temporary(_dict(place.get("tempInfos")), today, "Lieu fermé temporairement")
    about = [plain_text(place.get("description"))]
    if place.get("placeType") == "PARCOURS_MOBILE":
        about.append("Parcours mobile : lieux et horaires de passage approximatifs.")
    about.extend(temporary.notes)
    hours_note = _str(_dict(place.get("newhours")).get("description"))
    if hours_note:
        about.append(f"Précisions sur les horaires : {hours_note}")
    description = "\n".join(a for a in about if a)
    inherited = _Place(
        source=source,
        id=ref,
        nom=_str(place.get("name")),
        date_maj=_date_maj(place, services),
        location=_location(place),
        contact=_contact(place),
        lien_source=link,
        temporary=temporary,
        professionals_only=place.get("visibility") == "PRO",
    )
    closures = [temporary.closure] if temporary.closure else []
    data = {
        "source": source,
        "id": ref,
        "nom": _clip(inherited.nom, _NAME_MAX) if inherited.nom else None,
        "date_maj": inherited.date_maj.isoformat() if inherited.date_maj else None,
        "description": _clip(description, _TEXT_MAX) if len(description) >= 5 else None,
        "lien_source": link,
        "horaires_accueil": _hours(place.get("newhours"), closures),
        **inherited.location,
        **inherited.contact,
    }
    return data, inherited


def _service(
    place: dict[str, Any], service: dict[str, Any], ref: str, parent: _Place, today: date
) -> dict[str, Any]:
    category_key = _str(service.get("category"))
    if category_key is None:
        raise _Bad("catégorie Soliguide absente")
    category = categories().get(category_key)
    if category is None:
        raise _Bad(
            f"catégorie Soliguide « {category_key} » absente de la table de correspondance "
            "data/mappings/soliguide/thematiques.csv : ajoutez-la pour importer ce service"
        )
    own = _temporary({"closure": service.get("close")}, today, "Service fermé temporairement")
    if own.closed_now:
        raise _Bad(own.closed_now)
    name = _str(service.get("name"))
    nom = name if name and len(name) >= 3 else category.libelle
    about = [plain_text(service.get("description"))]
    if about[0] is None:
        where = f" : {parent.nom}" if parent.nom else ""
        about[0] = f"{category.libelle}{where}."
    about.extend(own.notes + parent.temporary.notes)
    if parent.professionals_only:
        about.append("Fiche réservée aux professionnels sur Soliguide.")
    hours = service.get("hours") if service.get("differentHours") else place.get("newhours")
    modalities = service.get("modalities") if service.get("differentModalities") else None
    publics = service.get("publics") if service.get("differentPublics") else None
    publics_list, publics_precisions = _publics(_dict(publics or place.get("publics")))
    access = _modalities(
        _dict(modalities or place.get("modalities")),
        parent.contact["telephone"],
        parent.contact["courriel"],
    )
    if parent.professionals_only:
        access["mobilisable_par"] = ["professionnels"]
    closures = [c for c in (own.closure, parent.temporary.closure) if c]
    return {
        "source": parent.source,
        "id": ref,
        "structure_id": parent.id,
        "nom": _clip(nom, _NAME_MAX),
        "description": _clip("\n".join(a for a in about if a), _TEXT_MAX),
        "lien_source": parent.lien_source,
        "date_maj": parent.date_maj.isoformat() if parent.date_maj else None,
        "type": category.type,
        "thematiques": sorted(category.thematiques) or None,
        "publics": publics_list,
        "publics_precisions": publics_precisions,
        "modes_accueil": ["en-presentiel"],
        "horaires_accueil": _hours(hours, closures),
        **access,
        **parent.location,
        "telephone": parent.contact["telephone"],
        "courriel": parent.contact["courriel"],
    }


# -- the importer ----------------------------------------------------------------------


def _load(path: Path) -> list[Any]:
    data = load_json(existing(path))
    if isinstance(data, dict) and isinstance(data.get("places"), list):
        data = data["places"]
    if not isinstance(data, list):
        raise FichierIllisible(
            f"{path.name} doit contenir une liste de lieux Soliguide "
            "(ou un objet dont « places » est cette liste)."
        )
    return data


@dataclass
class _Read:
    """What one place gave: its structure and services, or why they were left out."""

    records: list[SourceRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def reject(self, kind: RecordKind, ref: str, reason: str, source: str) -> None:
        self.rejections.append(Rejection(kind, ref, reason, source))


def _read_place(item: Any, position: int, source: str, today: date) -> _Read:
    read = _Read()
    if not isinstance(item, Mapping):
        read.reject("structure", f"élément {position}", "n'est pas un objet JSON", source)
        return read
    place = dict(item)
    lieu_id = _str(place.get("lieu_id"))
    if lieu_id is None:
        read.reject("structure", f"élément {position}", "identifiant « lieu_id » absent", source)
        return read
    ref = f"{source}--{lieu_id}"
    entries = _list(place.get("services_all"))
    refs = [
        f"{ref}--{_str(_dict(entry).get('serviceObjectId')) or index}"
        for index, entry in enumerate(entries, start=1)
    ]
    status = place.get("status")
    if status != "ONLINE":
        reason = _STATUS_REASONS.get(str(status), f"statut Soliguide « {status} » inconnu")
        read.reject("structure", ref, reason, source)
        for service_ref in refs:  # a place left out takes its services with it
            read.reject("service", service_ref, reason, source)
        return read
    try:
        data, parent = _structure(place, ref, source, today)
    except _Bad as error:
        read.reject("structure", ref, str(error), source)
        for service_ref in refs:
            read.reject("service", service_ref, f"lieu « {ref} » illisible", source)
        return read
    if parent.temporary.closed_now:  # closed today: neither it nor its services
        read.reject("structure", ref, parent.temporary.closed_now, source)
        for service_ref in refs:
            read.reject("service", service_ref, parent.temporary.closed_now, source)
        return read
    read.records.append(SourceRecord("structure", ref, data))
    for service_ref, entry in zip(refs, entries, strict=True):
        try:
            if not isinstance(entry, Mapping):
                raise _Bad("n'est pas un objet JSON")
            record = _service(place, dict(entry), service_ref, parent, today)
        except _Bad as error:
            read.reject("service", service_ref, str(error), source)
            continue
        read.records.append(SourceRecord("service", service_ref, record))
    return read


@register
class SoliguideImporter:
    kind: ClassVar[str] = "soliguide"
    description: ClassVar[str] = "Soliguide (JSON) : lieux et leurs services"

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        refuse_mapping(self.kind, options, "ses tables sont dans data/mappings/soliguide/")
        places = _load(path)
        source = options.source or SOURCE
        categories()  # a broken mapping table fails before anything is read
        public_values()
        today = date.today()
        reads = [
            _read_place(item, position, source, today) for position, item in enumerate(places, 1)
        ]
        records = [record for read in reads for record in read.records]
        rejections = [rejection for read in reads for rejection in read.rejections]
        return ReadResult.of(records, rejections)
