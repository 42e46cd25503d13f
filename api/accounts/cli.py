"""``maillage admin``: accounts made by hand (bootstrap), the freshness digest, and the
purge of personal data past its retention."""

from __future__ import annotations

from pathlib import Path

import click

from catalogue.settings import Settings

ROLES = ("admin", "moderateur", "coordinateur", "referent")


@click.group()
def admin() -> None:
    """Comptes, rôles, relances de fraîcheur et purge des données personnelles échues."""


@admin.command("create-user")
@click.option("--email", "email", required=True, help="Adresse électronique du compte.")
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="referent",
    show_default=True,
    help="admin : administrateur de la plateforme ; moderateur : avec --departements ; "
    "coordinateur : avec --territoire.",
)
@click.option("--departements", default="", help="Départements modérés, séparés par des virgules.")
@click.option(
    "--territoire",
    "territoires",
    default="",
    help="Territoires coordonnés (départements, EPCI, communes), séparés par des virgules.",
)
@click.option("--nom", default=None, help="Prénom et nom.")
@click.option(
    "--mot-de-passe",
    "password",
    envvar="MAILLAGE_ADMIN_PASSWORD",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Demandé s'il n'est pas donné (ou MAILLAGE_ADMIN_PASSWORD).",
)
@click.pass_obj
def create_user_command(
    settings: Settings,
    email: str,
    role: str,
    departements: str,
    territoires: str,
    nom: str | None,
    password: str,
) -> None:
    """Crée un compte confirmé (ou ajoute un rôle à un compte existant)."""
    from api.accounts.users import create_user
    from catalogue.db import make_engine
    from catalogue.errors import ParametreInvalide

    codes = tuple(c.strip().upper() for c in departements.split(",") if c.strip())
    if role == "moderateur" and not codes:
        raise ParametreInvalide("Un modérateur modère au moins un département (--departements).")
    areas = tuple(c.strip() for c in territoires.split(",") if c.strip())
    if role == "coordinateur" and not areas:
        raise ParametreInvalide("Un coordinateur coordonne au moins un territoire (--territoire).")
    engine = make_engine(settings)
    try:
        account = create_user(
            engine,
            email,
            password,
            name=nom,
            platform_admin=role == "admin",
            departements=codes if role == "moderateur" else (),
            territoires=areas if role == "coordinateur" else (),
        )
    finally:
        engine.dispose()
    state = "créé" if account.created else "déjà existant, rôles ajoutés"
    click.echo(f"Compte {account.email} {state} ({role}).")


@admin.command("digest")
@click.option("--force", is_flag=True, help="Relance même les services relancés cette semaine.")
@click.option("--dry-run", is_flag=True, help="Dit qui serait relancé, sans rien envoyer.")
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON.")
@click.option(
    "--coordinateurs",
    is_flag=True,
    help="La lettre de la semaine aux coordinateurs de territoires, à la place.",
)
@click.pass_obj
def digest(
    settings: Settings, force: bool, dry_run: bool, as_json: bool, coordinateurs: bool
) -> None:
    """Envoie aux structures la liste de leurs services à vérifier, et aux adresses de
    contact des services importés sans compte (au plus tous les 90 jours) ; avec
    --coordinateurs, la lettre de la semaine aux coordinateurs."""
    from api.accounts.mail import Mailer
    from api.publish.freshness import send_digest
    from catalogue.cli import echo_json
    from catalogue.db import make_engine

    if coordinateurs:
        from api.observatory.digest import send_coordinator_digest

        engine = make_engine(settings)
        try:
            sent = send_coordinator_digest(engine, Mailer(settings.mail), settings, dry_run=dry_run)
        finally:
            engine.dispose()
        if as_json:
            echo_json(sent.__dict__)
            return
        verb = "recevraient" if dry_run else "ont reçu"
        click.echo(
            f"{sent.coordinateurs} coordinateur(s) {verb} la lettre de {sent.territoires} "
            f"territoire(s) ({sent.courriels} courriel(s) envoyé(s))."
        )
        return

    engine = make_engine(settings)
    try:
        report = send_digest(engine, Mailer(settings.mail), settings, force=force, dry_run=dry_run)
    finally:
        engine.dispose()
    if as_json:
        echo_json(report.as_dict())
        return
    verb = "seraient relancés" if dry_run else "relancés"
    contacts = report.contacts
    click.echo(
        f"{report.services} service(s) à vérifier de {report.structures} structure(s) {verb}, "
        f"et {contacts.get('services', 0)} service(s) sans compte auprès de "
        f"{contacts.get('courriels', 0)} adresse(s) de contact ({report.courriels} courriel(s) "
        "envoyé(s))."
    )


@admin.command("purger")
@click.pass_obj
def purge(settings: Settings) -> None:
    """Efface les tentatives de connexion et les envois de courriels plus anciens que
    leur fenêtre de limitation (à lancer chaque heure, par cron ou un minuteur systemd)."""
    from datetime import UTC, datetime

    from api.accounts.ratelimit import prune
    from catalogue.db import make_engine

    engine = make_engine(settings)
    try:
        with engine.begin() as conn:
            gone = prune(conn, settings.accounts, datetime.now(UTC))
    finally:
        engine.dispose()
    click.echo(f"{gone} ligne(s) de données personnelles échues effacée(s).")


@admin.command("sauvegarde")
@click.argument("fichier", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def back_up_command(settings: Settings, fichier: Path) -> None:
    """Sauvegarde toute la base (catalogue, comptes, historique) dans FICHIER."""
    from catalogue.backup import back_up

    size = back_up(settings, fichier)
    click.echo(f"Sauvegarde écrite : {fichier} ({size / 1e6:.1f} Mo).")


@admin.command("restaurer")
@click.argument("fichier", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.pass_obj
def restore_command(settings: Settings, fichier: Path) -> None:
    """Restaure FICHIER dans une base neuve, puis reconstruisez l'index de recherche
    (« maillage index rebuild »)."""
    from catalogue.backup import restore

    restore(settings, fichier)
    click.echo("Base restaurée : lancez « maillage index rebuild » pour la recherche.")
