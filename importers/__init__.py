"""Importers: one module per source format reads a file into data·inclusion v1 records;
one shared pipeline validates, normalises, locates and writes them to the catalogue."""
