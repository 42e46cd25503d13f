"""Open data: the published catalogue written out as files (data·inclusion v1, CSV,
GeoJSON, GeoParquet, GeoPackage), a chunk at a time, and the files ``/donnees`` lists."""
