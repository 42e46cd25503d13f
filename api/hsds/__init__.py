"""Open Referral HSDS 3.0: the catalogue as the international standard's API
(``/hsds``), each answer valid for the specification's own JSON Schemas."""
