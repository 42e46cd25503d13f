"""Catalogue rows as HSDS 3.0 objects: a structure is an organization, a service a
service, the place where it receives people a location (physical, or virtual when it is
offered remotely) linked by a service_at_location; thématiques and freins are taxonomy
terms attached through attributes; a closure is the service's ``status`` and ``alert``.

Ids are Maillage's uids (a location's and a link's derived from them). What HSDS has no
field for (publics, eligibility zones, opening hours in OSM syntax…) is left out.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from data_inclusion.schema.v1 import Thematique

from catalogue.records.closures import closed_on, notice
from catalogue.vocabulary import FREINS_TAXONOMY, THEMATIQUES_TAXONOMY, freins

THEMATIQUES_ID, FREINS_ID = "data-inclusion-thematiques", "maillage-freins"
TAXONOMIES = [
    {
        "id": THEMATIQUES_ID,
        "name": THEMATIQUES_TAXONOMY,
        "description": "Les thématiques du schéma data·inclusion v1.",
        "uri": "https://schema.data.gouv.fr/gip-inclusion/data-inclusion-schema/",
        "version": "1",
    },
    {
        "id": FREINS_ID,
        "name": FREINS_TAXONOMY,
        "description": "Les freins périphériques à l'emploi, chacun regroupant des "
        "thématiques data·inclusion (data/freins.csv de Maillage).",
    },
]
_LABELS = {t.value: t.label for t in Thematique}


def taxonomy_terms() -> list[dict[str, Any]]:
    """Every term of both taxonomies."""
    themes = [
        {
            "id": slug,
            "code": slug,
            "name": label,
            "description": label,
            "taxonomy": THEMATIQUES_TAXONOMY,
            "taxonomy_id": THEMATIQUES_ID,
        }
        for slug, label in sorted(_LABELS.items())
    ]
    barriers = [
        {
            "id": f"frein--{f.slug}",
            "code": f.slug,
            "name": f.libelle,
            "description": f"Frein périphérique : {f.libelle}",
            "taxonomy": FREINS_TAXONOMY,
            "taxonomy_id": FREINS_ID,
        }
        for f in freins().values()
    ]
    return themes + barriers


_TERMS = {t["id"]: t for t in taxonomy_terms()}


def _attributes(uid: str, themes: list[str] | None, barriers: list[str] | None) -> list[Any]:
    ids = [*(themes or ()), *(f"frein--{f}" for f in barriers or ())]
    return [
        {
            "id": f"{uid}--{term}",
            "link_id": uid,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": term,
            "taxonomy_term": _TERMS[term],
        }
        for term in ids
        if term in _TERMS
    ]


def _phones(owner: str, number: str | None) -> list[dict[str, Any]]:
    return [{"id": f"{owner}--telephone", "number": number}] if number else []


def _address(owner: str, row: Any, prefix: str = "") -> list[dict[str, Any]]:
    street, city, postcode = (row[f"{prefix}{n}"] for n in ("adresse", "commune", "code_postal"))
    if not (street and city and postcode):
        return []  # HSDS wants all three
    return [
        {
            "id": f"{owner}--adresse",
            "location_id": f"{owner}--lieu",
            "address_1": street,
            **({"address_2": c} if (c := row[f"{prefix}complement_adresse"]) else {}),
            "city": city,
            "state_province": row[f"{prefix}departement"] or "",
            "postal_code": postcode,
            "country": "FR",
            "address_type": "physical",
        }
    ]


def physical_location(owner: str, row: Any, prefix: str = "") -> dict[str, Any] | None:
    """The place of a structure or a service (``prefix``: of the row's columns)."""
    if row[f"{prefix}latitude"] is None:
        return None
    return {
        "id": f"{owner}--lieu",
        "location_type": "physical",
        "name": row[f"{prefix}nom"],
        "latitude": row[f"{prefix}latitude"],
        "longitude": row[f"{prefix}longitude"],
        "addresses": _address(owner, row, prefix),
        "phones": _phones(f"{owner}--lieu", row[f"{prefix}telephone"]),
    }


def organization(row: Any, prefix: str = "structure_") -> dict[str, Any]:
    uid = str(row[f"{prefix}uid"])
    place = physical_location(uid, row, prefix)
    siret = row[f"{prefix}siret"]
    return _without_none(
        {
            "id": uid,
            "name": row[f"{prefix}nom"],
            "description": row[f"{prefix}description"] or "",
            "email": row[f"{prefix}courriel"],
            "website": row[f"{prefix}site_web"],
            "phones": _phones(uid, row[f"{prefix}telephone"]),
            "locations": [place] if place else [],
            "organization_identifiers": [
                {"id": f"{uid}--siret", "identifier_type": "SIRET", "identifier": siret}
            ]
            if siret
            else [],
        }
    )


def status(start: date | None, end: date | None, day: date) -> tuple[str, str | None]:
    """``status`` and ``alert`` of a service, from its closure (catalogue.records.closures)."""
    state = "active"
    if closed_on(start, end, day):
        state = "temporarily closed" if end else "defunct"
    return state, notice(start, end, day)


def _fees(frais: str | None, precisions: str | None) -> dict[str, Any]:
    # The HSDS importer reads « gratuit » and « payant » back from these words.
    words = {"gratuit": "Gratuit", "payant": "Payant"}.get(frais or "")
    text = ". ".join(p for p in (words, precisions) if p)
    return {"fees_description": text} if text else {}


def service(row: Any, day: date, *, full: bool = True) -> dict[str, Any]:
    """A service; ``full``: with its organization, places and attributes."""
    uid = str(row["uid"])
    state, alert = status(row["fermeture_debut"], row["fermeture_fin"], day)
    document = _without_none(
        {
            "id": uid,
            "organization_id": str(row["structure_uid"]),
            "name": row["nom"],
            "description": row["description"],
            "url": row["lien_source"],
            "email": row["courriel"],
            "status": state,
            "alert": alert,
            **_fees(row["frais"], row["frais_precisions"]),
            "eligibility_description": row["publics_precisions"],
            "application_process": row["mobilisation_precisions"],
            "last_modified": datetime.combine(row["date_maj"], time()).isoformat() + "Z",
        }
    )
    if not full:
        return document
    return {
        **document,
        "phones": _phones(uid, row["telephone"]),
        "organization": organization(row),
        "service_at_locations": service_at_locations(row),
        "attributes": _attributes(uid, row["thematiques"], row["freins"]),
    }


def service_at_locations(row: Any) -> list[dict[str, Any]]:
    """Where the service receives people, and a virtual place when it is offered remotely."""
    uid = str(row["uid"])
    links = []
    place = physical_location(uid, row)
    if place is not None and not row["a_distance_seulement"]:
        links.append(
            {"id": f"{uid}--sur-place", "service_id": uid, "location_id": place["id"],
             "location": place}
        )  # fmt: skip
    if row["a_distance"]:
        virtual = {"id": f"{uid}--a-distance", "location_type": "virtual", "name": row["nom"]}
        if row["lien_mobilisation"]:
            virtual["url"] = row["lien_mobilisation"]
        links.append(
            {"id": f"{uid}--a-distance", "service_id": uid, "location_id": virtual["id"],
             "location": virtual}
        )  # fmt: skip
    return links


def _without_none(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if v is not None}
