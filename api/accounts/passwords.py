"""Passwords: argon2id hashes, a length-first policy (ANSSI), timing kept even."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from catalogue.errors import DonneesInvalides

MIN_LENGTH = 12
MAX_LENGTH = 200

_HASHER = PasswordHasher()
# Verified against when the account does not exist, so that an unknown address takes
# as long to refuse as a wrong password (no account enumeration by timing).
_DUMMY_HASH = _HASHER.hash("maillage: pas de compte pour cette adresse")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def check_policy(password: str, email: str) -> None:
    """Length matters more than character classes; the address is not a password."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"le mot de passe doit contenir au moins {MIN_LENGTH} caractères")
    if len(password) > MAX_LENGTH:
        problems.append(f"le mot de passe doit contenir au plus {MAX_LENGTH} caractères")
    if password.strip().lower() == email.strip().lower():
        problems.append("le mot de passe ne peut pas être l'adresse électronique")
    if problems:
        raise DonneesInvalides("Mot de passe refusé : " + " ; ".join(problems) + ".", problems)
