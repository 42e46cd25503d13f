"""Column-mapping files (TOML) for generic CSV/XLSX lists: which columns make which
data·inclusion v1 fields, and the constant values.

A value is one of:
- a string: a constant, where ``{COLONNE}`` is replaced by that column's cell
  (``"{NUM_RUE} {NOM_RUE}"``, ``"siae--{SIRET}"``; empty when every cited cell is);
- a list of such strings (for list fields: ``["trouver-un-emploi--…"]``);
- a table: ``{ colonne = "X" }`` or ``{ colonnes = ["A", "B"], separateur = ", " }`` (the
  non-empty cells joined), with optional ``valeurs = { CELLULE = "valeur" }`` (a
  translation table, compared without case or accents) and ``defaut = "…"`` (used when
  the cell is empty or absent from ``valeurs``).

See data/mappings/siae.toml for a commented example.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from catalogue.errors import ParametreInvalide
from importers.contract import RecordKind
from importers.repairs import repair
from importers.tabular import Row, key
from importers.values import field_problems, field_types, frein_thematiques

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_SPEC_KEYS = {"colonne", "colonnes", "separateur", "valeurs", "defaut"}
_FILE_KEYS = {"separateur", "encodage", "valeurs_nulles", "feuille", "ignorer"}
_TOP_KEYS = {"source", "fichier", "lignes", "structure", "service"}

Value = str | list[str] | None


@dataclass(frozen=True)
class Spec:
    """How one field is made from a row."""

    template: str | None = None
    items: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    separator: str = " "
    table: dict[str, Value] = field(default_factory=dict)
    default: Value = None
    is_list: bool = False

    def cited(self) -> set[str]:
        found = set(self.columns)
        for text in (self.template, *self.items):
            if text:
                found.update(_PLACEHOLDER.findall(text))
        return found

    def apply(self, row: Row) -> tuple[Value, str | None]:
        """The value for this row, or a problem."""
        if self.template is not None:
            return _fill(self.template, row), None
        if self.items:
            values = [v for v in (_fill(t, row) for t in self.items) if v]
            return values or None, None
        cells = [row.get(c) for c in self.columns]
        text = self.separator.join(c for c in cells if c is not None) or None
        if not self.table:
            return (text if text is not None else self.default), None
        if text is None:
            return self.default, None
        if key(text) in self.table:
            return self.table[key(text)], None
        if self.default is not None:
            return self.default, None
        where = " + ".join(self.columns)
        return None, f"valeur « {text} » de la colonne « {where} » absente de la correspondance"


def _fill(template: str, row: Row) -> str | None:
    cited = _PLACEHOLDER.findall(template)
    if cited and all(row.get(c) is None for c in cited):
        return None
    text = _PLACEHOLDER.sub(lambda m: row.get(m.group(1)) or "", template)
    return " ".join(text.split()) or None


@dataclass(frozen=True)
class Mapping:
    path: Path
    source: str | None
    delimiter: str | None
    encoding: str | None
    nulls: tuple[str, ...]
    sheet: str | None
    keep: dict[str, set[str]]
    drop: dict[str, set[str]]
    specs: dict[RecordKind, dict[str, Spec]]
    ignored: frozenset[str] = frozenset()

    def cited(self) -> set[str]:
        columns = set(self.keep) | set(self.drop)
        for specs in self.specs.values():
            for spec in specs.values():
                columns |= spec.cited()
        return columns

    def unread(self, headers: Sequence[str]) -> list[str]:
        """The file's columns that the mapping neither reads nor says to ignore."""
        known = self.cited() | self.ignored
        return [h for h in headers if h and h not in known]

    def check_columns(self, headers: Sequence[str], where: str) -> None:
        missing = sorted(self.cited() - set(headers))
        if missing:
            present = ", ".join(h for h in headers if h)
            raise ParametreInvalide(
                f"{self.path.name} cite des colonnes absentes de {where} : "
                f"{', '.join(missing)} (colonnes du fichier : {present})."
            )

    def wanted(self, row: Row) -> bool:
        """Whether the row passes the ``[lignes]`` filters."""
        for column, values in self.keep.items():
            if key(row.get(column) or "") not in values:
                return False
        return not any(key(row.get(c) or "") in v for c, v in self.drop.items())


def _fail(path: Path, message: str) -> ParametreInvalide:
    return ParametreInvalide(f"Fichier de correspondance {path.name} : {message}.")


def _strings(path: Path, where: str, value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(i, str) for i in items):
        raise _fail(path, f"{where} : texte ou liste de textes attendu")
    return list(items)


def _spec(path: Path, where: str, raw: Any, is_list: bool) -> Spec:
    if isinstance(raw, str):
        return Spec(template=raw, is_list=is_list)
    if isinstance(raw, list):
        return Spec(items=tuple(_strings(path, where, raw)), is_list=is_list)
    if not isinstance(raw, dict):
        raise _fail(path, f"{where} : texte, liste ou table attendu")
    unknown = set(raw) - _SPEC_KEYS
    if unknown:
        raise _fail(
            path, f"{where} : clé(s) inconnue(s) {', '.join(sorted(unknown))} "
            f"(possibles : {', '.join(sorted(_SPEC_KEYS))})"
        )  # fmt: skip
    columns = _strings(path, where, raw.get("colonnes", raw.get("colonne", [])))
    if not columns:
        raise _fail(path, f"{where} : indiquez « colonne » ou « colonnes »")
    separator = raw.get("separateur", " ")
    if not isinstance(separator, str):
        raise _fail(path, f"{where} : « separateur » doit être un texte")
    table: dict[str, Value] = {}
    values = raw.get("valeurs", {})
    if not isinstance(values, dict):
        raise _fail(path, f"{where} : « valeurs » doit être une table")
    for cell, value in values.items():
        table[key(cell)] = _strings(path, where, value) if isinstance(value, list) else value
        _strings(path, f"{where}.valeurs.{cell}", value)
    default = raw.get("defaut")
    if default is not None:
        _strings(path, f"{where}.defaut", default)
    return Spec(
        columns=tuple(columns),
        separator=separator,
        table=table,
        default=default,
        is_list=is_list,
    )


def _filters(path: Path, raw: Any, name: str) -> dict[str, set[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise _fail(path, f"[lignes] {name} : table {{ COLONNE = [valeurs] }} attendue")
    return {
        col: {key(v) for v in _strings(path, f"[lignes] {name}", vals)} for col, vals in raw.items()
    }


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every mistake is a ``ParametreInvalide`` in French."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ParametreInvalide(f"Fichier de correspondance introuvable : {path}.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise ParametreInvalide(f"Fichier de correspondance illisible : {path}.") from error
    except tomllib.TOMLDecodeError as error:
        raise _fail(path, f"TOML invalide ({error})") from error
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise _fail(path, f"section(s) inconnue(s) {', '.join(sorted(unknown))}")
    source = raw.get("source")
    if source is not None and not isinstance(source, str):
        raise _fail(path, "« source » doit être un texte")
    fichier = raw.get("fichier", {})
    if not isinstance(fichier, dict) or set(fichier) - _FILE_KEYS:
        raise _fail(path, f"[fichier] accepte : {', '.join(sorted(_FILE_KEYS))}")
    for name in ("separateur", "encodage", "feuille"):
        if name in fichier and not isinstance(fichier[name], str):
            raise _fail(path, f"[fichier] {name} doit être un texte")
    lignes = raw.get("lignes", {})
    if not isinstance(lignes, dict) or set(lignes) - {"garder", "exclure"}:
        raise _fail(path, "[lignes] accepte : garder, exclure")
    specs: dict[RecordKind, dict[str, Spec]] = {}
    for kind in ("structure", "service"):
        section = raw.get(kind)
        if section is None:
            continue
        if not isinstance(section, dict):
            raise _fail(path, f"[{kind}] doit être une table")
        types_ = field_types(kind)
        unknown = set(section) - set(types_)
        if unknown:
            raise _fail(
                path, f"[{kind}] : champ(s) inconnu(s) du schéma data·inclusion : "
                f"{', '.join(sorted(unknown))}"
            )  # fmt: skip
        specs[kind] = {
            name: _spec(path, f"[{kind}] {name}", _freins(name, value), types_[name].many)
            for name, value in section.items()
        }
    if "structure" not in specs:
        raise _fail(path, "section [structure] absente")
    for kind, required in (("structure", ("id", "nom")), ("service", ("nom",))):
        missing = [f for f in required if kind in specs and f not in specs[kind]]
        if missing:
            raise _fail(
                path, f"[{kind}] : champ(s) obligatoire(s) absent(s) : {', '.join(missing)}"
            )
    for kind, kind_specs in specs.items():
        _check_constants(path, kind, kind_specs)
    return Mapping(
        path=path,
        source=source,
        delimiter=fichier.get("separateur"),
        encoding=fichier.get("encodage"),
        nulls=tuple(_strings(path, "[fichier] valeurs_nulles", fichier.get("valeurs_nulles", []))),
        sheet=fichier.get("feuille"),
        keep=_filters(path, lignes.get("garder"), "garder"),
        drop=_filters(path, lignes.get("exclure"), "exclure"),
        specs=specs,
        ignored=frozenset(_strings(path, "[fichier] ignorer", fichier.get("ignorer", []))),
    )


def _freins(name: str, raw: Any) -> Any:
    """Freins named where thématiques are expected, replaced by their thématiques."""
    if name != "thematiques":
        return raw

    def expanded(value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        if not any(isinstance(i, str) and frein_thematiques(i) for i in items):
            return value
        out: list[Any] = []
        for item in items:
            themes = frein_thematiques(item) if isinstance(item, str) else None
            out += themes or [item]
        return list(dict.fromkeys(out))

    if isinstance(raw, dict):
        raw = dict(raw)
        if isinstance(raw.get("valeurs"), dict):
            raw["valeurs"] = {cell: expanded(v) for cell, v in raw["valeurs"].items()}
        if "defaut" in raw:
            raw["defaut"] = expanded(raw["defaut"])
        return raw
    return expanded(raw)


def _constants(spec: Spec) -> list[str | list[str]]:
    """The values a spec writes itself, the same for every row it applies to."""
    found: list[str | list[str]] = []
    if spec.template is not None and not _PLACEHOLDER.search(spec.template):
        found.append(spec.template)
    if spec.items and not any(_PLACEHOLDER.search(i) for i in spec.items):
        found.append(list(spec.items))
    found += [v for v in (*spec.table.values(), spec.default) if v is not None]
    return found


def _repaired(name: str, value: str | list[str]) -> str | list[str]:
    cells: dict[str, Any] = {name: value}
    repair(cells)  # what each row would get (a link without https://)
    repaired = cells[name]
    return repaired if isinstance(repaired, str | list) else value


def _check_constants(path: Path, kind: RecordKind, specs: dict[str, Spec]) -> None:
    """A constant the schema refuses would reject every record: the mapping is wrong,
    and the import stops before reading a row."""
    problems = [
        f"[{kind}] {name} : {problem}"
        for name, spec in specs.items()
        for value in _constants(spec)
        for problem in field_problems(kind, name, _repaired(name, value))
    ]
    if problems:
        raise _fail(
            path, f"{' ; '.join(dict.fromkeys(problems))} (une valeur écrite dans la "
            "correspondance vaut pour toutes les lignes : rien n'a été importé)"
        )  # fmt: skip


def cells_of(specs: dict[str, Spec], row: Row) -> tuple[dict[str, Value], list[str]]:
    """The fields a row gives, and the problems (values missing from a translation table)."""
    cells: dict[str, Value] = {}
    problems: list[str] = []
    for name, spec in specs.items():
        value, problem = spec.apply(row)
        if problem:
            problems.append(f"champ « {name} » : {problem}")
        cells[name] = value
    return cells, problems
