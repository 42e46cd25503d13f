"""The read side: search backends, the JSON API and the CLI's search."""
