"""Reference geography: loading it from registry packages and looking communes up."""
