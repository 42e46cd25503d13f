"""The catalogue: PostGIS tables of the offer and of reference geography (the source of truth)."""
