"""pydantic's validation errors, said in French (for import reports and API answers)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from pydantic_core import ErrorDetails

# pydantic's error types → French; ctx values are interpolated.
_MESSAGES = {
    "missing": "champ obligatoire absent",
    "string_type": "doit être une chaîne de caractères",
    "string_too_short": "trop court (au moins {min_length} caractères)",
    "string_too_long": "trop long (au plus {max_length} caractères)",
    "string_pattern_mismatch": "format invalide",
    "too_short": "doit contenir au moins {min_length} élément(s)",
    "too_long": "doit contenir au plus {max_length} élément(s)",
    "enum": "valeur absente du référentiel data·inclusion (attendu : {expected})",
    "literal_error": "valeur non autorisée (attendu : {expected})",
    "date_from_datetime_parsing": "date invalide (attendu AAAA-MM-JJ)",
    "date_parsing": "date invalide (attendu AAAA-MM-JJ)",
    "date_type": "date invalide (attendu AAAA-MM-JJ)",
    "url_parsing": "adresse web invalide",
    "url_type": "adresse web invalide",
    "url_scheme": "adresse web invalide (http ou https attendu)",
    "value_error": "{error}",
    "float_parsing": "nombre invalide",
    "float_type": "nombre invalide",
    "finite_number": "nombre fini attendu",
    "int_parsing": "nombre entier invalide",
    "int_type": "nombre entier invalide",
    "int_from_float": "nombre entier attendu",
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "list_type": "doit être une liste",
    "set_type": "doit être une liste",
    "bool_type": "booléen attendu",
    "bool_parsing": "booléen attendu (true ou false)",
    "uuid_parsing": "identifiant invalide",
    "uuid_type": "identifiant invalide",
    "dict_type": "doit être un objet",
    "model_type": "doit être un objet",
    "json_invalid": "JSON invalide",
    "extra_forbidden": "champ inconnu",
}


def _field(loc: Sequence[str | int], skip: Iterable[str] = ()) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int) and p not in skip]
    return ".".join(parts) or "enregistrement"


def error_message(error: ErrorDetails) -> str:
    """One pydantic error in French, with the value received when it helps."""
    template = _MESSAGES.get(error["type"])
    if template is None:
        return error["msg"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    if "error" in ctx:
        ctx["error"] = str(ctx["error"]).removeprefix("Value error, ")
    try:
        message = template.format(**ctx)
    except (KeyError, IndexError):
        message = error["msg"]
    if error["type"] != "missing" and "input" in error:
        shown = repr(error["input"])
        message += f" (reçu : {shown[:60]}{'…' if len(shown) > 60 else ''})"
    return message


def explain(errors: Iterable[ErrorDetails], *, skip: Iterable[str] = ()) -> list[str]:
    """« champ « nom » : trop court (…) » for each error."""
    skipped = tuple(skip)
    return [f"champ « {_field(e['loc'], skipped)} » : {error_message(e)}" for e in errors]
