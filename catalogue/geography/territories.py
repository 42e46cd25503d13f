"""A territory named by its code — a département, an EPCI (SIREN) or a commune (INSEE) —
and the communes it covers (a commune's arrondissements with it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.engine import Connection

from catalogue.errors import TerritoireInconnu
from catalogue.models.geography import Commune, Departement, Epci


@dataclass(frozen=True)
class Territory:
    code: str
    nom: str
    communes: Select[Any]  # of their codes


def territory(conn: Connection, raw: str) -> Territory:
    code = raw.strip().upper()[:20]
    if nom := conn.scalar(select(Departement.nom).where(Departement.code == code)):
        return Territory(code, nom, select(Commune.code).where(Commune.departement_code == code))
    if nom := conn.scalar(select(Epci.nom).where(Epci.siren == code)):
        return Territory(code, nom, select(Commune.code).where(Commune.epci_siren == code))
    if nom := conn.scalar(select(Commune.nom).where(Commune.code == code)):
        communes = select(Commune.code).where(
            or_(Commune.code == code, Commune.parent_code == code)
        )
        return Territory(code, nom, communes)
    raise TerritoireInconnu(
        f"« {code} » n'est ni un département, ni un EPCI (SIREN), ni une commune (INSEE)."
    )


def covers(conn: Connection, area: Territory, commune: str) -> bool:
    """Whether the commune (or arrondissement) lies in the territory."""
    return bool(conn.scalar(select(area.communes.where(Commune.code == commune).exists())))
