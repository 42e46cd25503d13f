"""What an import tells the person who ran it: per kind, how many records were read,
created, updated, unchanged, rejected (each with its reason, in French) and archived."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from importers.contract import RecordKind, Rejection, SourceRecord

KINDS: tuple[RecordKind, ...] = ("structure", "service")  # structures first


@dataclass
class Counts:
    lus: int = 0
    crees: int = 0
    mis_a_jour: int = 0
    inchanges: int = 0
    rejetes: int = 0
    archives: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def warning(record: SourceRecord, message: str) -> dict[str, str]:
    """A value the record had to do without (the record itself is kept)."""
    return {"type": record.kind, "id": record.ref, "message": message}


@dataclass
class ImportReport:
    kind: str
    path: str
    full: bool
    run_id: int | None = None
    sources: list[str] = field(default_factory=list)
    structures: Counts = field(default_factory=Counts)
    services: Counts = field(default_factory=Counts)
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    links: dict[str, int] = field(default_factory=dict)
    # records per precision of their place; addresses asked, cached, refused
    geocoding: Counter[str] = field(default_factory=Counter)

    def counts(self, kind: RecordKind) -> Counts:
        return self.structures if kind == "structure" else self.services

    def reject(self, rejection: Rejection) -> None:
        self.rejections.append(rejection)
        self.counts(rejection.kind).rejetes += 1

    def as_dict(self) -> dict[str, Any]:
        """The report as the CLI prints it in JSON and ``import_runs`` keeps it."""
        run = {"import": self.run_id, "format": self.kind, "chemin": self.path}
        counts = {f"{kind}s": self.counts(kind).as_dict() for kind in KINDS}
        rejected = [rejection.as_dict() for rejection in self.rejections]
        return (
            run
            | {"complet": self.full, "sources": self.sources}
            | counts
            | {"rejets": rejected, "avertissements": self.warnings, "liens": self.links}
            | {"localisation": dict(sorted(self.geocoding.items()))}
        )
