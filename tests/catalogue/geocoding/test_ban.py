"""BAN files read as addok documents: the CSV grouped by street as the BAN's own ndjson."""

from __future__ import annotations

from pathlib import Path

import orjson

from catalogue.geocoding.ban import Loaded, documents

HEADER = "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n"


def read(path: Path) -> tuple[list[dict[str, object]], Loaded]:
    loaded = Loaded()
    return list(documents(path, loaded)), loaded


def test_csv_rows_become_one_document_per_street_with_its_numbers(tmp_path: Path) -> None:
    ban = tmp_path / "adresses-13.csv"
    arrondissement = "13002;13202;Marseille 2e Arrondissement"
    ban.write_text(
        HEADER
        + f"13202_0010_00012;12;;Rue de la République;{arrondissement};5.3712;43.2990\n"
        + f"13202_0010_00014_bis;14;bis;Rue de la République;{arrondissement};5.3714;43.2992\n"
        + f"13202_0020_00001;1;;Quai du Port;{arrondissement};5.3690;43.2960\n"
        + f"13202_0020_00003;3;;Quai du Port;{arrondissement};;\n"
    )
    docs, loaded = read(ban)
    streets = {d["_id"]: d for d in docs if d["type"] == "street"}
    assert set(streets) == {"13202_0010", "13202_0020"}
    republique = streets["13202_0010"]
    assert set(republique["housenumbers"]) == {"12", "14 bis"}  # type: ignore[arg-type]
    assert republique["citycode"] == "13202" and republique["postcode"] == "13002"
    # Arrondissements are filed under their city, as the BAN does.
    assert (republique["city"], republique["district"]) == (
        "Marseille",
        "Marseille 2e Arrondissement",
    )
    assert all(d["_action"] == "update" for d in docs)  # a reload replaces, never adds
    assert [d["type"] for d in docs].count("municipality") == 1
    assert loaded.as_dict() == {
        "fichiers": 1,
        "communes": 1,
        "voies": 2,
        "adresses": 3,
        "lignes_ignorees": 1,
    }


def test_the_bans_own_ndjson_is_passed_on_with_its_id_as_addoks(tmp_path: Path) -> None:
    street = {
        "id": "90010_0500",
        "type": "street",
        "name": "Rue de Badonviller",
        "citycode": "90010",
        "lon": 6.85,
        "lat": 47.64,
        "housenumbers": {"14": {"id": "90010_0500_00014", "lon": 6.848865, "lat": 47.64518}},
    }
    ban = tmp_path / "adresses-addok-90.ndjson"
    ban.write_bytes(orjson.dumps(street) + b"\n")
    docs, loaded = read(ban)
    assert docs == [{**street, "_id": "90010_0500", "_action": "update"}]
    assert (loaded.as_dict()["voies"], loaded.as_dict()["adresses"]) == (1, 1)
