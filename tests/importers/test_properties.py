"""Property-based tests: whatever the records, importers never crash, every bad record is
reported with a reason, and every good record is imported."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.errors import FichierIllisible
from importers.contract import ReadOptions
from importers.pipeline import run_import
from importers.registry import get_importer, importers

GOOD_STRUCTURE = {
    "source": "prop", "id": "prop--s", "nom": "Structure témoin", "date_maj": "2025-01-01",
    "code_insee": "13108", "commune": "Tarascon", "code_postal": "13150",
}  # fmt: skip
GOOD_SERVICE = {
    "source": "prop", "structure_id": "prop--s", "nom": "Service témoin",
    "description": "Une description suffisante.", "date_maj": "2025-01-01",
    "thematiques": ["mobilite--preparer-un-permis"], "modes_accueil": ["en-presentiel"],
}  # fmt: skip

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
EXTRA_FIELDS = {
    "frais", "publics", "latitude", "longitude", "code_insee", "zone_eligibilite",
    "courriel", "telephone", "lien_source",
}  # fmt: skip
fields = st.sampled_from(sorted(set(GOOD_SERVICE) | EXTRA_FIELDS))


@st.composite
def services(draw: st.DrawFn) -> tuple[list[Any], int]:
    """A mix of intact records and records with one to three fields broken."""
    records: list[Any] = []
    good = 0
    for n in range(draw(st.integers(1, 8))):
        record: dict[str, Any] = {**GOOD_SERVICE, "id": f"prop--{n}"}
        if draw(st.booleans()):
            good += 1
        else:
            for name in draw(st.lists(fields, min_size=1, max_size=3, unique=True)):
                if name in ("id", "source", "structure_id"):
                    continue
                record[name] = draw(junk)
            if draw(st.booleans()):
                record = draw(junk)  # not even an object
        records.append(record)
    return records, good


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=services())
def test_malformed_records_are_reported_and_good_ones_imported(
    engine: Engine, batch: tuple[list[Any], int]
) -> None:
    records, good = batch
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE outbox, services, structures, sightings CASCADE"))
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "structures.json").write_text(json.dumps([GOOD_STRUCTURE]))
        (Path(folder) / "services.json").write_text(json.dumps(records, default=str))
        report = run_import(engine, get_importer("data-inclusion"), Path(folder))
    counts = report.services
    assert counts.lus == len(records)
    assert counts.lus == counts.crees + counts.mis_a_jour + counts.inchanges + counts.rejetes
    assert counts.crees >= good  # a "broken" field may still hold an acceptable value
    assert all(r.reason for r in report.rejections)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM services")).scalar_one()
    assert stored == counts.crees


@pytest.mark.parametrize("kind", sorted(importers()))
@settings(max_examples=30, deadline=None)
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_no_importer_raises_anything_but_one_clear_error_on_any_file(
    kind: str, content: bytes
) -> None:
    importer = get_importer(kind)
    with tempfile.TemporaryDirectory() as folder:
        for name in ("structures.json", "services.json", "lieux.json", "offres.xml", "liste.csv"):
            (Path(folder) / name).write_bytes(content)
        for path in Path(folder).iterdir():
            try:
                result = importer.read(path, ReadOptions(source="fuzz"))
                list(result.records())
            except FichierIllisible as error:
                assert error.message and "\n" not in error.message.strip()
            except Exception as error:  # pragma: no cover - a failure to report
                if type(error).__name__ == "ParametreInvalide":
                    continue
                raise
