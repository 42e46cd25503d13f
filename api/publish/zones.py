"""Eligibility zones: suggestions (commune, EPCI, département, France) and labels."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection, Engine

from api.reference.queries import suggest_communes
from catalogue.errors import ParametreInvalide
from catalogue.geography.names import normalise_name
from catalogue.models import Commune, Departement, Epci

_C, _D, _E = Commune.__table__, Departement.__table__, Epci.__table__
FRANCE = {"code": "france", "libelle": "France entière", "type": "pays"}


def suggest_zones(engine: Engine, q: str, limit: int = 10) -> list[dict[str, Any]]:
    q = q.strip()[:100]
    if not q:
        raise ParametreInvalide("« q » est vide : tapez le début d'un nom ou d'un code.")
    found: list[dict[str, Any]] = []
    folded = func.maillage_fold(q)
    if normalise_name(q).startswith("franc"):
        found.append(FRANCE)
    with engine.connect() as conn:
        for code, nom in conn.execute(
            select(_D.c.code, _D.c.nom)
            .where(
                or_(_D.c.code == q.upper(), func.strpos(func.maillage_fold(_D.c.nom), folded) == 1)
            )
            .order_by(_D.c.code)
            .limit(3)
        ):
            found.append(
                {"code": code, "libelle": f"{nom} (département {code})", "type": "departement"}
            )
        for siren, nom in conn.execute(
            select(_E.c.siren, _E.c.nom)
            .where(or_(_E.c.siren == q, func.strpos(func.maillage_fold(_E.c.nom), folded) > 0))
            .order_by(func.length(_E.c.nom), _E.c.nom)
            .limit(3)
        ):
            found.append({"code": siren, "libelle": f"{nom} (EPCI)", "type": "epci"})
    if not q.isdigit() or len(q) <= 5:
        for commune in suggest_communes(engine, q, limit):
            found.append(
                {"code": commune["code"], "libelle": commune["libelle"], "type": "commune"}
            )
    return found[: limit + 4]


def zone_labels(conn: Connection, codes: list[str]) -> list[dict[str, str]]:
    """Each code of a zone with what to show for it (the code itself when unknown)."""
    labels = {"france": FRANCE["libelle"], "99100": FRANCE["libelle"]}
    if codes:
        for code, nom in conn.execute(select(_C.c.code, _C.c.nom).where(_C.c.code.in_(codes))):
            labels[code] = f"{nom} ({code})"
        for code, nom in conn.execute(select(_D.c.code, _D.c.nom).where(_D.c.code.in_(codes))):
            labels.setdefault(code, f"{nom} (département {code})")
        for code, nom in conn.execute(select(_E.c.siren, _E.c.nom).where(_E.c.siren.in_(codes))):
            labels[code] = f"{nom} (EPCI)"
    return [{"code": code, "libelle": labels.get(code, code)} for code in codes]
