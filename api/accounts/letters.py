"""The emails we send, in French. Plain text: every client shows it, nothing to escape."""

from __future__ import annotations

from dataclasses import dataclass

SIGNATURE = "\n\n— L'équipe Maillage\n(Courriel automatique : merci de ne pas y répondre.)\n"


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str


def confirmation(link: str, hours: int) -> Letter:
    return Letter(
        "Confirmez votre adresse sur Maillage",
        "Bonjour,\n\nPour activer votre compte Maillage, ouvrez ce lien (valable "
        f"{hours} heures) :\n\n{link}\n\nSi vous n'avez pas créé de compte, ignorez ce "
        "message." + SIGNATURE,
    )


def already_registered(reset_link: str) -> Letter:
    return Letter(
        "Vous avez déjà un compte sur Maillage",
        "Bonjour,\n\nQuelqu'un (vous, sans doute) a voulu créer un compte Maillage avec "
        "cette adresse, qui en a déjà un. Si vous avez oublié votre mot de passe, "
        f"choisissez-en un nouveau ici :\n\n{reset_link}\n\nSinon, ignorez ce message." + SIGNATURE,
    )


def password_reset(link: str, minutes: int) -> Letter:
    return Letter(
        "Nouveau mot de passe Maillage",
        "Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable "
        f"{minutes} minutes, une seule fois) :\n\n{link}\n\nSi vous n'avez rien demandé, "
        "ignorez ce message : votre mot de passe ne change pas." + SIGNATURE,
    )


def membership_decided(structure: str, accepted: bool, link: str) -> Letter:
    if accepted:
        return Letter(
            f"Vous pouvez gérer « {structure} » sur Maillage",
            f"Bonjour,\n\nVotre demande pour « {structure} » a été acceptée. Vous pouvez "
            f"publier ses services depuis votre espace :\n\n{link}" + SIGNATURE,
        )
    return Letter(
        f"Votre demande pour « {structure} »",
        f"Bonjour,\n\nVotre demande pour « {structure} » n'a pas été acceptée. Pour en "
        "savoir plus, contactez la structure ou l'équipe Maillage de votre département."
        + SIGNATURE,
    )


def contact_digest(services: list[tuple[str, str, str]], claim: str, days: int) -> Letter:
    """To the contact address of imported services no account manages: each service's
    page and the link that confirms it (valid until the next reminder)."""
    lines = "\n".join(
        f"- {name}\n  sa fiche : {page}\n  toujours exact ? Confirmez-le : {confirm}"
        for name, page, confirm in services
    )
    return Letter(
        f"{len(services)} service(s) à vérifier sur Maillage",
        "Bonjour,\n\nLes référents de l'insertion (France Travail, missions locales, CCAS…) "
        "trouvent sur Maillage ces services, avec votre adresse comme contact. Leurs "
        "informations n'ont pas été mises à jour depuis longtemps : ils les voient « à "
        f"vérifier ». S'ils n'ont pas changé, un clic suffit :\n\n{lines}\n\n"
        "Pour les corriger et les tenir à jour vous-même, créez un compte et rattachez-vous "
        f"à votre structure : {claim}\n\nNous ne vous écrirons pas à ce sujet avant {days} "
        "jours." + SIGNATURE,
    )


def freshness_digest(structure: str, services: list[tuple[str, str]], link: str) -> Letter:
    lines = "\n".join(f"- {name} : {url}" for name, url in services)
    return Letter(
        f"{len(services)} service(s) de « {structure} » à vérifier",
        f"Bonjour,\n\nCes services de « {structure} » n'ont pas été vérifiés depuis "
        "longtemps ; les référents les voient « à vérifier ». Un clic sur « Toujours à "
        f"jour » suffit s'ils n'ont pas changé :\n\n{lines}\n\nVotre espace : {link}" + SIGNATURE,
    )


def coordinator_digest(sections: list[str], link: str) -> Letter:
    """The week of a coordinator's territories (each section already written)."""
    body = "\n\n".join(sections)
    return Letter(
        "Votre semaine sur l'observatoire de Maillage",
        f"Bonjour,\n\nVoici ce qui a changé dans l'offre de vos territoires.\n\n{body}\n\n"
        f"L'observatoire : {link}" + SIGNATURE,
    )
