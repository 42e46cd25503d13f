"""Files built to break a reader: nested thousands of levels deep. Each import stops with
a French reason, writes nothing, and its run says why in the history."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from catalogue.errors import FichierIllisible
from importers.pipeline import run_import
from importers.registry import get_importer

DEPTH = 100_000


def _nested_json(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text('[{"id": "a", "nom": ' + "[" * DEPTH + "]" * DEPTH + "}]")
    return path


@pytest.mark.parametrize(
    ("kind", "name"),
    [("data-inclusion", "structures.json"), ("soliguide", "lieux.json"), ("hsds", "hsds.json")],
)
def test_json_nested_too_deep_is_refused_in_french(
    engine: Engine, tmp_path: Path, kind: str, name: str
) -> None:
    path = _nested_json(tmp_path / kind, name)
    with pytest.raises(FichierIllisible, match="imbrication trop profonde"):
        run_import(engine, get_importer(kind), path)
    _nothing_written_and_the_run_says_why(engine, "imbrication trop profonde")


def test_xml_nested_too_deep_holds_no_offer_and_is_refused(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "offres.xml"
    path.write_text('<?xml version="1.0"?><lheo>' + "<a>" * DEPTH + "</a>" * DEPTH + "</lheo>")
    with pytest.raises(FichierIllisible, match="aucune offre LHEO"):
        run_import(engine, get_importer("lheo"), path)
    _nothing_written_and_the_run_says_why(engine, "aucune offre LHEO")


def _nothing_written_and_the_run_says_why(engine: Engine, reason: str) -> None:
    with engine.connect() as conn:
        written = conn.execute(
            text("SELECT (SELECT count(*) FROM structures) + (SELECT count(*) FROM services)")
        ).scalar_one()
        error = conn.execute(
            text("SELECT error FROM import_runs ORDER BY id DESC LIMIT 1")
        ).scalar_one()
    assert written == 0
    assert reason in error
