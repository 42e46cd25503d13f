"""The synthetic dataset generator, on the real reference geography of the test stack."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from data_inclusion.schema.v1 import Categorie, Public, Service, Structure, Thematique
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench.generate import generate, load_communes
from bench.kinds import OFFRES
from bench.records import FRESHNESS_DAYS, PHONE_PREFIX, REFERENCE_DATE, Commune
from catalogue.settings import PROJECT_ROOT, Settings
from catalogue.vocabulary import category_of, freins, freins_of
from importers.pipeline import ImportReport, run_import
from importers.registry import get_importer

SAMPLE = PROJECT_ROOT / "data" / "sample"
SAMPLE_COMMAND = ("--source", "maillage-demo", "--services", "1500", "--seed", "7")
FILES = ("structures.json", "services.json")
PARENT_CITIES = {"75056", "13055", "69123"}  # their arrondissements are used instead


@pytest.fixture(scope="module")
def communes(scratch_engine: Engine) -> list[Commune]:
    return load_communes(scratch_engine)


def dump(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    structures, services = (json.loads((folder / name).read_text()) for name in FILES)
    return structures, services


def make(tmp_path: Path, communes: list[Commune], services: int, seed: int = 1) -> Path:
    out = tmp_path / f"n{services}-s{seed}"
    summary = generate(communes, out, services=services, seed=seed, source="synthetique")
    assert summary.services == services
    return out


def adds_up(report: ImportReport) -> bool:
    return all(
        c.lus == c.crees + c.mis_a_jour + c.inchanges + c.rejetes
        for c in (report.structures, report.services)
    )


def km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    dx = (lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2)) * 111.32
    return math.hypot(dx, (lat2 - lat1) * 111.32)


def test_templates_cover_every_thematique_of_the_schema() -> None:
    used = {t for offre in OFFRES.values() for t in (*offre.themes, *offre.extras)}
    assert {t for t in Thematique if "--" in t.value} <= used


def test_same_seed_gives_the_same_bytes_another_seed_other_bytes(
    tmp_path: Path, communes: list[Commune]
) -> None:
    first = make(tmp_path / "a", communes, 300, seed=1)
    again = make(tmp_path / "b", communes, 300, seed=1)
    other = make(tmp_path / "c", communes, 300, seed=2)
    for name in FILES:
        assert (first / name).read_bytes() == (again / name).read_bytes()
        assert (first / name).read_bytes() != (other / name).read_bytes()


def test_the_command_gives_the_same_bytes_in_another_process(
    tmp_path: Path, communes: list[Commune], scratch_settings: Settings
) -> None:
    """Another interpreter, another hash seed: no set order or global state leaks in."""
    here = make(tmp_path, communes, 300, seed=5)
    out = tmp_path / "cli"
    env = {**os.environ, "MAILLAGE_DB_URL": scratch_settings.database_url, "PYTHONHASHSEED": "7"}
    command = [sys.executable, "-m", "bench.generate", "--services", "300", "--seed", "5"]
    subprocess.run([*command, "--out", str(out)], env=env, cwd=PROJECT_ROOT, check=True)
    for name in FILES:
        assert (out / name).read_bytes() == (here / name).read_bytes()


def test_every_record_is_valid_data_inclusion_v1_and_plausible(
    tmp_path: Path, communes: list[Commune]
) -> None:
    structures, services = dump(make(tmp_path, communes, 300, seed=3))
    strict = {"ignore_warnings": False}  # the schema's warnings count as errors here
    for record in structures:
        Structure.model_validate(record, context=strict)
    for record in services:
        Service.model_validate(record, context=strict)

    by_code = {c.code: c for c in communes}
    assert len({s["id"] for s in structures}) == len(structures)
    assert len({s["id"] for s in services}) == len(services) == 300
    assert {s["structure_id"] for s in services} == {s["id"] for s in structures}
    oldest = (REFERENCE_DATE - timedelta(days=FRESHNESS_DAYS)).isoformat()
    for record in structures:
        commune = by_code[record["code_insee"]]
        assert record["code_insee"] not in PARENT_CITIES
        assert record["code_postal"] in commune.codes_postaux
        assert record["commune"] == commune.nom  # an arrondissement's city: "Marseille"
        assert km(record["longitude"], record["latitude"], commune.longitude, commune.latitude) < 1
    for record in (*structures, *services):
        assert oldest <= record["date_maj"] <= REFERENCE_DATE.isoformat()
        assert record["telephone"] is None or (
            record["telephone"].startswith(PHONE_PREFIX) and len(record["telephone"]) == 12
        )
        assert record["courriel"] is None or record["courriel"].endswith("@example.org")
    for record in services:
        assert 200 <= len(record["description"]) <= 800
        publics = record["publics"]
        assert publics and (publics == [Public.TOUS_PUBLICS.value] or "tous-publics" not in publics)


def test_the_import_loads_everything_with_zero_rejections(
    engine: Engine, tmp_path: Path, communes: list[Commune]
) -> None:
    out = make(tmp_path, communes, 300, seed=4)
    structures, services = dump(out)
    report = run_import(engine, get_importer("data-inclusion"), out)
    assert report.rejections == []
    assert adds_up(report)
    assert (report.structures.crees, report.services.crees) == (len(structures), 300)
    assert report.sources == ["synthetique"]
    assert report.warnings == []  # no point far from its commune, no unknown zone code
    with engine.connect() as conn:
        precisions = dict(
            conn.execute(
                text("SELECT geocoding_precision, count(*) FROM structures GROUP BY 1")
            ).all()
        )
        remote_only = conn.execute(
            text("SELECT count(*) FROM services WHERE location IS NULL")
        ).scalar_one()
    assert precisions == {"source": len(structures)}  # our points are trusted as given
    assert remote_only == sum(s["modes_accueil"] == ["a-distance"] for s in services)


def test_the_mix_is_realistic_at_two_thousand_services(
    tmp_path: Path, communes: list[Commune]
) -> None:
    structures, services = dump(make(tmp_path, communes, 2000))
    n = len(services)
    themes = [set(s["thematiques"]) for s in services]
    assert {category_of(t) for ts in themes for t in ts} == {c.value for c in Categorie}
    assert {f for ts in themes for f in freins_of(ts)} == set(freins())
    remote = sum("a-distance" in s["modes_accueil"] for s in services) / n
    assert 0.15 <= remote <= 0.25
    tous = sum(s["publics"] == ["tous-publics"] for s in services) / n
    assert 0.4 <= tous <= 0.6
    assert 1.3 <= n / len(structures) <= 1.8
    frais = Counter(s["frais"] for s in services)
    assert frais["gratuit"] > 0.6 * n and frais["payant"] > 0.05 * n and frais[None] > 0.05 * n
    zones = Counter(
        "aucune"
        if not z
        else "france"
        if z == ["france"]
        else {5: "commune", 9: "epci"}.get(len(z[0]), "departement")
        for z in (s["zone_eligibilite"] for s in services)
    )
    for zone, share in (("aucune", 0.35), ("commune", 0.2), ("epci", 0.15), ("france", 0.05)):
        assert abs(zones[zone] / n - share) < 0.05, zones
    assert abs(zones["departement"] / n - 0.25) < 0.05, zones
    codes = Counter(s["code_insee"] for s in structures)
    assert not PARENT_CITIES & set(codes)
    assert sum(v for code, v in codes.items() if code.startswith("751")) > 10  # Paris
    words = " ".join(f"{s['nom']} {s['description']}" for s in services).lower()
    for word in ("garage solidaire", "permis", "crèche", "garde d'enfants", "cv", "épicerie"):
        assert word in words


def test_departements_restrict_the_communes(scratch_engine: Engine, tmp_path: Path) -> None:
    communes = load_communes(scratch_engine, ["90", "13"])
    structures, services = dump(make(tmp_path, communes, 200))
    assert {s["code_insee"][:2] for s in structures} == {"90", "13"}
    assert all(s["code_insee"] is None or s["code_insee"][:2] in ("90", "13") for s in services)


def test_the_committed_sample_is_what_its_command_produces(
    tmp_path: Path, scratch_settings: Settings
) -> None:
    out = tmp_path / "sample"
    env = {**os.environ, "MAILLAGE_DB_URL": scratch_settings.database_url}
    command = [sys.executable, "-m", "bench.generate", *SAMPLE_COMMAND, "--out", str(out)]
    subprocess.run(command, env=env, cwd=PROJECT_ROOT, check=True)
    for name in FILES:
        assert (out / name).read_bytes() == (SAMPLE / name).read_bytes(), (
            f"data/sample/{name} is stale: regenerate it (see data/sample/README.md)"
        )


def test_the_committed_sample_imports_with_zero_rejections(engine: Engine) -> None:
    assert sum((SAMPLE / name).stat().st_size for name in FILES) < 3_000_000
    report = run_import(engine, get_importer("data-inclusion"), SAMPLE)
    assert report.rejections == []
    assert adds_up(report)
    assert report.services.crees == 1500
    assert report.sources == ["maillage-demo"]
