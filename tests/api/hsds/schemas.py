"""Open Referral's own HSDS 3.0 JSON Schemas (../shared/specs/hsds-3.0), one validator
per object, their relative references resolved among them."""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.conftest import SHARED

SPECS = SHARED / "specs" / "hsds-3.0"


def hsds_validators() -> dict[str, Draft202012Validator]:
    documents = {p.name: json.loads(p.read_text()) for p in SPECS.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (name, Resource.from_contents(doc, default_specification=DRAFT202012))
        for name, doc in documents.items()
    )
    return {
        name.removesuffix(".json"): Draft202012Validator(doc, registry=registry)
        for name, doc in documents.items()
    }


def valid(schemas: dict[str, Draft202012Validator], name: str, document: Any) -> None:
    errors = [e.message for e in schemas[name].iter_errors(document)]
    assert errors == [], (name, errors[:3])
