"""The service form: choices from data·inclusion's enums, grouped thématiques, the
opening-hours helper (a weekly grid written in OpenStreetMap syntax), and turning the
posted form into data·inclusion fields (validation happens in ``api.publish``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    Thematique,
    TypeService,
)
from starlette.datastructures import FormData

from catalogue.opening_hours import WEEK, from_soliguide
from catalogue.vocabulary import freins

DAYS = [
    (key, osm, label)
    for (key, osm), label in zip(
        WEEK, ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"), strict=True
    )
]
SLOTS = (1, 2)
FREQUENCIES = (1, 3, 6, 12, 24)
LIST_FIELDS = ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par")
TEXT_FIELDS = (
    "nom",
    "description",
    "type",
    "frais",
    "frais_precisions",
    "publics_precisions",
    "conditions_acces",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "telephone",
    "courriel",
    "contact_nom_prenom",
    "lien_mobilisation",
    "lien_source",
    "mobilisation_precisions",
)
NUMBER_FIELDS = ("volume_horaire_hebdomadaire", "nombre_semaines")
_TIME = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_ZONE_SPLIT = re.compile(r"[\s,;]+")


def _choices(enum: Any) -> list[dict[str, str]]:
    return [{"valeur": item.value, "libelle": item.label} for item in enum]


@cache
def choices() -> dict[str, Any]:
    """Everything the form offers, labelled in French by the schema itself."""
    seen: set[str] = set()
    groups = []
    labels = {t.value: t.label for t in Thematique}
    for frein in freins().values():
        themes = sorted(t for t in frein.thematiques if t not in seen)
        seen.update(themes)
        groups.append(
            {
                "slug": frein.slug,
                "libelle": frein.libelle,
                "thematiques": [{"valeur": t, "libelle": labels[t]} for t in themes],
            }
        )
    others = sorted(t for t in labels if t not in seen)
    groups.append(
        {
            "slug": "autres",
            "libelle": "Autres thématiques",
            "thematiques": [{"valeur": t, "libelle": labels[t]} for t in others],
        }
    )
    return {
        "groupes_thematiques": groups,
        "publics": _choices(Public),
        "frais": _choices(Frais),
        "types": _choices(TypeService),
        "modes_accueil": _choices(ModeAccueil),
        "modes_mobilisation": _choices(ModeMobilisation),
        "mobilisable_par": _choices(PersonneMobilisatrice),
        "jours": DAYS,
        "creneaux": SLOTS,
        "frequences": FREQUENCIES,
    }


def _clock(value: str) -> int | None:
    match = _TIME.match(value.strip())
    if match is None:
        return None
    return int(match.group(1)) * 100 + int(match.group(2))


def hours_from_grid(form: Mapping[str, Any]) -> str | None:
    """The weekly grid (``h_mo_1_debut`` = "09:00"…) in OSM syntax; None when empty."""
    week: dict[str, Any] = {}
    for key, osm, _label in DAYS:
        slots = []
        for slot in SLOTS:
            start = _clock(str(form.get(f"h_{osm.lower()}_{slot}_debut", "")))
            end = _clock(str(form.get(f"h_{osm.lower()}_{slot}_fin", "")))
            if start is not None and end is not None:
                slots.append({"start": start, "end": end})
        week[key] = {"open": bool(slots), "timeslot": slots}
    if form.get("h_feries_fermes"):
        week["closedHolidays"] = "CLOSED"
    return from_soliguide(week)


_RULE = re.compile(
    r"^(?P<days>Mo|Tu|We|Th|Fr|Sa|Su)(?:-(?P<until>Mo|Tu|We|Th|Fr|Sa|Su))? "
    r"(?P<slots>\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)?)$"
)


def grid_from_hours(hours: str | None) -> dict[str, str] | None:
    """The grid for an OSM string it can show (simple weekly rules), else None."""
    if not hours:
        return {}
    order = [osm for _key, osm, _label in DAYS]
    grid: dict[str, str] = {}
    for rule in (r.strip() for r in hours.split(";")):
        if rule == "PH off":
            grid["h_feries_fermes"] = "1"
            continue
        match = _RULE.match(rule)
        if match is None:
            return None
        first = order.index(match["days"])
        last = order.index(match["until"]) if match["until"] else first
        for osm in order[first : last + 1]:
            for slot, span in enumerate(match["slots"].split(","), start=1):
                start, end = span.split("-")
                grid[f"h_{osm.lower()}_{slot}_debut"] = start
                grid[f"h_{osm.lower()}_{slot}_fin"] = end
    return grid


def _number(raw: str) -> float | str | None:
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw) if "." in raw else int(raw)
    except ValueError:
        return raw  # the schema's validation says what is wrong, in French


def fields_from_form(form: FormData) -> dict[str, Any]:
    """data·inclusion fields from the posted form (blank ones dropped later)."""
    fields: dict[str, Any] = {name: str(form.get(name, "")).strip() for name in TEXT_FIELDS}
    for name in LIST_FIELDS:
        fields[name] = sorted({str(v) for v in form.getlist(name) if v})
    for name in NUMBER_FIELDS:
        fields[name] = _number(str(form.get(name, "")))
    zone = [str(v) for v in form.getlist("zone_eligibilite") if v]
    zone += [c for c in _ZONE_SPLIT.split(str(form.get("zone_codes", ""))) if c]
    fields["zone_eligibilite"] = list(dict.fromkeys(zone))
    fields["horaires_accueil"] = (
        hours_from_grid(form) or str(form.get("horaires_accueil", "")).strip()
    )
    return fields


def frequency_from_form(form: FormData) -> int | None:
    raw = str(form.get("frequence_maj_mois", "")).strip()
    return int(raw) if raw.isdigit() else None
