"""Validation with data·inclusion's own pydantic models, explained in French."""

from __future__ import annotations

import re
from typing import Annotated, Any

from data_inclusion.schema.v1 import Service, Structure
from pydantic import AfterValidator, BaseModel, EmailStr, TypeAdapter, ValidationError

from catalogue.messages import explain as explain_errors
from catalogue.records.kinds import RecordKind

MODELS: dict[RecordKind, type[BaseModel]] = {"structure": Structure, "service": Service}

# The schema checks emails with email-validator (~50 µs each: a third of an import's
# validation time). Plain ASCII addresses — nearly all of them — are checked here with
# the same rules for the usual case; anything else still goes through email-validator.
_ASCII_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
_EMAIL_ADAPTER = TypeAdapter(EmailStr)


def _email(value: str) -> str:
    if len(value) <= 254 and _ASCII_EMAIL.match(value):
        return value
    return str(_EMAIL_ADAPTER.validate_python(value))


FastEmail = Annotated[str, AfterValidator(_email)]


class _Structure(Structure):  # type: ignore[misc]
    courriel: FastEmail | None = None


class _Service(Service):  # type: ignore[misc]
    courriel: FastEmail | None = None


_FAST: dict[RecordKind, type[BaseModel]] = {"structure": _Structure, "service": _Service}


def explain(error: ValidationError) -> str:
    """All of a record's problems on one line."""
    return " ; ".join(explain_errors(error.errors()))


def validate(kind: RecordKind, data: dict[str, Any]) -> BaseModel:
    """The schema model, or ValidationError (the schema's mere warnings are not errors)."""
    return _FAST[kind].model_validate(data, context={"ignore_warnings": True})


def validate_json(kind: RecordKind, text: str) -> BaseModel:
    """``validate`` of a record given as JSON text."""
    return _FAST[kind].model_validate_json(text, context={"ignore_warnings": True})
