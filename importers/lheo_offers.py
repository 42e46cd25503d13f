"""LHEO XML read into offers: the elements of both shapes of the format (``lheo-index``
summaries, full ``formation/action`` documents), their dates, places and bodies."""

from __future__ import annotations

import calendar
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from catalogue.errors import FichierIllisible
from catalogue.opening_hours import FRENCH_MONTHS, french_date

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


def lheo_day(raw: str | None) -> date | None:
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
        return lheo_day(f"{year:04d}1231")
    if raw[6:] == "00" and 1 <= month <= 12:
        return date(year, month, calendar.monthrange(year, month)[1])
    return lheo_day(raw)


def offer_end(periods: list[tuple[str | None, str | None]]) -> date | None:
    """The last day of an offer's last session (None when one has no known end)."""
    ends = [_lheo_last_day(end) for _, end in periods]
    known = [end for end in ends if end is not None]
    if not ends or len(known) < len(ends):
        return None
    return max(known)


def last_session_end(periods: list[tuple[str | None, str | None]], today: date) -> date | None:
    """The last session's end when every session of an offer ended before ``today``
    (None when one is running, is to come, or has no known end)."""
    end = offer_end(periods)
    return end if end is not None and end < today else None


def _lheo_when(raw: str | None) -> str | None:
    """``20171003`` → "le 3 octobre 2017", ``20170900`` → "en septembre 2017", ``20170000``
    → "en 2017"; unknown dates (``00000000``, ``99999999``) → None."""
    if not raw or len(raw) != 8 or not raw.isdigit() or raw in ("00000000", "99999999"):
        return None
    year, month, day = int(raw[:4]), int(raw[4:6]), int(raw[6:])
    if not 1 <= month <= 12:
        return f"en {year}" if month == 0 and year else None
    exact = lheo_day(raw)
    if exact is not None:
        return f"le {french_date(exact)}"
    return f"en {FRENCH_MONTHS[month - 1]} {year}" if day == 0 else None


def sessions_text(periods: list[tuple[str | None, str | None]]) -> str | None:
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


class BadOffer(ValueError):
    """An offer that cannot be read; the message is the French reason."""


@dataclass
class Place:
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = None
    code_insee: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def columns(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Body:
    """A training body: the structure offering the training."""

    siret: str | None
    numero: str | None
    nom: str | None
    place: Place = field(default_factory=Place)
    telephone: str | None = None
    courriel: str | None = None
    site_web: str | None = None

    @property
    def key(self) -> str | None:
        return self.siret or self.numero

    def completed_by(self, other: Body) -> Body:
        """This body with its gaps filled from another record of the same organisation."""
        return Body(
            siret=self.siret or other.siret,
            numero=self.numero or other.numero,
            nom=self.nom or other.nom,
            place=self.place if any(self.place.columns().values()) else other.place,
            telephone=self.telephone or other.telephone,
            courriel=self.courriel or other.courriel,
            site_web=self.site_web or other.site_web,
        )


@dataclass
class Offer:
    ref: str
    titre: str | None
    body: Body
    place: Place
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


def coordinate(raw: str | None, name: str) -> float | None:
    if raw is None:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise BadOffer(f"{name} illisible « {raw} »")
    return value


def _address(adresse: ET.Element | None) -> Place:
    """An LHEO ``adresse`` (lines, postcode, town, INSEE code, geolocation)."""
    if adresse is None:
        return Place()
    # Summaries write "-" for an unknown street line.
    lines = [line for line in _texts(adresse, "ligne") if any(c.isalnum() for c in line)]
    geo = _find(adresse, "geolocalisation")
    return Place(
        adresse=", ".join(lines) or None,
        code_postal=_text(_find(adresse, "codepostal")),
        commune=_text(_find(adresse, "ville")),
        code_insee=_text(_find(adresse, "code-INSEE-commune")),
        latitude=coordinate(_text(_find(geo, "latitude")), "latitude"),
        longitude=coordinate(_text(_find(geo, "longitude")), "longitude"),
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


def _summary(offer: ET.Element) -> Offer:
    """One ``resume-offre`` of an ``lheo-index``."""
    organisme = _find(offer, "nom-organisme")
    place = Place(
        code_postal=_text(_find(offer, "codepostal")),
        commune=_text(_find(offer, "ville")),
        code_insee=_text(_find(offer, "code-INSEE-commune")),
        latitude=coordinate(_extra(offer, "geolocalisation", "latitude"), "latitude"),
        longitude=coordinate(_extra(offer, "geolocalisation", "longitude"), "longitude"),
    )
    return Offer(
        ref=offer.get("numero") or "",
        titre=_text(_find(offer, "intitule-formation")),
        body=Body(
            siret=_siret(_text(_find(offer, "SIRET"))),
            numero=organisme.get("numero") if organisme is not None else None,
            nom=_text(organisme),
        ),
        place=place,
        date_maj=lheo_day(offer.get("datemaj")),
        formacodes=_texts(offer, "domaine-formation", "code-FORMACODE"),
        certifiante=_text(_find(offer, "certifiante")) == "1",
        rncp=_texts(offer, "certification", "code-RNCP"),
        heures=_text(_find(offer, "nombre-heures-total")),
        sessions=_periods(offer),
        publics=_texts(offer, "code-public-vise"),
        enseignement=_text(_find(offer, "modalites-enseignement")),
        prise_en_charge=_text(_find(offer, "prise-en-charge-frais-possible")) == "1",
    )


def _body(organisme: ET.Element | None, *, formateur: bool) -> Body | None:
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
    return Body(
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


def _action(formation: ET.Element, action: ET.Element, ref: str) -> Offer:
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
    return Offer(
        ref=ref,
        titre=_text(_find(formation, "intitule-formation")),
        body=body or Body(None, None, None),
        place=_address(_find(lieu, "adresse")),
        date_maj=lheo_day(action.get("datemaj")) or lheo_day(formation.get("datemaj")),
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
    offer: Offer | None = None
    reason: str | None = None


def _read_summary(element: ET.Element) -> _Read:
    ref = element.get("numero") or ""
    try:
        return _Read(ref, _summary(element))
    except BadOffer as error:
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
        except BadOffer as error:
            reads.append(_Read(ref, reason=str(error)))
    return reads


def read_offers(path: Path) -> Iterator[_Read]:
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
            found = False
            for event, element in events:
                if event != "end":
                    continue
                if _name(element) == "resume-offre":
                    found = True
                    yield _read_summary(element)
                    element.clear()
                elif _name(element) == "formation":
                    found = True
                    yield from _read_formation(element)
                    element.clear()
            if not found:  # (elements nested anywhere else, however deep, are not offers)
                raise FichierIllisible(
                    f"{path.name} ne contient aucune offre LHEO (ni « formation » ni "
                    "« resume-offre ») : rien n'a été importé."
                )
    except ET.ParseError as error:
        raise FichierIllisible(f"{path.name} n'est pas un XML lisible : {error}.") from error
    except OSError as error:
        raise FichierIllisible(f"{path} est illisible : {error.strerror or error}.") from error
