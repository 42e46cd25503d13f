"""``maillage import``: run an importer, list them, show the history of runs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from catalogue.settings import Settings


def _print_report(report: dict[str, object], *, trial: bool) -> None:
    if trial:
        click.echo(f"Essai d'import ({report['format']}) de {report['chemin']}")
    else:
        click.echo(f"Import n° {report['import']} ({report['format']}) de {report['chemin']}")
    for kind in ("structures", "services"):
        c = report[kind]
        assert isinstance(c, dict)
        click.echo(
            f"  {kind:11} lus {c['lus']:>7} · créés {c['crees']:>7} · mis à jour "
            f"{c['mis_a_jour']:>7} · inchangés {c['inchanges']:>7} · rejetés {c['rejetes']:>6}"
            f" · archivés {c['archives']:>6}"
        )
    rejections = report["rejets"]
    assert isinstance(rejections, list)
    for rejection in rejections[:50]:
        click.echo(f"  rejeté : {rejection['type']} {rejection['id']} — {rejection['raison']}")
    if len(rejections) > 50:
        click.echo(f"  … et {len(rejections) - 50} autres rejets (--json pour tous).")
    located = report.get("localisation")
    if isinstance(located, dict) and located:
        click.echo("  localisation : " + " · ".join(f"{k} {v}" for k, v in located.items()))
    warnings = report["avertissements"]
    assert isinstance(warnings, list)
    for warning in warnings:
        if warning["type"] == "fichier":  # about the whole file: always worth reading
            click.echo(f"  attention : {warning['message']}")
    if warnings:
        click.echo(f"  {len(warnings)} avertissement(s) (--json pour le détail).")
    if trial:
        click.echo(
            "Essai seulement : rien n'a été écrit dans le catalogue, ni dans l'historique "
            "des imports. Relancez sans --essai pour importer."
        )


def _propose(path: Path, output: Path | None) -> None:
    """Write the guessed mapping (to ``output``, never over an existing file, or to the
    standard output)."""
    from catalogue.errors import ParametreInvalide
    from importers.assistant import propose
    from importers.reading import existing

    if existing(path).is_dir():
        raise ParametreInvalide(f"{path} est un dossier : --proposer lit un fichier CSV ou XLSX.")
    proposal = propose(path)
    if output is None:
        click.echo(proposal.toml(), nl=False)
        return
    if output.exists():
        raise ParametreInvalide(f"{output} existe déjà : choisissez un autre nom avec --sortie.")
    output.write_text(proposal.toml(), encoding="utf-8")
    guessed = sum(len(columns) for columns in proposal.fields.values())
    click.echo(
        f"Correspondance proposée dans {output} : {guessed} colonne(s) reconnue(s), "
        f"{len(proposal.ignored)} ignorée(s). Relisez-la, puis essayez-la : maillage import "
        f"csv {path} --mapping {output} --essai",
        err=True,
    )


@click.command("import")
@click.argument("kind", required=False)
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--source", help="Nom de la source (remplace celui des enregistrements).")
@click.option(
    "--mapping",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Fichier TOML de correspondance des colonnes (listes CSV génériques).",
)
@click.option(
    "--full", is_flag=True, help="Import complet : archive ce que la source ne liste plus."
)
@click.option(
    "--essai",
    "trial",
    is_flag=True,
    help="Essai : tout l'import, puis annulé — le même rapport, rien d'écrit.",
)
@click.option(
    "--proposer",
    "suggest",
    is_flag=True,
    help="Listes CSV/XLSX : propose un fichier de correspondance (TOML) à relire, "
    "deviné d'après les en-têtes et les valeurs.",
)
@click.option(
    "--sortie",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Avec --proposer : le fichier où écrire la correspondance (sinon, la sortie).",
)
@click.option("--json", "as_json", is_flag=True, help="Rapport en JSON.")
@click.option("--list", "list_", is_flag=True, help="Liste les formats d'import.")
@click.option("--history", is_flag=True, help="Historique des imports.")
@click.pass_obj
def import_command(
    settings: Settings,
    kind: str | None,
    path: Path | None,
    source: str | None,
    mapping: Path | None,
    full: bool,
    trial: bool,
    suggest: bool,
    sortie: Path | None,
    as_json: bool,
    list_: bool,
    history: bool,
) -> None:
    """Importe un fichier KIND (format) situé en PATH dans le catalogue."""
    from catalogue.cli import echo_json
    from catalogue.db import make_engine
    from importers.history import import_history
    from importers.pipeline import run_import
    from importers.registry import get_importer, importers

    if list_:
        for name, importer_class in importers().items():
            click.echo(f"{name:16} {importer_class.description}")
        return
    engine = make_engine(settings)
    if history:
        runs = import_history(engine)
        if as_json:
            echo_json(runs)
        for run in [] if as_json else runs:
            error = f" ERREUR {run['erreur']}" if run["erreur"] else ""
            click.echo(
                f"n° {run['id']:>4} {run['debut']:%Y-%m-%d %H:%M} {run['par']:10} "
                f"{run['format']:15} {run['chemin']} {run['comptes']}{error}"
            )
        return
    if kind is None or path is None:
        raise click.UsageError("Indiquez un format et un chemin : maillage import KIND PATH.")
    importer = get_importer(kind)
    if suggest:
        if kind != "csv":
            raise click.UsageError("--proposer ne vaut que pour les listes : maillage import csv.")
        _propose(path, sortie)
        return

    interactive = sys.stderr.isatty()
    last = [""]

    def progress(what: str, done: int, total: int) -> None:
        if as_json:
            return
        amount = f"{done}/{total}" if total else str(done)  # a stream's total is unknown
        if not interactive:  # a log file: plain lines
            click.echo(f"  … {what} : {amount}", err=True)
            return
        if last[0] not in ("", what):
            click.echo("", err=True)  # the previous stage's line stays
        last[0] = what
        click.echo(f"\r  … {what} : {amount}", err=True, nl=False)

    report = run_import(
        engine,
        importer,
        path,
        source=source,
        mapping=mapping,
        full=full,
        progress=progress,
        settings=settings.imports,
        geocoder=settings.geocoder,
        dry_run=trial,
    ).as_dict()
    if last[0]:
        click.echo("", err=True)
    if as_json:
        echo_json({**report, "import": None, "essai": True} if trial else report)
    else:
        _print_report(report, trial=trial)
    sys.exit(0)
