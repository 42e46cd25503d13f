"""Validation with data·inclusion's own pydantic models, explained in French."""

from __future__ import annotations

from typing import Any

from data_inclusion.schema.v1 import Service, Structure
from pydantic import BaseModel, ValidationError

from catalogue.messages import explain as explain_errors
from importers.contract import RecordKind

MODELS: dict[RecordKind, type[BaseModel]] = {"structure": Structure, "service": Service}


def explain(error: ValidationError) -> str:
    """All of a record's problems on one line."""
    return " ; ".join(explain_errors(error.errors()))


def validate(kind: RecordKind, data: dict[str, Any]) -> BaseModel:
    """The schema model, or ValidationError (the schema's mere warnings are not errors)."""
    return MODELS[kind].model_validate(data, context={"ignore_warnings": True})
