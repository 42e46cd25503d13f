"""SIRET numbers: 14 digits with a Luhn check digit, except La Poste's establishments."""

from __future__ import annotations

LA_POSTE_SIREN = "356000000"
# La Poste's head office follows Luhn like everyone else; its other establishments
# outnumber what Luhn's last digits allow, so INSEE checks the sum of their digits
# (a multiple of 5) instead.
LA_POSTE_HEAD_OFFICE = "35600000000048"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(raw: str) -> str:
    """Spaces and dots people type between groups are dropped."""
    return "".join(raw.split()).replace(".", "")


def siret_valid(siret: str) -> bool:
    if len(siret) != 14 or not siret.isascii() or not siret.isdigit():
        return False
    if not luhn_valid(siret[:9]):
        return False
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_HEAD_OFFICE:
        return sum(int(d) for d in siret) % 5 == 0
    return luhn_valid(siret)
