"""The services over the catalogue, as a JSON API and commands: search (two backends,
one semantics), the search index, service and structure sheets, reference lists, the
public map's data (``carte/``), structures publishing their own services (``publish/``)
and accounts (``accounts/``). ``maillage.app`` composes them into the web application."""
