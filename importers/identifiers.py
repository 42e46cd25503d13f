"""Identifiers built from a record's own fields, when its source gives none: two records
that build the same one are told apart, and the report says so — neither is dropped."""

from __future__ import annotations

from importers.contract import RecordKind


class BuiltIds:
    """The identifiers built so far in one file, and the notes for the records whose
    identifier had to be told apart (by where they are: "ligne 12")."""

    def __init__(self) -> None:
        self._first: dict[tuple[RecordKind, str], str] = {}
        self._taken: set[tuple[RecordKind, str]] = set()
        self.notes: dict[str, list[str]] = {}

    def unique(self, kind: RecordKind, ident: str, where: str) -> str:
        """``ident``, or ``ident-2``, ``ident-3``… when another record built it first."""
        first = self._first.setdefault((kind, ident), where)
        chosen, number = ident, 1
        while (kind, chosen) in self._taken:
            number += 1
            chosen = f"{ident}-{number}"
        self._taken.add((kind, chosen))
        if chosen != ident:
            self.notes.setdefault(where, []).append(
                f"identifiant « {ident} » déjà construit pour {first} (même nom, même lieu) : "
                f"« {chosen} » pour celui-ci — vérifiez qu'il ne s'agit pas d'un doublon"
            )
        return chosen
