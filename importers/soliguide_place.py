"""One Soliguide place made into data·inclusion records: its structure, its services, their
publics, modalities, hours and temporary closures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from data_inclusion.schema.v1 import Public

from catalogue.opening_hours import closed_between, french_date, from_soliguide
from catalogue.records.closures import END, START
from catalogue.records.duplicates import IDENTIFIERS
from importers.loose_json import as_dict, as_dicts, as_list, as_text, clip
from importers.soliguide_tables import (
    CRITERIA,
    PLACE_URL,
    categories,
    day,
    plain_text,
    public_values,
)

# Soliguide's welcome: unconditional, preferential, exclusive.
_UNCONDITIONAL, _PREFERENTIAL, _EXCLUSIVE = 0, 1, 2
# An age range restricted to these bounds names a v1 public.
_YOUNG_MAX_AGE, _SENIOR_MIN_AGE = 25, 60
_NAME_MAX, _TEXT_MAX = 150, 10_000

# -- one place -------------------------------------------------------------------------


class BadPlace(ValueError):
    """A place or service that cannot be read; the message is the French reason."""


def _location(place: dict[str, Any]) -> dict[str, Any]:
    position = as_dict(place.get("position"))
    postcode = as_text(position.get("postalCode")) or as_text(position.get("codePostal"))
    city = as_text(position.get("city")) or as_text(position.get("ville"))
    address = as_text(position.get("address")) or as_text(position.get("adresse"))
    if address and postcode:
        # Soliguide's address is the whole line ("201 Rue X, 75003 Paris"): keep the street.
        address = re.sub(rf",?\s*{re.escape(postcode)}\b.*$", "", address).strip(" ,") or address
    city_code = as_text(position.get("cityCode"))
    coordinates = as_dict(position.get("location")).get("coordinates")
    longitude = latitude = None
    if coordinates is not None:
        numbers = as_list(coordinates)
        if len(numbers) != 2 or not all(
            isinstance(c, int | float) and not isinstance(c, bool) for c in numbers
        ):
            raise BadPlace("position.location.coordinates doit être [longitude, latitude]")
        longitude, latitude = float(numbers[0]), float(numbers[1])
    return {
        "adresse": address,
        "complement_adresse": as_text(position.get("additionalInformation"))
        or as_text(position.get("complementAdresse")),
        "code_postal": postcode,
        "commune": city,
        # Soliguide often repeats the postcode as "cityCode": only a distinct code is
        # an INSEE code (a postcode may be another commune's INSEE code).
        "code_insee": city_code if city_code != postcode else None,
        "longitude": longitude,
        "latitude": latitude,
    }


def _date_maj(place: dict[str, Any], services: list[dict[str, Any]]) -> date | None:
    dates = [day(place.get(key)) for key in ("updatedAt", "updatedByUserAt", "createdAt")]
    found = [d for d in dates if d is not None]
    if not found:
        # Services are edited through their place: their latest date is a lower bound.
        found = [
            d
            for service in services
            for d in (day(service.get("updatedAt")), day(service.get("createdAt")))
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
    """Temporary information of a place or service: notes in French, a dated closure
    (its start ``date.min`` when the source gives none: closed since it does not say)."""

    notes: list[str]
    closure: tuple[date, date | None] | None = None

    def columns(self) -> dict[str, str | None]:
        if self.closure is None:
            return {}
        start, end = self.closure
        return {START: start.isoformat(), END: end.isoformat() if end else None}


def _temporary(temp: dict[str, Any], today: date, closed_label: str) -> _Temporary:
    result = _Temporary([])
    for key in ("closure", "hours", "message"):
        info = as_dict(temp.get(key))
        if not info.get("actif"):
            continue
        start, end = day(info.get("dateDebut")), day(info.get("dateFin"))
        if key == "closure":  # kept once over too: search says « rouvert depuis »
            result.closure = (start or date.min, end)
        if end is not None and end < today:
            continue  # over: no longer worth a note
        period = _period(start, end)
        detail = plain_text(info.get("description"))
        if key == "closure":
            note = f"{closed_label} {period}".strip()
        elif key == "hours":
            hours = from_soliguide(info.get("hours"))
            note = f"Horaires temporaires {period}".strip() + (f" : {hours}" if hours else "")
        else:
            title = plain_text(info.get("name"))
            note = f"Information temporaire {period}".strip() + (f" — {title}" if title else "")
        result.notes.append(note + (f" : {detail}" if detail else "") + ".")
    return result


def _hours(hours: Any, closures: list[tuple[date, date | None]]) -> str | None:
    """The opening hours, off during each closure with both dates (one without an end
    hides the service anyway)."""
    rule = from_soliguide(hours)
    if rule is None:
        return None
    for start, end in closures:
        if start != date.min and end is not None:
            rule = closed_between(rule, start, end)
    return rule


def _publics(publics: dict[str, Any]) -> tuple[list[str], str | None]:
    """v1 publics and French precisions from Soliguide's ``publics``."""
    table = public_values()
    phrases: list[str] = []
    mapped: set[str] = set()
    for key, critere, label in CRITERIA:
        known = table.get(critere, {})
        values = [v for v in as_list(publics.get(key)) if isinstance(v, str)]
        if not values or "all" in values or set(known) <= set(values):
            continue  # every value ticked: no restriction
        names = ", ".join(known[v].libelle if v in known else v for v in values)
        phrases.append(f"{label} : {names}" if label else names)
        # A restriction names v1 publics only when each value it keeps names one.
        if all(v in known and known[v].publics for v in values):
            mapped.update(p for v in values for p in known[v].publics)
    age = as_dict(publics.get("age"))
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
        step = as_dict(modalities.get(key))
        if step.get("checked"):
            ticked.add(key)
            precisions = as_text(step.get("precisions"))
            conditions.append(f"{label} : {precisions}" if precisions else label)
    if not ticked and modalities.get("inconditionnel"):
        conditions.append("Accès libre, sans condition")
    if as_list(modalities.get("docs")):
        conditions.append("Fiche d'orientation à remplir (disponible sur Soliguide)")
    other = plain_text(modalities.get("other"))
    if other:
        conditions.append(other.rstrip("."))
    if as_dict(modalities.get("pmr")).get("checked"):
        conditions.append("Lieu accessible aux personnes à mobilité réduite")
    if as_dict(modalities.get("animal")).get("checked"):
        conditions.append("Animaux acceptés")
    price = as_dict(modalities.get("price"))
    paying = bool(price.get("checked"))
    if ticked:
        modes = {m for m, ok in (("telephoner", phone), ("envoyer-un-courriel", email)) if ok}
    else:
        modes = {"se-presenter"}
    only_oriented = ticked == {"orientation"}
    return {
        "frais": "payant" if paying else "gratuit",
        "frais_precisions": as_text(price.get("precisions")) if paying else None,
        "conditions_acces": ". ".join(conditions) + "." if conditions else None,
        "modes_mobilisation": sorted(modes) or None,
        "mobilisable_par": ["professionnels"] if only_oriented else ["professionnels", "usagers"],
    }


def _contact(place: dict[str, Any]) -> dict[str, str | None]:
    entity = as_dict(place.get("entity"))
    phones = (as_text(as_dict(p).get("phoneNumber")) for p in as_list(entity.get("phones")))
    website = as_text(entity.get("website"))
    return {
        "telephone": next((p for p in phones if p), None),
        "courriel": as_text(entity.get("mail")),
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


def structure_record(
    place: dict[str, Any], ref: str, source: str, today: date
) -> tuple[dict[str, Any], _Place]:
    services = [as_dict(s) for s in as_list(place.get("services_all"))]
    slug = as_text(place.get("seo_url"))
    link = PLACE_URL.format(slug) if slug and re.fullmatch(r"[\w-]+", slug) else None
    temporary = _temporary(as_dict(place.get("tempInfos")), today, "Lieu fermé temporairement")
    about = [plain_text(place.get("description"))]
    if place.get("placeType") == "PARCOURS_MOBILE":
        about.append("Parcours mobile : lieux et horaires de passage approximatifs.")
    about.extend(temporary.notes)
    hours_note = as_text(as_dict(place.get("newhours")).get("description"))
    if hours_note:
        about.append(f"Précisions sur les horaires : {hours_note}")
    description = "\n".join(a for a in about if a)
    inherited = _Place(
        source=source,
        id=ref,
        nom=as_text(place.get("name")),
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
        "nom": clip(inherited.nom, _NAME_MAX) if inherited.nom else None,
        "date_maj": inherited.date_maj.isoformat() if inherited.date_maj else None,
        "description": clip(description, _TEXT_MAX) if len(description) >= 5 else None,
        "lien_source": link,
        "horaires_accueil": _hours(place.get("newhours"), closures),
        **inherited.location,
        **inherited.contact,
    }
    cited = _cross_ids(place)
    if cited:
        data[IDENTIFIERS] = cited
    return data, inherited


def _cross_ids(place: dict[str, Any]) -> list[str]:
    """The ids other sources give this place (``sources``: ``[{name, ids: [{id}]}]``), as
    ``source:id``: they link it to the same place imported from them."""
    cited = []
    for origin in as_dicts(place.get("sources")):
        name = as_text(origin.get("name"))
        for entry in as_list(origin.get("ids")):
            ident = as_text(entry.get("id") if isinstance(entry, dict) else entry)
            if name and ident:
                cited.append(f"{name.lower()}:{ident}")
    return cited


def service_record(
    place: dict[str, Any], service: dict[str, Any], ref: str, parent: _Place, today: date
) -> dict[str, Any]:
    category_key = as_text(service.get("category"))
    if category_key is None:
        raise BadPlace("catégorie Soliguide absente")
    category = categories().get(category_key)
    if category is None:
        raise BadPlace(
            f"catégorie Soliguide « {category_key} » absente de la table de correspondance "
            "data/mappings/soliguide/thematiques.csv : ajoutez-la pour importer ce service"
        )
    own = _temporary({"closure": service.get("close")}, today, "Service fermé temporairement")
    name = as_text(service.get("name"))
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
    publics_list, publics_precisions = _publics(as_dict(publics or place.get("publics")))
    access = _modalities(
        as_dict(modalities or place.get("modalities")),
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
        "nom": clip(nom, _NAME_MAX),
        "description": clip("\n".join(a for a in about if a), _TEXT_MAX),
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
        # Its own closure, else its place's.
        **(own.columns() or parent.temporary.columns()),
    }
