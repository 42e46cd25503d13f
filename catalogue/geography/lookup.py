"""Finding communes in the database: by INSEE code, postcode, name, point (in polygon).

Bulk matching of sources' postcodes and names lives in ``catalogue.geography.locator``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.orm import Session

from catalogue.errors import CommuneInconnue, HorsDeFrance
from catalogue.geography.names import normalise_name

_COLUMNS = """
    c.code, c.nom, c.type, c.parent_code, c.departement_code, c.region_code,
    c.epci_siren, c.population, c.codes_postaux,
    ST_X(c.point) AS longitude, ST_Y(c.point) AS latitude
"""


@dataclass(frozen=True)
class CommuneRef:
    code: str
    nom: str
    type: str
    parent_code: str | None
    departement_code: str
    region_code: str
    epci_siren: str | None
    population: int
    codes_postaux: tuple[str, ...]
    longitude: float
    latitude: float

    @classmethod
    def from_row(cls, row: RowMapping) -> CommuneRef:
        return cls(**{**row, "codes_postaux": tuple(row["codes_postaux"])})

    @property
    def eligibility_codes(self) -> list[str]:
        """The ``zone_eligibilite`` codes that cover this commune."""
        codes = [self.code, self.departement_code, "france", "99100"]
        if self.parent_code:
            codes.append(self.parent_code)
        if self.epci_siren:
            codes.append(self.epci_siren)
        return codes


Bind = Session | Connection


def commune_by_code(bind: Bind, code: str) -> CommuneRef:
    row = (
        bind.execute(
            text(f"SELECT {_COLUMNS} FROM communes c WHERE c.code = :code"), {"code": code}
        )
        .mappings()
        .first()
    )
    if row is None:
        raise CommuneInconnue(f"Aucune commune n'a le code INSEE « {code} ».")
    return CommuneRef.from_row(row)


def communes_by_postcode(bind: Bind, postcode: str) -> list[CommuneRef]:
    """Communes of a postcode, arrondissements first, then by population."""
    rows = bind.execute(
        text(
            f"SELECT {_COLUMNS} FROM communes c WHERE c.codes_postaux @> ARRAY[:cp]::varchar[] "
            "ORDER BY c.type = 'ARM' DESC, c.population DESC"
        ),
        {"cp": postcode},
    ).mappings()
    return [CommuneRef.from_row(r) for r in rows]


def commune_by_name(bind: Bind, name: str) -> CommuneRef | None:
    """The most populous commune of that (normalised) name."""
    row = (
        bind.execute(
            text(
                f"SELECT {_COLUMNS} FROM communes c WHERE c.nom_normalise = :n AND c.type = 'COM' "
                "ORDER BY c.population DESC LIMIT 1"
            ),
            {"n": normalise_name(name)},
        )
        .mappings()
        .first()
    )
    return None if row is None else CommuneRef.from_row(row)


def commune_at(bind: Bind, longitude: float, latitude: float) -> CommuneRef:
    """The commune (or arrondissement, more precise) containing a point; on the coast,
    outside every simplified contour, the nearest one within 2 km."""
    row = (
        bind.execute(
            text(
                f"""
                WITH p AS (SELECT ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) AS g)
                SELECT {_COLUMNS} FROM communes c, p
                 WHERE c.contour && ST_Expand(p.g, 0.03)  -- uses the GiST index
                   AND ST_DWithin(c.contour::geography, p.g::geography, 2000)
                 ORDER BY ST_Intersects(c.contour, p.g) DESC, c.type = 'ARM' DESC,
                          c.contour <-> p.g
                 LIMIT 1
                """
            ),
            {"lon": longitude, "lat": latitude},
        )
        .mappings()
        .first()
    )
    if row is None:
        raise HorsDeFrance(
            f"Le point (latitude {latitude:.5f}, longitude {longitude:.5f}) "
            "n'est dans aucune commune française."
        )
    return CommuneRef.from_row(row)
