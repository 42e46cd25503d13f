"""Finding communes in the database: by INSEE code, postcode, name, point (in polygon).

Bulk matching of sources' postcodes and names lives in ``catalogue.geography.locator``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, func, literal, null, text
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.orm import Session

from catalogue.errors import CommuneInconnue, HorsDeFrance
from catalogue.geography.names import arrondissement_of, normalise_name

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
        fields = {name: row[name] for name in cls.__dataclass_fields__}
        return cls(**{**fields, "codes_postaux": tuple(row["codes_postaux"])})

    @property
    def zone_tiers(self) -> list[list[str]]:
        """The eligibility-zone codes that name this place, closest first: the commune
        (or its parent city), its EPCI, its département. Search ranks a remote service
        whose zone names an earlier tier ahead; nationwide ones (``france``, or no zone)
        come after all of them."""
        tiers = [[self.code, *([self.parent_code] if self.parent_code else [])]]
        if self.epci_siren:
            tiers.append([self.epci_siren])
        tiers.append([self.departement_code])
        return tiers

    @property
    def eligibility_codes(self) -> list[str]:
        """The ``zone_eligibilite`` codes that cover this commune (``eligibility_codes_sql``
        on the communes table)."""
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


def _communes(bind: Bind, where: str, values: dict[str, Any]) -> list[CommuneRef]:
    """The communes a ``WHERE`` clause (and its ``ORDER BY``) selects."""
    rows = bind.execute(text(f"SELECT {_COLUMNS} FROM communes c WHERE {where}"), values)
    return [CommuneRef.from_row(r) for r in rows.mappings()]


def communes_by_postcode(bind: Bind, postcode: str) -> list[CommuneRef]:
    """Communes of a postcode, arrondissements first, then by population."""
    return _communes(
        bind,
        "c.codes_postaux @> ARRAY[:cp]::varchar[] ORDER BY c.type = 'ARM' DESC, c.population DESC",
        {"cp": postcode},
    )


def communes_named(bind: Bind, name: str) -> list[CommuneRef]:
    """Every commune of that name (normalised), most populous first; for an arrondissement's
    name in any of its forms ("Paris 18", "Lyon 3e", "Marseille 1er"), that arrondissement."""
    wanted = normalise_name(name)
    arrondissement = arrondissement_of(wanted)
    if arrondissement is not None:
        city = _communes(
            bind,
            "c.type = 'ARM' AND c.nom_normalise LIKE :city ORDER BY c.code",
            {"city": arrondissement[0] + " %"},
        )
        numbered = [c for c in city if arrondissement_of(normalise_name(c.nom)) == arrondissement]
        if numbered:
            return numbered
    return _communes(
        bind,
        "c.nom_normalise = :n AND c.type = 'COM' ORDER BY c.population DESC, c.code",
        {"n": wanted},
    )


def communes_spelled_like(bind: Bind, name: str) -> list[CommuneRef]:
    """The communes whose name is the fewest typing slips away from ``name`` ("Tarrascon"):
    one slip for a short name, two from eight letters on; none when nothing is that close."""
    wanted = normalise_name(name)
    slips = 1 if len(wanted) < 8 else 2
    if len(wanted) < 4:
        return []
    rows = bind.execute(
        text(
            f"""
            SELECT {_COLUMNS}, levenshtein_less_equal(c.nom_normalise, :n, :k) AS slips
              FROM communes c
             WHERE c.type = 'COM' AND length(c.nom_normalise) BETWEEN :shortest AND :longest
               AND levenshtein_less_equal(c.nom_normalise, :n, :k) <= :k
             ORDER BY slips, c.population DESC, c.code
            """
        ),
        {"n": wanted, "k": slips, "shortest": len(wanted) - slips, "longest": len(wanted) + slips},
    ).mappings()
    found = [(r["slips"], CommuneRef.from_row(r)) for r in rows]
    return [commune for count, commune in found if count == found[0][0]]


NATIONWIDE = {"france": "France entière", "99100": "France entière"}


def zone_names(bind: Bind, codes: set[str]) -> dict[str, str]:
    """The names of eligibility-zone codes (commune, EPCI, département, ``france``); a
    code no table knows is left out."""
    names = {code: NATIONWIDE[code] for code in codes if code in NATIONWIDE}
    wanted = sorted(codes - set(names))
    if wanted:
        rows = bind.execute(
            text(
                "SELECT code, nom FROM communes WHERE code = ANY(:c) "
                "UNION ALL SELECT siren, nom FROM epcis WHERE siren = ANY(:c) "
                "UNION ALL SELECT code, nom FROM departements WHERE code = ANY(:c)"
            ),
            {"c": wanted},
        )
        names.update({code: nom for code, nom in rows})
    return names


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


def eligibility_codes_sql(communes: Any) -> ColumnElement[Any]:
    """``CommuneRef.eligibility_codes`` of each row of a ``communes`` table, as an array."""
    codes = func.array_remove(
        array(
            [
                communes.c.code,
                communes.c.departement_code,
                literal("france"),
                literal("99100"),
                communes.c.parent_code,
                communes.c.epci_siren,
            ],
            type_=Text,
        ),
        null(),
    )
    return cast(codes, ARRAY(Text))
