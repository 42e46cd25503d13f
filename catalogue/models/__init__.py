"""Catalogue tables, split by feature. Importing this package registers them all."""

from typing import cast

from sqlalchemy import Table

from catalogue.models.accounts import (
    AccountEmail,
    ApiToken,
    CoordinatorDigest,
    CoordinatorTerritory,
    EmailToken,
    LoginAttempt,
    ModeratorDepartement,
    StructureMember,
    User,
    UserSession,
)
from catalogue.models.geocoding import GeocodedAddress
from catalogue.models.geography import Commune, Departement, Epci, Region
from catalogue.models.imports import ImportRun, Sighting
from catalogue.models.links import LinkDecision
from catalogue.models.offer import Service, Structure
from catalogue.models.outbox import OutboxEntry
from catalogue.models.publishing import ContactReminder, ManagedService, ServiceHistory
from catalogue.models.reference import ReferenceDataset
from catalogue.models.reports import Signalement

# Core tables, typed as such (``__table__`` is typed as a mere FromClause).
STRUCTURES = cast(Table, Structure.__table__)
SERVICES = cast(Table, Service.__table__)
IMPORT_RUNS = cast(Table, ImportRun.__table__)
SIGHTINGS = cast(Table, Sighting.__table__)
OUTBOX = cast(Table, OutboxEntry.__table__)
USERS = cast(Table, User.__table__)
USER_SESSIONS = cast(Table, UserSession.__table__)
EMAIL_TOKENS = cast(Table, EmailToken.__table__)
LOGIN_ATTEMPTS = cast(Table, LoginAttempt.__table__)
ACCOUNT_EMAILS = cast(Table, AccountEmail.__table__)
STRUCTURE_MEMBERS = cast(Table, StructureMember.__table__)
MODERATOR_DEPARTEMENTS = cast(Table, ModeratorDepartement.__table__)
COORDINATOR_TERRITORIES = cast(Table, CoordinatorTerritory.__table__)
COORDINATOR_DIGESTS = cast(Table, CoordinatorDigest.__table__)
API_TOKENS = cast(Table, ApiToken.__table__)
MANAGED_SERVICES = cast(Table, ManagedService.__table__)
CONTACT_REMINDERS = cast(Table, ContactReminder.__table__)
SERVICE_HISTORY = cast(Table, ServiceHistory.__table__)
LINK_DECISIONS = cast(Table, LinkDecision.__table__)
GEOCODING_CACHE = cast(Table, GeocodedAddress.__table__)

__all__ = [
    "ACCOUNT_EMAILS",
    "API_TOKENS",
    "CONTACT_REMINDERS",
    "COORDINATOR_DIGESTS",
    "COORDINATOR_TERRITORIES",
    "EMAIL_TOKENS",
    "GEOCODING_CACHE",
    "IMPORT_RUNS",
    "LINK_DECISIONS",
    "LOGIN_ATTEMPTS",
    "MANAGED_SERVICES",
    "MODERATOR_DEPARTEMENTS",
    "OUTBOX",
    "SERVICES",
    "SERVICE_HISTORY",
    "SIGHTINGS",
    "STRUCTURES",
    "STRUCTURE_MEMBERS",
    "USERS",
    "USER_SESSIONS",
    "AccountEmail",
    "ApiToken",
    "Commune",
    "ContactReminder",
    "CoordinatorDigest",
    "CoordinatorTerritory",
    "Departement",
    "EmailToken",
    "Epci",
    "GeocodedAddress",
    "ImportRun",
    "LinkDecision",
    "LoginAttempt",
    "ManagedService",
    "ModeratorDepartement",
    "OutboxEntry",
    "ReferenceDataset",
    "Region",
    "Service",
    "ServiceHistory",
    "Sighting",
    "Signalement",
    "Structure",
    "StructureMember",
    "User",
    "UserSession",
]
