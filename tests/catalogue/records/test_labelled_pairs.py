"""The labelled pairs from the real samples (``tests/data/doublons``): linking finds the
same places with the precision and recall the catalogue promises."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from bench.duplicates import TARGET_PRECISION, TARGET_RECALL, evaluate, labelled_pairs


def test_the_labelled_set_holds_hundreds_of_pairs_of_both_kinds() -> None:
    pairs = labelled_pairs()
    same = sum(1 for *_, same in pairs if same)
    assert len(pairs) >= 300 and same >= 50 and len(pairs) - same >= 200


def test_linking_meets_its_precision_and_recall_on_the_labelled_pairs(engine: Engine) -> None:
    result = evaluate(engine)
    assert result["precision"] >= TARGET_PRECISION, result["erreurs"]
    assert result["rappel"] >= TARGET_RECALL, result["erreurs"]
