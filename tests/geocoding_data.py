"""Real addresses with known coordinates for the geocoding tests: the France Travail
agencies of ../shared, as a small BAN file (what the geocoder knows) and as data·inclusion
structures without coordinates (what an import asks it)."""

from __future__ import annotations

import csv
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy.engine import Engine

from catalogue.geography.locator import LocationError, Locator, locator_for
from catalogue.settings import GeocoderSettings, Settings
from catalogue.stack import Stack
from maillage.cli import main
from tests.conftest import REAL_DATA

AGENCIES = REAL_DATA / "france-travail" / "agences-2019.csv"
_NUMBERED = re.compile(r"^\s*(\d+)\s*(bis|ter|quater|[a-z](?= ))?\s+(\S.+)$", re.IGNORECASE)
BAN_COLUMNS = [
    "id",
    "id_fantoir",
    "numero",
    "rep",
    "nom_voie",
    "code_postal",
    "code_insee",
    "nom_commune",
    "code_insee_ancienne_commune",
    "nom_ancienne_commune",
    "x",
    "y",
    "lon",
    "lat",
    "type_position",
    "alias",
    "nom_ld",
    "libelle_acheminement",
    "nom_afnor",
    "source_position",
    "source_nom_voie",
    "certification_commune",
    "cad_parcelles",
]


@dataclass(frozen=True)
class Agency:
    ref: str
    adresse: str
    numero: str
    rep: str
    voie: str
    code_postal: str
    commune: str
    code_insee: str
    nom_commune: str
    longitude: float
    latitude: float


def agencies(locator: Locator, every: int = 4) -> list[Agency]:
    """Every ``every``-th agency whose address has a number and whose commune we know."""
    found = []
    with AGENCIES.open(encoding="utf-8") as stream:
        rows = [r for r in csv.DictReader(stream) if _NUMBERED.match(r["ADRESSE"])]
    for row in rows[::every]:
        match = _NUMBERED.match(row["ADRESSE"])
        assert match is not None
        try:
            commune = locator.commune_for(None, row["CODE_POSTAL"], row["COMMUNE"])
        except LocationError:
            continue
        found.append(
            Agency(
                ref=row["REFERENCE_PE"],
                adresse=row["ADRESSE"].strip(),
                numero=match.group(1),
                rep=(match.group(2) or "").lower(),
                voie=match.group(3).strip(),
                code_postal=row["CODE_POSTAL"],
                commune=row["COMMUNE"],
                code_insee=commune.code,
                nom_commune=commune.nom,
                longitude=float(row["DN_LONGITUDE"].replace(",", ".")),
                latitude=float(row["DN_LATITUDE"].replace(",", ".")),
            )
        )
    return found


def write_ban_csv(path: Path, known: list[Agency]) -> Path:
    """The agencies as the BAN publishes addresses, each with two neighbours on its
    street (numbers + 2 and + 4, a little further along) so numbers must be told apart."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, BAN_COLUMNS, delimiter=";")
        writer.writeheader()
        for street, agency in enumerate(known):
            for step in (0, 2, 4):
                numero = int(agency.numero) + step
                rep = agency.rep if step == 0 else ""
                ban_id = f"{agency.code_insee}_{street:04d}_{numero:05d}" + (
                    f"_{rep}" if rep else ""
                )
                writer.writerow(
                    {
                        "id": ban_id,
                        "numero": numero,
                        "rep": rep,
                        "nom_voie": agency.voie.title(),
                        "code_postal": agency.code_postal,
                        "code_insee": agency.code_insee,
                        "nom_commune": agency.nom_commune,
                        "lon": f"{agency.longitude + step * 0.0002:.6f}",
                        "lat": f"{agency.latitude + step * 0.0002:.6f}",
                    }
                )
    return path


def write_structures(
    folder: Path, records: list[dict[str, Any]], services: list[dict[str, Any]] | None = None
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "structures.json").write_text(json.dumps(records, ensure_ascii=False))
    (folder / "services.json").write_text(json.dumps(services or [], ensure_ascii=False))
    return folder


def service_at_its_structure(ref: str) -> dict[str, Any]:
    """A data·inclusion service received in person, that gives no place of its own."""
    return {
        "source": "france-travail",
        "structure_id": f"france-travail--{ref}",
        "id": f"france-travail--{ref}--accueil",
        "nom": "Accueil des demandeurs d'emploi",
        "description": "Inscription, conseil et suivi des demandeurs d'emploi, sur place.",
        "date_maj": "2025-01-01",
        "type": "accompagnement",
        "thematiques": ["choisir-un-metier--decouvrir-un-metier-ou-un-secteur-dactivite"],
        "modes_accueil": ["en-presentiel"],
    }


def structure(ref: str, adresse: str, code_postal: str, commune: str) -> dict[str, Any]:
    """A data·inclusion structure at this address, without coordinates."""
    return {
        "source": "france-travail",
        "id": f"france-travail--{ref}",
        "nom": f"Agence {ref}",
        "date_maj": "2025-01-01",
        "commune": commune,
        "code_postal": code_postal,
        "adresse": adresse,
        "longitude": None,
        "latitude": None,
    }


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def load_agencies(stack: Stack, engine: Engine, folder: Path) -> list[Agency]:
    """The agencies, loaded into the test stack's addok with ``maillage geocodeur charger``
    (again, if they were: loading replaces)."""
    with engine.connect() as conn:
        found = agencies(locator_for(conn))
    ban = write_ban_csv(folder / "adresses-test.csv", found)
    s = stack.settings
    env = {
        "MAILLAGE_STACK_VAR_DIR": str(s.var_dir),
        "MAILLAGE_STACK_REDIS_PORT": str(s.redis_port),
        "MAILLAGE_STACK_ADDOK_PORT": str(s.addok_port),
    }
    loaded = CliRunner().invoke(main, ["geocodeur", "charger", str(ban)], env=env)
    assert loaded.exit_code == 0, loaded.output
    assert f"{len(found) * 3} adresse(s)" in loaded.output, loaded.output
    return found


def with_geocoder(settings: Settings, stack: Stack) -> Settings:
    """``settings``, geocoding with the test stack's addok."""
    return settings.model_copy(update={"geocoder": GeocoderSettings(url=stack.addok.url)})
