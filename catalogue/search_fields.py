"""What makes a service searchable, defined once: its search vector (French full text)
and sort key (``nom_tri``), the typo lexicon's words, the PostgreSQL functions and
triggers that derive them, and the session switches by which a transaction says it
supplies them itself.

These are the current definitions. The migrations that installed them import them from
here; a later change is a new migration installing the new text, keeping the old one
for its downgrade, and recording the new ``digest``. The tests check that a migrated
database holds exactly these, and that the latest migration recorded them.

Bulk imports derive the fields on the connections that stage their rows, with the same
functions, and turn the catalogue's own derivation off for their transaction:
``supply_fields`` is the only way to do so, and ``require_fields`` refuses a write of
services' text without its fields in such a transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy.engine import Connection

from catalogue.textsearch import LEXICON_MIN_LENGTH, lexicon_pieces

# The services' derived columns, and the columns they are derived from.
SEARCH_FIELDS = ("search_vector", "nom_tri")
DERIVED_FROM = ("nom", "libelles", "description", "structure_uid")
# A staging-only column: the name of a service's structure, for its search vector.
STRUCTURE_NAME = "structure_nom"

# Session switches (transaction-local settings): when on, the catalogue's triggers leave
# to the transaction's writer the lexicon's words, and the services' search fields.
LEXICON_SUPPLIED = "maillage.lexique_par_lots"
FIELDS_SUPPLIED = "maillage.champs_par_lots"


@dataclass(frozen=True)
class Definition:
    """A function or a trigger, as created; ``name`` is what ``DROP`` names: a
    function's signature (as ``regprocedure`` reads it), ``trigger ON table``."""

    kind: Literal["FUNCTION", "TRIGGER"]
    name: str
    create: str

    @property
    def drop(self) -> str:
        return f"DROP {self.kind} {self.name}"


def _function(signature: str, create: str) -> Definition:
    return Definition("FUNCTION", signature, create)


def _trigger(name: str, table: str, create: str) -> Definition:
    return Definition("TRIGGER", f"{name} ON {table}", create)


def trigger_function(name: str, body: str) -> str:
    """A PL/pgSQL trigger function ``public.name()`` running ``body``."""
    return (
        f"CREATE OR REPLACE FUNCTION public.{name}() RETURNS trigger\n"
        f"LANGUAGE plpgsql AS $$\nBEGIN\n{body}\nEND $$"
    )


def planned_each_time(statement: str) -> str:
    """``statement`` run through ``EXECUTE``: planned for the transition tables at hand
    (PL/pgSQL would keep the plan of its first call, however few rows that call saw)."""
    return f"    EXECUTE $q${statement}\n    $q$;\n"


def _skipped_when(switch: str, returned: str) -> str:
    return f"""    IF current_setting('{switch}', true) = 'on' THEN
        RETURN {returned};
    END IF;"""


# unaccent() is only STABLE; this wrapper with a fixed dictionary is immutable.
FOLD = _function(
    "public.maillage_fold(text)",
    """
    CREATE OR REPLACE FUNCTION public.maillage_fold(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
    $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, value)) $$
    """,
)

# French stemming that ignores accents (text search configuration ``public.fr``).
SEARCH_VECTOR = _function(
    "public.maillage_service_search_vector(text, text, text, text)",
    """
CREATE OR REPLACE FUNCTION public.maillage_service_search_vector(
    nom text, structure_nom text, libelles text, description text
) RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('public.fr', coalesce(nom, '')), 'A') ||
           setweight(to_tsvector('public.fr', concat_ws(' ', structure_nom, libelles)), 'B') ||
           setweight(to_tsvector('public.fr', coalesce(description, '')), 'C')
$$
""",
)

# Typo tolerance: query words are matched by edit distance against these words of the
# catalogue (table ``lexique``, trigram-indexed), then searched in the full-text index.
LEXICON_WORDS = _function(
    "public.maillage_lexicon_words(text, text, text)",
    f"""
CREATE OR REPLACE FUNCTION public.maillage_lexicon_words(nom text, libelles text, description text)
RETURNS SETOF text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT w FROM regexp_split_to_table(
        public.maillage_fold(concat_ws(' ', nom, libelles, description)), '[^a-z0-9]+') w
     WHERE length(w) >= {LEXICON_MIN_LENGTH}
$$
""",
)


# The trigger statements setting the search fields of ``NEW``, a catalogue service (its
# structure looked up).
FIELDS_OF_NEW_CATALOGUE_SERVICE = """
    NEW.search_vector := public.maillage_service_search_vector(
        NEW.nom,
        (SELECT nom FROM structures WHERE uid = NEW.structure_uid),
        NEW.libelles,
        NEW.description);
    NEW.nom_tri := public.maillage_fold(NEW.nom);
    RETURN NEW;"""

SERVICES_SEARCH_FIELDS = _function(
    "public.maillage_services_search_fields()",
    trigger_function(
        "maillage_services_search_fields",
        "\n" + _skipped_when(FIELDS_SUPPLIED, "NEW") + FIELDS_OF_NEW_CATALOGUE_SERVICE,
    ),
)

# Staging tables carry the structure's name (the catalogue may not hold it yet).
STAGED_SEARCH_FIELDS = _function(
    "public.maillage_staged_search_fields()",
    trigger_function(
        "maillage_staged_search_fields",
        f"""    NEW.search_vector := public.maillage_service_search_vector(
        NEW.nom, NEW.{STRUCTURE_NAME}, NEW.libelles, NEW.description);
    NEW.nom_tri := public.maillage_fold(NEW.nom);
    RETURN NEW;""",
    ),
)

LEXICON_ADD = _function(
    "public.maillage_lexicon_add()",
    trigger_function(
        "maillage_lexicon_add",
        _skipped_when(LEXICON_SUPPLIED, "NULL")
        + """
    INSERT INTO lexique (mot)
    SELECT DISTINCT w FROM new_rows n,
           public.maillage_lexicon_words(n.nom, n.libelles, n.description) w
    ON CONFLICT DO NOTHING;
    RETURN NULL;""",
    ),
)

# A renamed structure: its services' search text changes, and they are queued for the
# index (set-based: the per-row trigger may be off, see ``FIELDS_SUPPLIED``).
RENAMED_STRUCTURES = """
      FROM new_rows n JOIN old_rows o ON o.uid = n.uid
     WHERE s.structure_uid = n.uid AND n.nom IS DISTINCT FROM o.nom"""
OUTBOX_OF_UPDATED_STRUCTURES = """
    INSERT INTO outbox (service_uid)
    SELECT s.uid FROM services s
      JOIN new_rows n ON s.structure_uid = n.uid
      JOIN old_rows o ON o.uid = n.uid
     WHERE n.updated_at IS DISTINCT FROM o.updated_at"""
STRUCTURES_RENAMED = _function(
    "public.maillage_structures_renamed()",
    trigger_function(
        "maillage_structures_renamed",
        planned_each_time(
            """
    UPDATE services s
       SET search_vector = public.maillage_service_search_vector(
               s.nom, n.nom, s.libelles, s.description)"""
            + RENAMED_STRUCTURES
        )
        + planned_each_time(OUTBOX_OF_UPDATED_STRUCTURES)
        + "RETURN NULL;",
    ),
)

FUNCTIONS = (
    FOLD,
    SEARCH_VECTOR,
    LEXICON_WORDS,
    SERVICES_SEARCH_FIELDS,
    STAGED_SEARCH_FIELDS,
    LEXICON_ADD,
    STRUCTURES_RENAMED,
)


def _lexicon_trigger(name: str, event: str) -> Definition:
    return _trigger(
        name,
        "services",
        f"""
    CREATE TRIGGER {name} AFTER {event} ON services
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.maillage_lexicon_add()
    """,
    )


LEXICON_INSERTED = _lexicon_trigger("services_lexicon_inserted", "INSERT")
LEXICON_UPDATED = _lexicon_trigger("services_lexicon_updated", "UPDATE")
# A row inserted with its vector already (bulk imports) keeps it.
SEARCH_FIELDS_INSERTED = _trigger(
    "services_search_fields_inserted",
    "services",
    """
    CREATE TRIGGER services_search_fields_inserted BEFORE INSERT ON services
    FOR EACH ROW WHEN (NEW.search_vector IS NULL)
    EXECUTE FUNCTION public.maillage_services_search_fields()
    """,
)
SEARCH_FIELDS_UPDATED = _trigger(
    "services_search_fields_updated",
    "services",
    f"""
    CREATE TRIGGER services_search_fields_updated
    BEFORE UPDATE OF {", ".join(DERIVED_FROM)} ON services
    FOR EACH ROW EXECUTE FUNCTION public.maillage_services_search_fields()
    """,
)
STRUCTURES_CHANGED = _trigger(
    "structures_changed",
    "structures",
    """
    CREATE TRIGGER structures_changed AFTER UPDATE ON structures
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION public.maillage_structures_renamed()
    """,
)

TRIGGERS = (
    LEXICON_INSERTED,
    LEXICON_UPDATED,
    SEARCH_FIELDS_INSERTED,
    SEARCH_FIELDS_UPDATED,
    STRUCTURES_CHANGED,
)


def digest() -> str:
    """A fingerprint of the definitions a migrated database holds. The latest migration
    installing any of them records it (``SEARCH_FIELDS_DIGEST``): a definition changed
    here is only installed in existing databases by a new migration, which records the
    new one (and keeps the text it replaces for its downgrade)."""
    texts = "\n".join(definition.create for definition in (*FUNCTIONS, *TRIGGERS))
    return hashlib.sha256(texts.encode()).hexdigest()[:16]


def staging_trigger(table: str) -> str:
    """The trigger deriving the search fields of the services copied into the staging
    table ``table`` (which has a ``STRUCTURE_NAME`` column)."""
    return (
        f"CREATE TRIGGER search_fields BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {STAGED_SEARCH_FIELDS.name}"
    )


def add_lexicon_words(
    conn: Connection, services: Iterable[Mapping[str, Any]], into: str = "lexique"
) -> None:
    """Add the words of these services' rows to the typo lexicon (or to a table ``into``
    of the same shape, where an import stages them): what ``maillage_lexicon_words``
    finds in their names, labels and descriptions (the ASCII words cut in Python:
    ``lexicon_pieces``)."""
    words, to_fold = lexicon_pieces(
        text
        for row in services
        for text in (row["nom"], row.get("libelles"), row.get("description"))
    )
    # In order: writers running side by side then wait for each other's new words in
    # one direction only, and never deadlock.
    conn.exec_driver_sql(
        f"INSERT INTO {into} (mot) SELECT DISTINCT w FROM ("
        " SELECT unnest(%(words)s::text[]) AS w UNION ALL"
        " SELECT w FROM unnest(%(to_fold)s::text[]) piece,"
        " maillage_lexicon_words(piece, NULL, NULL) w"
        ") found ORDER BY w ON CONFLICT DO NOTHING",
        {"words": list(words), "to_fold": list(to_fold)},
    )


class FieldsNotSupplied(RuntimeError):
    """Services' text written without its search fields, in a transaction whose
    triggers leave them to the writer: they would be missing or stale."""


def supply_fields(conn: Connection) -> None:
    """Turn the catalogue's derivation of the lexicon's words and the services' search
    fields off for the rest of this transaction: its writer supplies them (every
    service it inserts or updates carries its fields, its words are in the lexicon)."""
    for switch in (LEXICON_SUPPLIED, FIELDS_SUPPLIED):
        conn.exec_driver_sql(f"SET LOCAL {switch} = 'on'")


def require_fields(conn: Connection, table: str, columns: Collection[str]) -> None:
    """Refuse to write ``columns`` of ``table`` if they are services' text without its
    search fields while this transaction supplies them (``supply_fields``)."""
    if table != "services" or not set(DERIVED_FROM).intersection(columns):
        return
    if set(SEARCH_FIELDS) <= set(columns):
        return
    supplied = conn.exec_driver_sql(f"SELECT current_setting('{FIELDS_SUPPLIED}', true)")
    if supplied.scalar() == "on":
        raise FieldsNotSupplied(f"{', '.join(columns)} of {table}, without {SEARCH_FIELDS}")
