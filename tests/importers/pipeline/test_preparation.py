"""Batches cross to the workers whole, whatever their records hold."""

from __future__ import annotations

import pickle
import uuid
from datetime import date

import pytest

from importers.contract import SourceRecord
from importers.pipeline.identity import Listed
from importers.pipeline.preparation import Batch, StructurePlace


@pytest.mark.parametrize(
    "data",
    [
        {"id": "a", "nom": "Épicerie", "latitude": float("nan"), "n": 10**30, "l": [1, None]},
        {"id": "b", "date_maj": date(2026, 1, 2)},  # a value marshal does not know
    ],
)
def test_a_batch_reaches_a_worker_as_it_was_sent(data: dict[str, object]) -> None:
    uid = uuid.uuid4()
    batch = Batch(
        "service",
        [
            Listed(
                SourceRecord("service", "ref", data, ["un avertissement"]), ("s", "a"), "h", uid
            ),
            Listed(SourceRecord("service", "ref2", {"id": "c"}), ("s", "c")),
        ],
        {("s", "st"): StructurePlace("SRID=4326;POINT(5 43)", "commune", "13004", "Relais")},
    )
    received = pickle.loads(pickle.dumps(batch))
    assert received.kind == "service"
    assert received.structures == batch.structures
    assert isinstance(next(iter(received.structures.values())), StructurePlace)
    first, second = received.items
    assert (first.key, first.hash, first.uid, first.record.warnings) == (
        ("s", "a"),
        "h",
        uid,
        ["un avertissement"],
    )
    assert repr(first.record.data) == repr(data)  # (NaN is not equal to itself)
    assert (second.uid, second.hash, second.record.data) == (None, "", {"id": "c"})
