"""An API a client written for data·inclusion's ``/api/v1`` can read by changing only its
base URL: its paths, parameters, pages and item shapes, over Maillage's catalogue and
search. Where the semantics differ, the README says so."""
