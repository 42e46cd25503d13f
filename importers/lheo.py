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
is reported, with the last session's end.
"""

from __future__ import annotations

import calendar
import csv
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from data_inclusion.schema.v1 import Public, Thematique

from catalogue.errors import FichierIllisible, ParametreInvalide
from catalogue.opening_hours import FRENCH_MONTHS, french_date
from catalogue.settings import PROJECT_ROOT
from importers.contract import ReadOptions, ReadResult, Rejection, SourceRecord
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


# -- XML helpers (namespace-agnostic) --------------------------------------------------


def _name(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def _children(element: ET.Element | None, name: str) -> list[ET.Element]:
    return [] if element is None else [c for c in element if _name(c) == name]


def _find(element: ET.Element | None, *path: str) -> ET.Element | None:
    for name in path:
        found = _children(element, name)
        element = found[0] if found else None
    return element


def _text(element: ET.Element | None) -> str | None:
    """The element's text on one line, or None when empty."""
    if element is None:
        return None
    return " ".join("".join(element.itertext()).split()) or None


def _block(element: ET.Element | None) -> str | None:
    """The element's text, paragraphs kept."""
    if element is None:
        return None
    lines = (" ".join(line.split()) for line in "".join(element.itertext()).splitlines())
    return "\n".join(line for line in lines if line) or None


def _texts(element: ET.Element | None, *path: str) -> list[str]:
    *parents, last = path
    parent = _find(element, *parents) if parents else element
    return [t for t in (_text(c) for c in _children(parent, last)) if t]


def _extra(element: ET.Element | None, group: str, info: str) -> str | None:
    for extras in _children(element, "extras"):
        if extras.get("info") == group:
            for extra in _children(extras, "extra"):
                if extra.get("info") == info:
                    return _text(extra)
    return None


# -- dates -----------------------------------------------------------------------------


def _lheo_day(raw: str | None) -> date | None:
    """``AAAAMMJJ`` as a date, when it is a full one."""
    if not raw or len(raw) != 8 or not raw.isdigit():
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
    except ValueError:
        return None


def _lheo_last_day(raw: str | None) -> date | None:
    """The last day ``AAAAMMJJ`` may mean: ``20180700`` → 31 July 2018, ``20180000`` →
    31 December 2018; unknown dates (``00000000``, ``99999999``) → None."""
    if not raw or len(raw) != 8 or not raw.isdigit() or raw in ("00000000", "99999999"):
        return None
    year, month = int(raw[:4]), int(raw[4:6])
    if raw[4:] == "0000":
        return _lheo_day(f"{year:04d}1231")
    if raw[6:] == "00" and 1 <= month <= 12:
        return date(year, month, calendar.monthrange(year, month)[1])
    return _lheo_day(raw)


def _ended(periods: list[tuple[str | None, str | None]], today: date) -> date | None:
    """The last session's end when every session of an offer ended before ``today``
    (None when one is running, is to come, or has no known end)."""
    ends = [_lheo_last_day(end) for _, end in periods]
    if not ends or any(end is None or end >= today for end in ends):
        return None
    return max(end for end in ends if end is not None)


def _lheo_when(raw: str | None) -> str | None:
    """``20171003`` → "le 3 octobre 2017", ``20170900`` → "en septembre 2017", ``20170000``
    → "en 2017"; unknown dates (``00000000``, ``99999999``) → None."""
    if not raw or len(raw) != 8 or not raw.isdigit() or raw in ("00000000", "99999999"):
        return None
    year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:])
    if not 1 <= month <= 12:
        return f"en {year}" if month == 0 and year else None
    exact = _lheo_day(raw)
    if exact is not None:
        return f"le {french_date(exact)}"
    return f"en {FRENCH_MONTHS[month - 1]} {year}" if day == 0 else None


def _sessions(periods: list[tuple[str | None, str | None]]) -> str | None:
    """The sessions' dates in one French sentence (repeated periods said once)."""
    parts: list[str] = []
    for start, end in periods:
        begins, ends = _lheo_when(start), _lheo_when(end)
        said = [f"début {begins}" if begins else "", f"fin {ends}" if ends else ""]
        part = ", ".join(s for s in said if s)
        if part and part not in parts:
            parts.append(part)
    if not parts:
        return None
    return ("Session : " if len(parts) == 1 else "Sessions : ") + " ; ".join(parts) + "."


# -- offers ----------------------------------------------------------------------------


class _Bad(ValueError):
    """An offer that cannot be read; the message is the French reason."""


@dataclass
class _Place:
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    code_insee: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def columns(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class _Body:
    """A training body: the structure offering the training."""

    siret: str | None
    numero: str | None
    nom: str | None
    place: _Place = field(default_factory=_Place)
    telephone: str | None = None
    courriel: str | None = None
    site_web: str | None = None

    @property
    def key(self) -> str | None:
        return self.siret or self.numero

    def completed_by(self, other: _Body) -> _Body:
        """This body with its gaps filled from another record of the same organisation."""
        return _Body(
            siret=self.siret or other.siret,
            numero=self.numero or other.numero,
            nom=self.nom or other.nom,
            place=self.place if any(self.place.columns().values()) else other.place,
            telephone=self.telephone or other.telephone,
            courriel=self.courriel or other.courriel,
            site_web=self.site_web or other.site_web,
        )


@dataclass
class _Offer:
    ref: str
    titre: str | None
    body: _Body
    place: _Place
    date_maj: date | None = None
    objectif: str | None = None
    contenu: str | None = None
    resultats: str | None = None
    formacodes: list[str] = field(default_factory=list)
    certifiante: bool = False
    rncp: list[str] = field(default_factory=list)
    heures: str | None = None
    sessions: list[tuple[str | None, str | None]] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    info_publics: str | None = None
    enseignement: str | None = None
    conditions: str | None = None
    prise_en_charge: bool = False
    frais_restants: str | None = None
    prix: str | None = None
    url: str | None = None
    lieu: str | None = None
    telephone: str | None = None
    courriel: str | None = None


def _coordinate(raw: str | None, name: str) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _Bad(f"{name} illisible « {raw} »")
    return value


def _address(adresse: ET.Element | None) -> _Place:
    """An LHEO ``adresse`` (lines, postcode, town, INSEE code, geolocation)."""
    if adresse is None:
        return _Place()
    # Summaries write "-" for an unknown street line.
    lines = [line for line in _texts(adresse, "ligne") if any(c.isalnum() for c in line)]
    geo = _find(adresse, "geolocalisation")
    return _Place(
        adresse=", ".join(lines) or None,
        code_postal=_text(_find(adresse, "codepostal")),
        commune=_text(_find(adresse, "ville")),
        code_insee=_text(_find(adresse, "code-INSEE-commune")),
        latitude=_coordinate(_text(_find(geo, "latitude")), "latitude"),
        longitude=_coordinate(_text(_find(geo, "longitude")), "longitude"),
    )


def _contact(coordonnees: ET.Element | None) -> tuple[str | None, str | None, str | None]:
    """Phone, email and website of an LHEO ``coordonnees``."""
    phone = next(
        (t for k in ("telfixe", "portable") for t in _texts(coordonnees, k, "numtel")), None
    )
    web = next((u for u in _texts(coordonnees, "web", "urlweb") if _is_url(u)), None)
    return phone, _text(_find(coordonnees, "courriel")), web


def _is_url(value: str | None) -> bool:
    return bool(value) and str(value).startswith(("http://", "https://"))


def _siret(raw: str | None) -> str | None:
    # A malformed SIRET would make the whole body (and its offers) fail validation:
    # the organisme's own number identifies it just as well.
    compact = (raw or "").replace(" ", "")
    return compact if len(compact) == 14 and compact.isdigit() else None


def _periods(element: ET.Element) -> list[tuple[str | None, str | None]]:
    return [
        (_text(_find(s, "periode", "debut")), _text(_find(s, "periode", "fin")))
        for s in _children(element, "session")
    ]


def _summary(offer: ET.Element) -> _Offer:
    """One ``resume-offre`` of an ``lheo-index``."""
    organisme = _find(offer, "nom-organisme")
    place = _Place(
        code_postal=_text(_find(offer, "codepostal")),
        commune=_text(_find(offer, "ville")),
        code_insee=_text(_find(offer, "code-INSEE-commune")),
        latitude=_coordinate(_extra(offer, "geolocalisation", "latitude"), "latitude"),
        longitude=_coordinate(_extra(offer, "geolocalisation", "longitude"), "longitude"),
    )
    return _Offer(
        ref=offer.get("numero") or "",
        titre=_text(_find(offer, "intitule-formation")),
        body=_Body(
            siret=_siret(_text(_find(offer, "SIRET"))),
            numero=organisme.get("numero") if organisme is not None else None,
            nom=_text(organisme),
        ),
        place=place,
        date_maj=_lheo_day(offer.get("datemaj")),
        formacodes=_texts(offer, "domaine-formation", "code-FORMACODE"),
        certifiante=_text(_find(offer, "certifiante")) == "1",
        rncp=_texts(offer, "certification", "code-RNCP"),
        heures=_text(_find(offer, "nombre-heures-total")),
        sessions=_periods(offer),
        publics=_texts(offer, "code-public-vise"),
        enseignement=_text(_find(offer, "modalites-enseignement")),
        prise_en_charge=_text(_find(offer, "prise-en-charge-frais-possible")) == "1",
    )


def _body(organisme: ET.Element | None, *, formateur: bool) -> _Body | None:
    """The action's ``organisme-formateur`` or the formation's responsible body."""
    if organisme is None:
        return None
    if formateur:
        siret = _find(organisme, "SIRET-formateur", "SIRET")
        names = [_find(organisme, "raison-sociale-formateur")]
        coordonnees = _find(organisme, "contact-formateur", "coordonnees")
    else:
        siret = _find(organisme, "SIRET-organisme-formation", "SIRET")
        names = [_find(organisme, "nom-organisme"), _find(organisme, "raison-sociale")]
        coordonnees = _find(organisme, "coordonnees-organisme", "coordonnees")
    phone, email, web = _contact(coordonnees)
    return _Body(
        siret=_siret(_text(siret)),
        numero=organisme.get("numero"),
        nom=next((t for t in map(_text, names) if t), None),
        place=_address(_find(coordonnees, "adresse")),
        telephone=phone,
        courriel=email,
        site_web=web,
    )


def _url(element: ET.Element | None, name: str) -> str | None:
    return next((u for u in _texts(element, name, "urlweb") if _is_url(u)), None)


def _action(formation: ET.Element, action: ET.Element, ref: str) -> _Offer:
    """One ``action`` of a full ``formation``, with what it inherits from the formation."""
    responsable = _body(_find(formation, "organisme-formation-responsable"), formateur=False)
    body = _body(_find(action, "organisme-formateur"), formateur=True)
    if body is None:
        body = responsable
    elif responsable is not None and body.key and body.key == responsable.key:
        body = body.completed_by(responsable)
    contact_phone, contact_email, _ = _contact(_find(formation, "contact-formation", "coordonnees"))
    lieu = _find(action, "lieu-de-formation", "coordonnees")
    phone, email, _ = _contact(lieu)
    return _Offer(
        ref=ref,
        titre=_text(_find(formation, "intitule-formation")),
        body=body or _Body(None, None, None),
        place=_address(_find(lieu, "adresse")),
        date_maj=_lheo_day(action.get("datemaj")) or _lheo_day(formation.get("datemaj")),
        objectif=_block(_find(formation, "objectif-formation")),
        contenu=_block(_find(formation, "contenu-formation")),
        resultats=_block(_find(formation, "resultats-attendus")),
        formacodes=_texts(formation, "domaine-formation", "code-FORMACODE"),
        certifiante=_text(_find(formation, "certifiante")) == "1",
        rncp=_texts(formation, "certification", "code-RNCP"),
        heures=_text(_find(action, "nombre-heures-total")),
        sessions=_periods(action),
        publics=_texts(action, "code-public-vise"),
        info_publics=_block(_find(action, "info-public-vise")),
        enseignement=_text(_find(action, "modalites-enseignement")),
        conditions=_block(_find(action, "conditions-specifiques")),
        prise_en_charge=_text(_find(action, "prise-en-charge-frais-possible")) == "1",
        frais_restants=_block(_find(action, "frais-restants")),
        prix=_text(_find(action, "prix-total-TTC")),
        url=_url(action, "url-action") or _url(formation, "url-formation"),
        lieu=_text(_find(lieu, "nom")),
        telephone=phone or contact_phone,
        courriel=email or contact_email,
    )


@dataclass
class _Read:
    """An offer as read, or the reason it could not be."""

    ref: str
    offer: _Offer | None = None
    reason: str | None = None


def _read_summary(element: ET.Element) -> _Read:
    ref = element.get("numero") or ""
    try:
        return _Read(ref, _summary(element))
    except _Bad as error:
        return _Read(ref, reason=str(error))


def _read_formation(formation: ET.Element) -> list[_Read]:
    number = formation.get("numero")
    actions = _children(formation, "action")
    if not actions:
        return [_Read(number or "", reason="formation sans action")]
    reads = []
    for index, action in enumerate(actions, start=1):
        ref = action.get("numero") or (f"{number}--{index}" if number else "")
        try:
            reads.append(_Read(ref, _action(formation, action, ref)))
        except _Bad as error:
            reads.append(_Read(ref, reason=str(error)))
    return reads


def _parse(path: Path) -> Iterator[_Read]:
    """Every offer of the file, as its elements are read; FichierIllisible if the file
    is not well-formed LHEO."""
    try:
        with path.open("rb") as fh:
            # ElementTree fetches no external entity and expat (>= 2.4.1) refuses entity
            # expansion bombs, which is all defusedxml would add here.
            events = ET.iterparse(fh, events=("start", "end"))  # noqa: S314
            _, root = next(events)
            if _name(root) not in ("lheo", "lheo-index"):
                raise FichierIllisible(
                    f"{path.name} n'est pas un fichier LHEO : élément racine "
                    f"« {_name(root)} », attendu « lheo » ou « lheo-index »."
                )
            for event, element in events:
                if event != "end":
                    continue
                if _name(element) == "resume-offre":
                    yield _read_summary(element)
                    element.clear()
                elif _name(element) == "formation":
                    yield from _read_formation(element)
                    element.clear()
    except ET.ParseError as error:
        raise FichierIllisible(f"{path.name} n'est pas un XML lisible : {error}.") from error
    except OSError as error:
        raise FichierIllisible(f"{path} est illisible : {error.strerror or error}.") from error


# -- records ---------------------------------------------------------------------------


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _euros(amount: float) -> str:
    whole = f"{amount:,.2f}".replace(",", " ").replace(".", ",")
    return whole.removesuffix(",00")


def _fees(offer: _Offer) -> tuple[str | None, str | None]:
    """Frais and their French precisions."""
    price = _coordinate(offer.prix, "prix-total-TTC")
    notes = []
    if price:
        notes.append(f"Prix total : {_euros(price)} € TTC")
    if offer.prise_en_charge:
        notes.append("Prise en charge des frais possible")
    if offer.frais_restants:
        notes.append(f"Reste à charge : {offer.frais_restants.rstrip('.')}")
    frais = None if price is None else ("gratuit" if price == 0 else "payant")
    return frais, ". ".join(notes) + "." if notes else None


def _publics(offer: _Offer) -> tuple[list[str] | None, str | None]:
    table = public_codes()
    known = [table[c] for c in offer.publics if c in table]
    publics = {p for m in known for p in m.values}
    if Public.TOUS_PUBLICS.value in publics:
        publics = {Public.TOUS_PUBLICS.value}  # "tout public" may not be combined
    labels = list(dict.fromkeys(m.libelle for m in known))
    precisions = [f"Public visé : {', '.join(labels)}." if labels else None, offer.info_publics]
    return sorted(publics) or None, "\n".join(p for p in precisions if p) or None


def _description(offer: _Offer) -> str:
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
    parts.append(_sessions(offer.sessions))
    if offer.lieu:
        parts.append(f"Lieu de formation : {offer.lieu}.")
    return _clip("\n".join(p for p in parts if p), _TEXT_MAX)


def _structure(body: _Body, ref: str, source: str, day: date) -> dict[str, Any]:
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


def _service(offer: _Offer, ref: str, structure: str, source: str, day: date) -> dict[str, Any]:
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
    stated = _lheo_day(found.group(1).decode()) if found else None
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
    for position, read in enumerate(_parse(path), start=1):
        ref = f"{source}--{read.ref}" if read.ref else f"offre {position}"
        try:
            if read.offer is None:
                raise _Bad(read.reason or "offre illisible")
            if not read.ref:
                raise _Bad("offre sans numéro")
            offer = read.offer
            key = offer.body.key
            if not key:
                raise _Bad("organisme de formation sans SIRET ni numéro")
            ended = _ended(offer.sessions, today)
            if ended is not None:
                raise _Bad(
                    f"sessions terminées (la dernière le {french_date(ended)}) : offre non importée"
                )
            day = offer.date_maj or exported
            structure_ref = f"{source}--{key}"
            record = _service(offer, ref, structure_ref, source, day)
        except _Bad as error:
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
    place = list(_Place.__dataclass_fields__)
    if all(known.get(key) is None for key in place):
        known.update({key: data[key] for key in place})
    for key, value in data.items():
        if key not in place and known.get(key) is None:
            known[key] = value
    known["date_maj"] = max(known["date_maj"], data["date_maj"])
