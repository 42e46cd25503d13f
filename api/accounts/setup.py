"""What the accounts need at run time, put on the app once: the CSRF key and the mailer."""

from __future__ import annotations

from fastapi import FastAPI, Request

from api.accounts.mail import Mailer
from api.accounts.tokens import secret_key
from catalogue.settings import Settings


def install_accounts(app: FastAPI, settings: Settings) -> None:
    app.state.secret_key = secret_key(settings)
    app.state.mailer = Mailer(settings.mail)


def get_mailer(request: Request) -> Mailer:
    mailer: Mailer = request.app.state.mailer
    return mailer
