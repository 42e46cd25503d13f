"""Importers: read a source, normalise it to data·inclusion v1, write it to the catalogue."""
