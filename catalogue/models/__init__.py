"""Catalogue tables, split by feature. Importing this package registers them all."""

from typing import cast

from sqlalchemy import Table

from catalogue.models.geography import Commune, Departement, Epci, Region
from catalogue.models.imports import ImportRun
from catalogue.models.offer import Service, Structure
from catalogue.models.outbox import OutboxEntry
from catalogue.models.reference import ReferenceDataset

# Core tables, typed as such (``__table__`` is typed as a mere FromClause).
STRUCTURES = cast(Table, Structure.__table__)
SERVICES = cast(Table, Service.__table__)
IMPORT_RUNS = cast(Table, ImportRun.__table__)
OUTBOX = cast(Table, OutboxEntry.__table__)

__all__ = [
    "IMPORT_RUNS",
    "OUTBOX",
    "SERVICES",
    "STRUCTURES",
    "Commune",
    "Departement",
    "Epci",
    "ImportRun",
    "OutboxEntry",
    "ReferenceDataset",
    "Region",
    "Service",
    "Structure",
]
