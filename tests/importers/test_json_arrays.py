"""JSON arrays read a block at a time give exactly what reading them whole gives."""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.errors import FichierIllisible
from importers.json_arrays import iter_array

TRICKY = [
    {"id": "a", "description": "accolades dans le texte : }, { et encore },{"},
    {"id": "b", "horaires": [{"jour": "lundi"}, {"jour": "mardi"}], "n": {"x": {"y": 1}}},
    {"id": "c", "nom": 'guillemets " et barre \\ }, {"id": "faux"}'},
    {"id": "d", "nom": "Crèche « Les Lucioles » — ½ journée"},
    7,
    "pas un objet",
    None,
    {"id": "e"},
]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("block", [1, 7, 64, 1 << 20])
def test_a_block_ends_only_between_whole_elements(
    tmp_path: Path, indent: int | None, block: int
) -> None:
    path = write(tmp_path / "services.json", json.dumps(TRICKY, indent=indent, ensure_ascii=False))
    assert list(iter_array(path, block=block)) == TRICKY


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='{}[],:" \\éa\n'),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(alphabet='{},"a'), children, max_size=3)
    ),
    max_leaves=8,
)


@given(st.lists(json_values, max_size=12), st.sampled_from([None, 1]), st.integers(1, 40))
def test_any_array_reads_as_json_reads_it(
    elements: list[Any], indent: int | None, block: int
) -> None:
    text = json.dumps(elements, indent=indent, ensure_ascii=False)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "x.json", text)
        assert list(iter_array(path, block=block)) == elements


def test_nan_written_by_python_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "s.json", '[{"latitude": NaN}, {"latitude": 1}]')
    first, second = iter_array(path, block=4)
    assert math.isnan(first["latitude"]) and second == {"latitude": 1}


@pytest.mark.parametrize(
    "text", ['{"id": 1}', "", "   ", '[{"id": 1}, {"id": 2}', '[{"id": 1}] trailing', "[" * 5000]
)
def test_what_is_not_a_json_array_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "s.json", text)
    with pytest.raises(FichierIllisible, match=r"s\.json"):
        list(iter_array(path, block=8))


def test_an_empty_array_has_no_element(tmp_path: Path) -> None:
    assert list(iter_array(write(tmp_path / "s.json", " [ ] \n"), block=2)) == []
