"""``maillage import csv``: lists of places in CSV or XLSX.

Two ways to read them:
- without ``--mapping``: the publication template (data/templates/), French column
  headers, sheets « Structures » and « Services » (``importers.modele``);
- with ``--mapping FILE.toml``: any list, its columns mapped to data·inclusion v1 fields
  by the mapping file (``importers.mapping``). Each row makes a structure, and a service
  too when the mapping has a ``[service]`` section (a France Travail agency → the agency
  and its "Accompagnement vers l'emploi").

Rows describing the same record (an SIAE listed once per département it works in) are
merged: list fields are united; if other fields disagree, the later row is rejected.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from catalogue.errors import FichierIllisible, ParametreInvalide
from importers import modele, tabular
from importers.contract import ReadOptions, ReadResult, RecordKind, Rejection, SourceRecord
from importers.mapping import Mapping, cells_of, load_mapping
from importers.reading import existing
from importers.registry import register
from importers.repairs import repair
from importers.values import convert, field_types, rejection_reason


def _read_table(path: Path, mapping: Mapping) -> tabular.Table:
    if tabular.is_workbook(path):
        wanted = mapping.sheet
        names = tabular.sheet_names(path)
        sheet = wanted or names[0]
        tables = tabular.read_workbook(path, [sheet], nulls=mapping.nulls)
        if sheet not in tables:
            raise FichierIllisible(
                f"{path.name} n'a pas de feuille « {sheet} » (feuilles : {', '.join(names)})."
            )
        return tables[sheet]
    return tabular.read_csv(
        path, encoding=mapping.encoding, delimiter=mapping.delimiter, nulls=mapping.nulls
    )


class _Collector:
    """Records by identity, merging repeated rows; rejections as they come."""

    def __init__(self) -> None:
        self.records: dict[RecordKind, dict[str, tuple[int, SourceRecord]]] = {
            "structure": {},
            "service": {},
        }
        self.rejections: list[Rejection] = []
        self.rows: dict[RecordKind, int] = {"structure": 0, "service": 0}

    def add(self, line: int, record: SourceRecord) -> None:
        ident = str(record.data.get("id"))
        known = self.records[record.kind].get(ident)
        if known is None:
            self.records[record.kind][ident] = (line, record)
            return
        first_line, first = known
        many = {n for n, t in field_types(record.kind).items() if t.many}
        differing = sorted(
            name
            for name in set(first.data) | set(record.data)
            if name not in many and first.data.get(name) != record.data.get(name)
        )
        if differing:
            self.rejections.append(
                Rejection(
                    record.kind,
                    record.ref,
                    f"même identifiant que la ligne {first_line}, mais {', '.join(differing)} "
                    "diffère(nt)",
                    record.data.get("source"),
                )
            )
            return
        for name in many:
            if record.data.get(name):
                merged = list(dict.fromkeys([*(first.data.get(name) or []), *record.data[name]]))
                first.data[name] = merged

    def reject(self, kind: RecordKind, ref: str, reason: str, source: str | None) -> None:
        self.rejections.append(Rejection(kind, ref, reason, source))

    def check_not_all_rejected(self, mapping: str) -> None:
        """Every row of a kind rejected for one same reason: the mapping is at fault, not
        the rows — the import stops before writing anything (a single row proves
        nothing: it is rejected as usual)."""
        for kind, rows in self.rows.items():
            reasons = {r.reason for r in self.rejections if r.kind == kind}
            if rows > 1 and not self.records[kind] and len(reasons) == 1:
                raise ParametreInvalide(
                    f"{mapping} : les {rows} lignes sont toutes rejetées comme {kind}s, pour la "
                    f"même raison : {reasons.pop()}. Corrigez la correspondance ; rien n'a été "
                    "importé."
                )

    def result(self, warnings: list[str]) -> ReadResult:
        structures, services = (
            iter([record for _, record in self.records[kind].values()])
            for kind in ("structure", "service")
        )
        return ReadResult(structures, services, self.rejections, warnings)


def _mapped(path: Path, options: ReadOptions, mapping_path: Path) -> ReadResult:
    mapping = load_mapping(mapping_path)
    source = options.source or mapping.source
    if not source:
        raise ParametreInvalide(
            f"{mapping_path.name} ne dit pas quelle est la source : ajoutez "
            'source = "nom-de-la-source" au fichier, ou --source NOM.'
        )
    table = _read_table(path, mapping)
    mapping.check_columns(table.headers, table.name)
    warnings = []
    if unread := mapping.unread(table.headers):
        warnings.append(
            f"colonne(s) ni reprise(s) ni ignorée(s) par {mapping.path.name} : "
            f"{', '.join(f'« {h} »' for h in unread)} (citez-les, ou ajoutez-les à "
            "« ignorer » dans [fichier])"
        )
    saved_on = table.saved_on or date.today()
    collector = _Collector()
    for row in table.rows:
        if not mapping.wanted(row):
            continue
        where = f"ligne {row.line}"
        built: dict[RecordKind, dict[str, Any]] = {}
        for kind, specs in mapping.specs.items():
            collector.rows[kind] += 1
            cells, problems = cells_of(specs, row)
            problems = [*row.problems, *problems]
            repaired = repair(cells)
            if kind == "service":
                if "structure_id" not in specs:
                    cells["structure_id"] = built.get("structure", {}).get("id")
                if "id" not in specs and cells.get("structure_id") and cells.get("nom"):
                    cells["id"] = f"{cells['structure_id']}--{tabular.slug(str(cells['nom']))}"
            cells["date_maj"] = cells.get("date_maj") or saved_on.isoformat()
            data, more = convert(kind, cells, strict=True)
            data["source"] = source
            built[kind] = data
            ref = f"{data['id']} ({where})" if data.get("id") else where
            if problems or more:
                reason = rejection_reason(kind, data, [*problems, *more])
                collector.reject(kind, ref, reason, source)
                continue
            collector.add(row.line, SourceRecord(kind, ref, data, repaired))
    collector.check_not_all_rejected(mapping.path.name)
    return collector.result(warnings)


@register
class CsvListsImporter:
    kind: ClassVar[str] = "csv"
    description: ClassVar[str] = (
        "listes CSV/XLSX : modèle de publication (data/templates/), ou toute liste avec "
        "--mapping FICHIER.toml"
    )

    def read(self, path: Path, options: ReadOptions) -> ReadResult:
        existing(path)
        if options.mapping is not None:
            if path.is_dir():
                raise FichierIllisible(
                    f"{path} est un dossier : avec --mapping, indiquez un fichier CSV ou XLSX."
                )
            return _mapped(path, options, options.mapping)
        return modele.read(path, options)
