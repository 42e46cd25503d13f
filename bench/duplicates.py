"""Deduplication benchmark: precision and recall of the structures' linking on a
labelled set of pairs from the real samples.

    python -m bench.duplicates

The set (``tests/data/doublons/``) holds 538 structures as the real samples list them
(Soliguide places and the SIAE they also are, France Travail agencies) and 516 pairs:
52 of one place listed twice, 464 of two places (close names, the same postcode, two
agencies of one commune). Pairs of a Soliguide place and an SIAE were read one by one;
two that could not be told were left out. The structures are imported as they stand
into a fresh catalogue (every stage of a real import, linking included); a pair is
predicted « the same » when both end in one cluster.
Prints the figures, writes ``bench/results/duplicates.json``.
"""

from __future__ import annotations

import csv
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench.common import log
from bench.databases import fresh_database
from bench.results import print_table, publish, target_verdict
from bench.stack_settings import ensure_stack
from catalogue.db import make_engine
from catalogue.settings import Settings
from importers.pipeline import run_import
from importers.registry import get_importer

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "doublons"
TARGET_PRECISION = 0.95
TARGET_RECALL = 0.85


def labelled_pairs() -> list[tuple[str, str, bool]]:
    with (LABELLED / "paires.csv").open(encoding="utf-8", newline="") as handle:
        return [(row["a"], row["b"], row["meme"] == "oui") for row in csv.DictReader(handle)]


def evaluate(engine: Engine) -> dict[str, Any]:
    """Import the labelled structures into ``engine``'s (empty) catalogue, and score
    the pairs the linking made."""
    run_import(engine, get_importer("data-inclusion"), LABELLED / "structures.json")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, cluster_id FROM structures")).all()
        cluster: dict[str, uuid.UUID | None] = {ident: cluster for ident, cluster in rows}
    counts = {"vrais_positifs": 0, "faux_positifs": 0, "faux_negatifs": 0, "vrais_negatifs": 0}
    mistakes = []
    for a, b, same in labelled_pairs():
        linked = cluster.get(a) is not None and cluster.get(a) == cluster.get(b)
        key = ("vrais" if linked == same else "faux") + ("_positifs" if linked else "_negatifs")
        counts[key] += 1
        if linked != same:
            mistakes.append({"a": a, "b": b, "meme": same})
    found = counts["vrais_positifs"] + counts["faux_positifs"]
    wanted = counts["vrais_positifs"] + counts["faux_negatifs"]
    return {
        "paires": sum(counts.values()),
        **counts,
        "precision": round(counts["vrais_positifs"] / found, 3) if found else None,
        "rappel": round(counts["vrais_positifs"] / wanted, 3) if wanted else None,
        "erreurs": mistakes,
    }


def run(base: Settings) -> dict[str, Any]:
    ensure_stack(base)
    settings = fresh_database(base, "bench_doublons", index="bench_doublons")
    engine = make_engine(settings)
    try:
        log("Linking the labelled structures…")
        result = evaluate(engine)
    finally:
        engine.dispose()
    result["targets"] = {
        "precision": target_verdict(result["precision"], TARGET_PRECISION, higher_is_better=True),
        "recall": target_verdict(result["rappel"], TARGET_RECALL, higher_is_better=True),
    }
    return result


def report(result: dict[str, Any]) -> None:
    print_table(
        "Deduplication on the labelled pairs",
        [
            ("pairs", "true +", "false +", "false −", "true −", "precision", "recall"),
            (
                result["paires"], result["vrais_positifs"], result["faux_positifs"],
                result["faux_negatifs"], result["vrais_negatifs"], result["precision"],
                result["rappel"],
            ),
        ],
    )  # fmt: skip
    for name, target in result["targets"].items():
        print(f"  {name}: ≥ {target['target']} → {target['verdict']}")
    for mistake in result["erreurs"]:
        what = "missed" if mistake["meme"] else "wrongly linked"
        print(f"  {what}: {mistake['a']} / {mistake['b']}")


def main() -> None:
    publish("duplicates", run(Settings()), report)


if __name__ == "__main__":
    main()
