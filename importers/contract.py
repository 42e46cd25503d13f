"""The one contract every importer follows.

An importer only *reads*: it turns a file into records shaped like data·inclusion v1
structures and services (plain dicts), and reports what it could not even read as
rejections (``importers.reading`` has the checks every importer starts with).
Everything after that — validation against the schema's own models, normalisation,
geocoding, idempotent upsert, history — is shared (``importers.pipeline``), so a new
source is one small module plus its mapping tables under ``data/mappings/``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from catalogue.records.kinds import RecordKind as RecordKind  # the importers' name for it


@dataclass(frozen=True)
class Rejection:
    """A record left out, and why (in French, for the person who fixes the source)."""

    kind: RecordKind
    ref: str  # the record's id when known, else where it is ("ligne 12")
    reason: str
    source: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"type": self.kind, "id": self.ref, "source": self.source, "raison": self.reason}


@dataclass(slots=True)
class SourceRecord:
    """One structure or service, in data·inclusion v1 shape, not yet validated.

    ``warnings`` tell the report what the importer had to leave out or guess while the
    record itself is kept (in French: "SIRET invalide ignoré")."""

    kind: RecordKind
    ref: str
    data: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


# Records read once, in order. A stream: the pipeline never holds more of it than a
# batch, so an importer that reads its file lazily (data·inclusion JSON) imports in
# memory that does not grow with the file; one that must see the whole file first (to
# merge a body's offers, say) gives the iterator of the list it built.
RecordStream = Iterator[SourceRecord]


@dataclass
class ReadResult:
    """What an importer read: a stream of structures, one of services (read once the
    structures' is exhausted: services take their structure's place), and the rejections
    met while reading, complete once both streams are. ``warnings`` are about the file
    itself (in French: a column nothing reads), known once ``read`` returns."""

    structures: RecordStream
    services: RecordStream
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        records: Iterable[SourceRecord],
        rejections: list[Rejection],
        warnings: list[str] | None = None,
    ) -> ReadResult:
        """The result of records read whole into memory, in any order."""
        listed = list(records)
        return cls(
            iter([record for record in listed if record.kind == "structure"]),
            iter([record for record in listed if record.kind == "service"]),
            rejections,
            warnings or [],
        )

    def stream(self, kind: RecordKind) -> RecordStream:
        return self.structures if kind == "structure" else self.services

    def records(self) -> RecordStream:
        """Both streams, structures first."""
        yield from self.structures
        yield from self.services


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about the file: the source's name (overrides the records'), and
    a column-mapping file for formats that need one (generic CSV lists)."""

    source: str | None = None
    mapping: Path | None = None


class Importer(Protocol):
    """A source format. ``read`` must not raise on bad records: it reports them as
    rejections; it raises ``FichierIllisible`` only when the file cannot be read at all
    (and ``ParametreInvalide`` when the options do not suit the format)."""

    kind: ClassVar[str]
    description: ClassVar[str]

    def read(self, path: Path, options: ReadOptions) -> ReadResult: ...
