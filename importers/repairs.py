"""Values a list gets slightly wrong, repaired or left out — never silently: each repair
is a warning of the record's, which is kept.

- a link without its scheme (« www.ccas-arles.fr ») gets ``https://``;
- a SIRET whose check digit is wrong (Luhn) or that is not 14 digits is left out, with
  the reason.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

LINK_FIELDS = ("site_web", "lien_source", "lien_mobilisation", "accessibilite_lieu")
# A host name and an optional path, without a scheme: "www.x.fr", "x.fr/page".
_HOST = re.compile(
    r"^(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
# La Poste's establishments share one SIREN whose SIRETs follow their own rule.
_LA_POSTE = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siret_problem(siret: str) -> str | None:
    """Why ``siret`` (spaces and dots already removed) is not a SIRET, or None."""
    if not siret.isdigit() or len(siret) != 14:
        return "14 chiffres attendus"
    if siret.startswith(_LA_POSTE):
        valid = sum(int(d) for d in siret) % 5 == 0
    else:
        valid = luhn_valid(siret)
    return None if valid else "clé de contrôle fausse"


def repair(cells: MutableMapping[str, Any]) -> list[str]:
    """Repair the text cells of one record (keyed by field name) in place; the warnings."""
    warnings: list[str] = []
    for name in LINK_FIELDS:
        value = cells.get(name)
        if isinstance(value, str) and _HOST.match(value.strip()):
            cells[name] = f"https://{value.strip()}"
            warnings.append(f"champ « {name} » : « {value} » sans https:// : complété")
    siret = cells.get("siret")
    if isinstance(siret, str):
        digits = re.sub(r"[\s.]", "", siret)
        if digits.isdigit() and len(digits) == 13:
            digits = "0" + digits  # a spreadsheet dropped its leading zero
        problem = siret_problem(digits)
        if problem is not None:
            cells["siret"] = None
            warnings.append(f"SIRET « {siret} » invalide ({problem}) : ignoré")
    return warnings
