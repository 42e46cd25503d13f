"""Structures publishing in Maillage: claiming and creating structures, editing their
services (the write API here, the pages in ``map.espace``), their history, moderation and
freshness reminders. Records are validated and turned into columns as imports do
(``catalogue.records``)."""
