"""LHEO training offers (Carif-Oref, Intercarif): training bodies → structures, offers →
services of type ``formation``.

Both shapes of the format are read, whatever the LHEO version (namespaces are ignored):
- ``lheo-index`` summaries, one ``resume-offre`` per session;
- full documents ``lheo/offres/formation``, one service per ``action`` (its sessions'
  dates go in the description), delivered by the action's ``organisme-formateur`` (or
  else the formation's ``organisme-formation-responsable``).

Every offer gets ``se-former--trouver-sa-formation``, plus what its FORMACODE codes say in
``data/mappings/lheo/formacode.csv``; target publics come from ``publics.csv``. An offer
without a ``datemaj`` is dated by the export's date (the ``date-export`` the file states,
else its last modification). An offer whose sessions have all ended is not imported: it
is reported, with the last session's end. The others are closed for good from the day
after their last session (when every session has a known end): they leave search then,
without waiting for the next export.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from data_inclusion.schema.v1 import Public, Thematique

from catalogue.errors import ParametreInvalide
from catalogue.opening_hours import french_date
from catalogue.records.closures import START as CLOSED_FROM
from catalogue.settings import PROJECT_ROOT
from importers.contract import ReadOptions, ReadResult, Rejection, SourceRecord
from importers.lheo_offers import (
    BadOffer,
    Body,
    Offer,
    Place,
    coordinate,
    last_session_end,
    lheo_day,
    offer_end,
    read_offers,
    sessions_text,
)
from importers.reading import refuse_mapping
from importers.registry import register

MAPPINGS = PROJECT_ROOT / "data" / "mappings" / "lheo"
SOURCE = "lheo"
BASE_THEMATIQUE = Thematique.SE_FORMER__TROUVER_SA_FORMATION.value
# dict-modalites-enseignement: entirely in person, mixed, entirely remote.
_TEACHING_MODES = {
    "0": ["en-presentiel"],
    "1": ["a-distance", "en-presentiel"],
    "2": ["a-distance"],
}
_NAME_MAX, _TEXT_MAX = 150, 10_000


# -- mapping tables --------------------------------------------------------------------


@dataclass(frozen=True)
class Mapped:
    libelle: str
    values: tuple[str, ...]


def _table(
    name: str, key: str, column: str, allowed: type[Thematique] | type[Public]
) -> dict[str, Mapped]:
    table: dict[str, Mapped] = {}
    with (MAPPINGS / name).open(encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            try:
                values = tuple(allowed(v).value for v in row[column].split())
            except ValueError as error:
                where = f"data/mappings/lheo/{name}, ligne {line}"
                raise ParametreInvalide(f"{where} : {error}.") from error
            table[row[key].strip()] = Mapped(row["libelle"].strip(), values)
    return table


@cache
def formacode_thematiques() -> dict[str, Mapped]:
    """FORMACODE → thématiques (formacode.csv)."""
    return _table("formacode.csv", "code_formacode", "thematiques", Thematique)


@cache
def public_codes() -> dict[str, Mapped]:
    """FORMACODE "public visé" code → v1 publics (publics.csv)."""
    return _table("publics.csv", "code_public_vise", "publics", Public)


# -- records ---------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _euros(amount: float) -> str:
    whole = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return whole.removesuffix(",00")


def _fees(offer: Offer) -> tuple[str | None, str | None]:
    """Frais and their French precisions."""
    price = coordinate(offer.prix, "prix-total-TTC")
    notes = []
    if price:
        notes.append(f"Prix total : {_euros(price)} € TTC")
    if offer.prise_en_charge:
        notes.append("Prise en charge des frais possible")
    if offer.frais_restants:
        notes.append(f"Reste à charge : {offer.frais_restants.rstrip('.')}")
    frais = None if price is None else ("gratuit" if price == 0 else "payant")
    return frais, ". ".join(notes) + "." if notes else None


def _publics(offer: Offer) -> tuple[list[str] | None, str | None]:
    table = public_codes()
    known = [table[c] for c in offer.publics if c in table]
    publics = {p for m in known for p in m.values}
    if Public.TOUS_PUBLICS.value in publics:
        publics = {Public.TOUS_PUBLICS.value}  # "tout public" may not be combined
    labels = list(dict.fromkeys(m.libelle for m in known))
    precisions = [f"Public visé : {', '.join(labels)}." if labels else None, offer.info_publics]
    return sorted(publics) or None, "\n".join(p for p in precisions if p) or None


def _description(offer: Offer) -> str:
    parts: list[str | None] = [offer.objectif, offer.contenu]
    if offer.resultats and offer.resultats != offer.objectif:
        parts.append(f"Résultats attendus : {offer.resultats}")
    if not offer.objectif and not offer.contenu:
        by = f" proposée par {offer.body.nom}" if offer.body.nom else ""
        parts.append(f"Formation « {offer.titre} »{by}.")
    if offer.certifiante:
        rncp = f" (RNCP {', '.join(offer.rncp)})" if offer.rncp else ""
        parts.append(f"Formation certifiante{rncp}.")
    if offer.heures:
        parts.append(f"Durée : {offer.heures} heures.")
    parts.append(sessions_text(offer.sessions))
    if offer.lieu:
        parts.append(f"Lieu de formation : {offer.lieu}.")
    return _clip("\n".join(p for p in parts if p), _TEXT_MAX)


def _structure(body: Body, ref: str, source: str, day: date) -> dict[str, Any]:
    return {
        "source": source,
        "id": ref,
        "nom": _clip(body.nom, _NAME_MAX) if body.nom else None,
        "date_maj": day.isoformat(),
        "siret": body.siret,
        **body.place.columns(),
        "telephone": body.telephone,
        "courriel": body.courriel,
        "site_web": body.site_web,
    }


def _service(offer: Offer, ref: str, structure: str, source: str, day: date) -> dict[str, Any]:
    table = formacode_thematiques()
    themes = {BASE_THEMATIQUE} | {
        t for c in offer.formacodes if c in table for t in table[c].values
    }
    frais, frais_precisions = _fees(offer)
    publics, publics_precisions = _publics(offer)
    modes = [
        m
        for m, ok in (("envoyer-un-courriel", offer.courriel), ("telephoner", offer.telephone))
        if ok
    ]
    return {
        "source": source,
        "id": ref,
        "structure_id": structure,
        "nom": _clip(offer.titre, _NAME_MAX) if offer.titre else None,
        "description": _description(offer),
        "lien_source": offer.url,
        "date_maj": day.isoformat(),
        "type": "formation",
        "thematiques": sorted(themes),
        "frais": frais,
        "frais_precisions": frais_precisions,
        "publics": publics,
        "publics_precisions": publics_precisions,
        "conditions_acces": offer.conditions,
        "modes_accueil": _TEACHING_MODES.get(offer.enseignement or ""),
        "modes_mobilisation": modes or None,
        **offer.place.columns(),
        "telephone": offer.telephone,
        "courriel": offer.courriel,
    }


_EXPORT_DATE = re.compile(rb'info="date-export"\s*>\s*(\d{8})\s*<')
_EDGE = 1 << 16


def _export_date(path: Path) -> date:
    """The export's date: the one the file states (Carif-Oref flows end with an extra
    ``date-export``; it is looked for at both ends of the file, not in between), else
    the file's last modification; never in the future."""
    today = date.today()
    try:
        with path.open("rb") as file:
            edges = file.read(_EDGE)
            file.seek(max(0, path.stat().st_size - _EDGE))
            edges += b"\n" + file.read(_EDGE)
        modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()
    except OSError:
        return today
    found = _EXPORT_DATE.search(edges)
    stated = lheo_day(found.group(1).decode()) if found else None
    return min(stated or modified, today)


@register
class LheoImporter:
    kind: ClassVar[str] = "lheo"
    description: ClassVar[str] = (
        "LHEO (XML) : offres de formation (Carif-Oref, lheo-index ou complet)"
    )

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        refuse_mapping(self.kind, options, "ses tables sont dans data/mappings/lheo/")
        source = options.source or SOURCE
        formacode_thematiques()  # a broken mapping table fails before anything is read
        public_codes()
        exported = _export_date(path)
        structures: dict[str, dict[str, Any]] = {}
        rejections: list[Rejection] = []
        # Two passes over the file, an element at a time: the first gathers the bodies
        # (structures come first, and a body is merged from all its offers) and the
        # rejections; the second gives the services.
        today = date.today()
        for _ in _offers(path, source, exported, today, structures, rejections):
            pass
        bodies = (SourceRecord("structure", data["id"], data) for data in structures.values())
        return ReadResult(bodies, _offers(path, source, exported, today, {}, []), rejections)


def _offers(
    path: Path,
    source: str,
    exported: date,
    today: date,
    structures: dict[str, dict[str, Any]],
    rejections: list[Rejection],
) -> Iterator[SourceRecord]:
    """The services of the file; their bodies merged into ``structures``. An offer whose
    sessions have all ended is left out (and its body, when it has no other offer)."""
    for position, read in enumerate(read_offers(path), start=1):
        ref = f"{source}--{read.ref}" if read.ref else f"offre {position}"
        try:
            if read.offer is None:
                raise BadOffer(read.reason or "offre illisible")
            if not read.ref:
                raise BadOffer("offre sans numéro")
            offer = read.offer
            key = offer.body.key
            if not key:
                raise BadOffer("organisme de formation sans SIRET ni numéro")
            ended = last_session_end(offer.sessions, today)
            if ended is not None:
                raise BadOffer(
                    f"sessions terminées (la dernière le {french_date(ended)}) : offre non importée"
                )
            day = offer.date_maj or exported
            structure_ref = f"{source}--{key}"
            record = _service(offer, ref, structure_ref, source, day)
            end = offer_end(offer.sessions)
            if end is not None:  # over after its last session: search leaves it out then
                record[CLOSED_FROM] = (end + timedelta(days=1)).isoformat()
        except BadOffer as error:
            rejections.append(Rejection("service", ref, str(error), source))
            continue
        _merge(structures, _structure(offer.body, structure_ref, source, day))
        yield SourceRecord("service", ref, record)


def _merge(structures: dict[str, dict[str, Any]], data: dict[str, Any]) -> None:
    """A body seen in several offers: first values win, gaps are filled (an address as a
    whole, never mixing two), the latest date is kept."""
    known = structures.setdefault(data["id"], data)
    if known is data:
        return
    place = list(Place.__dataclass_fields__)
    if all(known.get(key) is None for key in place):
        known.update({key: data[key] for key in place})
    for key, value in data.items():
        if key not in place and known.get(key) is None:
            known[key] = value
    known["date_maj"] = max(known["date_maj"], data["date_maj"])
