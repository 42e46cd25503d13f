"""When two structures are the same place, written once: the identifiers that name one,
the words a whole network shares, how names and addresses are compared (SQL functions,
installed by migration 0014), the pairs worth linking, and what may never be linked.

Pairs are linked in three tiers, strongest first:
1. a shared identifier: a site's own (SAFIR, FINESS, a source's cross-id) anywhere, an
   organisation's (SIRET, RNA: the antennas of one association share it) within one
   commune, as located or as declared;
2. the same place: the same house number and street in one commune, or points of
   address precision within ``NEAR_SAME_PLACE_M``, with names alike once the words of
   networks, legal forms and grammar are set aside (``distinctive_name``);
3. the same distinctive name in one commune, where their places do not disagree.
Two structures whose SIRENs differ, or that name different sites of one scheme (two
SAFIR codes), are never the same, whatever their names and places say; nor are two a
moderator split.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from catalogue.search_fields import Definition, trigger_function

# What a record says of its identifiers in other registers and sources, beside the
# schema's fields: ``schema:value`` texts.
IDENTIFIERS = "identifiants"
# Identifiers of one site, and of a whole organisation (shared by its sites).
SITE_SCHEMES = ("safir", "finess")
ORGANISATION_SCHEMES = ("rna",)
# A source's own id cited by another source (``dora:…``, ``soliguide:…``) names a site.
_IDENTIFIER = re.compile(r"^([a-z][a-z0-9-]*):\s*(\S(.*\S)?)$", re.IGNORECASE)

NEAR_M = 200  # farther apart, two precise points are two places
NEAR_SAME_PLACE_M = 30
SAME_PLACE_NAME = 0.3  # names' similarity enough at one place
SAME_NAME = 0.8  # …in one commune
CONTAINED_NAME = 0.8  # one name's words within the other's (``word_similarity``)
SAME_ADDRESS = 0.5  # street similarity, at the same house number

TIER_IDENTIFIER, TIER_PLACE, TIER_NAME = 3, 2, 1

# Words that name a network, a legal form or nothing: set aside when names are compared
# (« France Travail Gap » and « France Travail DT 04-05 » share only their network).
NETWORKS = {
    "france travail": "france travail|pole emploi",
    "mission locale": "missions? locales?( pour l emploi)?( des jeunes)?",
    "ccas": "ccas|centre communal d action sociale",
    "cias": "cias|centre intercommunal d action sociale",
    "caf": "caf|caisse d allocations familiales",
    "cpam": "cpam|caisse primaire d assurance maladie",
    "msa": "msa",
    "france services": "(espace |maison )?france services?",
    "cocagne": "jardins? (de )?cocagne",
    "secours populaire": "secours populaire( francais)?",
    "secours catholique": "secours catholique",
    "croix rouge": "croix rouge( francaise)?( insertion)?",
    "restos du coeur": "restos? du coeur|restaurants? du coeur",
    "emmaus": "emmaus",
    "cap emploi": "cap emploi",
    "plie": "plie",
}
# Words of no network that name a kind of site, not which one.
SITE_WORDS = ("agence", "antenne", "site", "permanence")
LEGAL_FORMS = (
    "association",
    "assoc",
    "asso",
    "sarl",
    "sasu",
    "sas",
    "sa",
    "scic",
    "scop",
    "eurl",
    "sci",
    "gie",
    "ste",
    "societe",
)
GRAMMAR = ("le", "la", "les", "l", "de", "du", "des", "d", "et", "a", "au", "aux", "en", "pour")
STREET_TYPES = (
    "rue",
    "r",
    "avenue",
    "av",
    "ave",
    "boulevard",
    "bd",
    "bld",
    "blvd",
    "place",
    "pl",
    "chemin",
    "ch",
    "chem",
    "route",
    "rte",
    "impasse",
    "imp",
    "allee",
    "all",
    "quai",
    "cours",
    "square",
    "sq",
    "passage",
    "lieu dit",
    "lieudit",
    "ld",
    "quartier",
    "hameau",
    "residence",
    "res",
    "voie",
)


def _words_pattern(words: Iterable[str]) -> str:
    return r"\m(" + "|".join(words) + r")\M"


WORDS = Definition(
    "FUNCTION",
    "public.maillage_words(text)",
    r"""
CREATE OR REPLACE FUNCTION public.maillage_words(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT btrim(regexp_replace(public.maillage_fold(value), '[^a-z0-9]+', ' ', 'g'))
$$
""",
)

_SET_ASIDE = _words_pattern((*NETWORKS.values(), *SITE_WORDS, *LEGAL_FORMS, *GRAMMAR))

# Both take ``maillage_words``' output (computed once per structure). Names lose their
# plurals (« Jardins de la Voie romaine » = « Jardin de la Voie romaine »).
DISTINCTIVE = Definition(
    "FUNCTION",
    "public.maillage_distinctive(text)",
    f"""
CREATE OR REPLACE FUNCTION public.maillage_distinctive(words text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT btrim(regexp_replace(regexp_replace(regexp_replace(words,
        '{_SET_ASIDE}', ' ', 'g'), '([a-z]{{3}})s\\M', '\\1', 'g'), ' +', ' ', 'g'))
$$
""",
)

# An address as a comparable key: its words without street types nor grammar, the
# digits of a number written apart joined (« 2 530 route de Pégomas » = « 2530 … »),
# « St » and « Ste » spelt out.
ADDRESS_KEY = Definition(
    "FUNCTION",
    "public.maillage_address_key(text)",
    f"""
CREATE OR REPLACE FUNCTION public.maillage_address_key(words text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT nullif(btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        regexp_replace(words, '(\\d) (?=\\d)', '\\1', 'g'),
        '\\mst\\M', 'saint', 'g'), '\\mste\\M', 'sainte', 'g'),
        '{_words_pattern((*STREET_TYPES, *GRAMMAR))}', ' ', 'g'), ' +', ' ', 'g')), '')
$$
""",
)

_NETWORK_CASES = "\n".join(
    f"        WHEN words ~ '{_words_pattern([pattern])}' THEN '{network}'"
    for network, pattern in NETWORKS.items()
)
NETWORK = Definition(
    "FUNCTION",
    "public.maillage_network(text)",
    f"""
CREATE OR REPLACE FUNCTION public.maillage_network(words text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
    SELECT CASE
{_NETWORK_CASES}
    END
$$
""",
)

# The structures' columns derived with them, kept by a trigger on every write. An import
# stages its structures with them already derived (the same trigger, on the staging
# table, in the preparing processes' backends), and the catalogue's trigger then leaves
# them be: a row that comes with ``nom_distinctif`` brings both.
DERIVED_COLUMNS = {
    "nom_distinctif": "public.maillage_distinctive(public.maillage_words(NEW.nom))",
    "adresse_cle": "public.maillage_address_key(public.maillage_words(NEW.adresse))",
}
_DERIVE = "\n".join(f"    NEW.{name} := {value};" for name, value in DERIVED_COLUMNS.items())
LINK_FIELDS = Definition(
    "FUNCTION",
    "public.maillage_structure_link_fields()",
    trigger_function("maillage_structure_link_fields", f"{_DERIVE}\n    RETURN NEW;"),
)
_WHEN = "NEW.nom_distinctif IS NULL"
LINK_FIELDS_INSERTED = Definition(
    "TRIGGER",
    "structures_link_fields_inserted ON structures",
    f"""CREATE TRIGGER structures_link_fields_inserted BEFORE INSERT ON structures
    FOR EACH ROW WHEN ({_WHEN}) EXECUTE FUNCTION {LINK_FIELDS.name}""",
)
LINK_FIELDS_UPDATED = Definition(
    "TRIGGER",
    "structures_link_fields_updated ON structures",
    f"""CREATE TRIGGER structures_link_fields_updated BEFORE UPDATE OF nom, adresse
    ON structures FOR EACH ROW EXECUTE FUNCTION {LINK_FIELDS.name}""",
)

FUNCTIONS = (WORDS, DISTINCTIVE, ADDRESS_KEY, NETWORK, LINK_FIELDS)
TRIGGERS = (LINK_FIELDS_INSERTED, LINK_FIELDS_UPDATED)


def staging_trigger(table: str) -> str:
    """The trigger deriving the link fields of the structures copied into ``table``."""
    return (
        f"CREATE TRIGGER link_fields BEFORE INSERT ON {table} "
        f"FOR EACH ROW WHEN ({_WHEN}) EXECUTE FUNCTION {LINK_FIELDS.name}"
    )


def identifiers(values: Iterable[object]) -> tuple[list[str], list[str]]:
    """A record's identifiers as the catalogue keeps them (``schema:value``, the scheme
    in lower case, sorted, once each), and the problems of those it could not read."""
    kept: set[str] = set()
    problems: list[str] = []
    for value in values:
        text = " ".join(str(value).split())
        match = _IDENTIFIER.match(text)
        if match is None:
            if text:
                problems.append(f"identifiant « {text[:40]} » illisible (attendu schema:valeur)")
            continue
        kept.add(f"{match[1].lower()}:{match[2]}")
    return sorted(kept), problems


def identifier_columns(data: dict[str, object]) -> tuple[dict[str, list[str] | None], list[str]]:
    """The ``identifiants`` column of a structure's record, and the problems met."""
    raw = data.get(IDENTIFIERS)
    values = [raw] if isinstance(raw, str) else raw if isinstance(raw, list | tuple) else []
    kept, problems = identifiers(values)
    return {IDENTIFIERS: kept or None}, problems


@dataclass(frozen=True)
class Sign:
    """What one structure, or a cluster of them, says of who it is: its SIRENs and its
    identifiers."""

    sirens: frozenset[str] = frozenset()
    identifiers: frozenset[str] = frozenset()

    def __or__(self, other: Sign) -> Sign:
        return Sign(self.sirens | other.sirens, self.identifiers | other.identifiers)

    def site_ids(self, scheme: str) -> set[str]:
        return {i for i in self.identifiers if i.split(":", 1)[0] == scheme}


def sign_of(siret: str | None, identifiers: Iterable[str] | None) -> Sign:
    return Sign(frozenset([siret[:9]] if siret else []), frozenset(identifiers or ()))


def contradict(a: Sign, b: Sign) -> bool:
    """Whether two structures (or clusters) are certainly not the same: their SIRENs
    differ, or they name different sites of one scheme."""
    if a.sirens and b.sirens and not a.sirens & b.sirens:
        return True
    for scheme in SITE_SCHEMES:
        mine, theirs = a.site_ids(scheme), b.site_ids(scheme)
        if mine and theirs and not mine & theirs:
            return True
    return False


# The structures to link, with what their comparison needs (``nom_distinctif`` and
# ``adresse_cle`` are derived on every write, with the functions above).
_LINKED = """
    SELECT uid, source, id, siret, identifiants, location, nom_distinctif AS dn, adresse_cle AS ak,
           coalesce(code_commune_resolu, code_insee) AS commune, code_insee, code_postal,
           nullif(ltrim(adresse_cle, '0123456789 '), '') AS street,
           geocoding_precision IN ('source', 'adresse') AS precise,
           substring(adresse_cle FROM '^[0-9]+') AS number
      FROM structures WHERE NOT archived
"""
PRECISE = "geocoding_precision IN ('source', 'adresse')"

# Places that do not contradict each other: no two different house numbers and streets
# (an identifier shared by two sites of one agency), no two precise points far apart.
_ADDRESSES_AGREE = f"""
    (a.number IS NULL OR b.number IS NULL
     OR (a.number = b.number AND similarity(a.ak, b.ak) >= {SAME_ADDRESS}))"""
_PLACES_AGREE = f"""{_ADDRESSES_AGREE}
    AND NOT (a.precise AND b.precise AND NOT ST_DWithin(a.location, b.location, {NEAR_M}, false))
"""

_ORGANISATIONS = ", ".join(f"'{scheme}'" for scheme in ORGANISATION_SCHEMES)

# Candidate pairs (a < b) with their tier and names' similarity; only the pairs that
# pass their tier's test come out. Each block joins on equalities or the spatial index
# (a commune, a house number, a name, a point), never all pairs of a commune.
CANDIDATES = f"""
WITH s AS MATERIALIZED ({_LINKED}),
-- Each record's identifiers, and its own id as another source cites it (``dora:…``).
ids AS (
    SELECT uid, commune, code_insee, number, ak, unnest(identifiants) AS ident
      FROM s WHERE identifiants IS NOT NULL
    UNION ALL
    SELECT uid, commune, code_insee, number, ak, lower(source) || ':' || id FROM s
),
pairs AS (
    SELECT a.uid AS a, b.uid AS b, {TIER_IDENTIFIER} AS tier
      FROM s a JOIN s b ON b.siret = a.siret AND a.uid < b.uid
     WHERE (b.commune = a.commune OR b.code_insee = a.code_insee) AND {_ADDRESSES_AGREE}
    UNION ALL
    SELECT a.uid, b.uid, {TIER_IDENTIFIER}
      FROM ids a JOIN ids b ON b.ident = a.ident AND a.uid < b.uid
     WHERE {_ADDRESSES_AGREE} AND (split_part(a.ident, ':', 1) NOT IN ({_ORGANISATIONS})
        OR a.commune = b.commune OR a.code_insee = b.code_insee)
    UNION ALL
    SELECT a.uid, b.uid, {TIER_PLACE}
      FROM s a JOIN s b ON b.commune = a.commune AND b.number = a.number AND a.uid < b.uid
     WHERE similarity(a.ak, b.ak) >= {SAME_ADDRESS}
    UNION ALL
    -- (Points are compared only from a record without a house number: two numbered
    -- addresses that agree are the same number and street, found above.)
    SELECT least(a.uid, b.uid), greatest(a.uid, b.uid), {TIER_PLACE}
      FROM s a JOIN structures m
        ON m.uid <> a.uid AND ST_DWithin(a.location, m.location, {NEAR_SAME_PLACE_M}, false)
      JOIN s b ON b.uid = m.uid
     WHERE a.precise AND a.number IS NULL AND NOT m.archived AND m.{PRECISE}
       AND {_PLACES_AGREE}
    UNION ALL
    SELECT a.uid, b.uid, {TIER_PLACE}
      FROM s a JOIN s b ON b.commune = a.commune AND b.street = a.street AND a.uid < b.uid
     WHERE (a.number IS NULL) <> (b.number IS NULL)
    UNION ALL
    SELECT a.uid, b.uid, {TIER_NAME}
      FROM s a JOIN s b ON b.commune = a.commune AND b.dn = a.dn AND a.uid < b.uid
     WHERE a.dn <> '' AND {_PLACES_AGREE}
    UNION ALL
    SELECT a.uid, b.uid, {TIER_NAME}
      FROM s a JOIN s b ON b.code_postal = a.code_postal AND b.dn = a.dn AND a.uid < b.uid
     WHERE a.dn <> '' AND {_PLACES_AGREE}
),
best AS (SELECT a, b, max(tier) AS tier FROM pairs GROUP BY a, b),
-- What tells two names apart: their distinctive words less their commune's name
-- (which says where, not who), and their networks (a CCAS is never a Mission locale).
named AS (
    SELECT t.uid, public.maillage_network(public.maillage_words(t.nom)) AS network,
           btrim(regexp_replace(t.nom_distinctif,
                 '\\m' || public.maillage_distinctive(public.maillage_words(t.commune))
                 || '\\M', ' ', 'g')) AS d
      FROM structures t WHERE t.uid IN (SELECT a FROM best UNION SELECT b FROM best)
),
scored AS (
    SELECT p.a, p.b, p.tier, coalesce(x.network <> y.network, false) AS networks_differ,
           CASE WHEN x.d = '' AND y.d = '' THEN 1.0
                WHEN x.d = '' OR y.d = '' THEN CASE WHEN x.network = y.network THEN 1 ELSE 0 END
                ELSE similarity(x.d, y.d) END AS name,
           CASE WHEN least(length(x.d), length(y.d)) >= 4
                THEN greatest(word_similarity(x.d, y.d), word_similarity(y.d, x.d))
                ELSE 0 END AS contained
      FROM best p JOIN named x ON x.uid = p.a JOIN named y ON y.uid = p.b
)
SELECT a, b, tier, name FROM scored
 WHERE tier = {TIER_IDENTIFIER}
    OR (NOT networks_differ AND (name >= {SAME_NAME}
        OR (tier = {TIER_PLACE} AND (name >= {SAME_PLACE_NAME} OR contained >= {CONTAINED_NAME}))))
"""
