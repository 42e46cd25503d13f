"""The Meilisearch index of services: derived from the catalogue, rebuildable at any time,
kept in sync by draining the outbox."""
