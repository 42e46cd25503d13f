"""The catalogue, the bottom layer: PostGIS tables of the offer and of reference geography
(the source of truth), what a record means whoever writes it (``records/``), the
vocabulary, settings, the local stack and the catalogue's own commands."""
