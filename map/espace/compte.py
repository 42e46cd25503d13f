"""Account pages: sign up, confirm, sign in (session rotated), sign out, reset password."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from starlette.background import BackgroundTask

from api.accounts import users
from api.accounts.mail import Mailer
from api.accounts.sessions import SESSION_COOKIE, close_session, open_session
from api.accounts.setup import get_mailer
from api.accounts.web import CsrfDep, VisitorDep
from api.deps import EngineDep, SettingsDep
from catalogue.errors import DonneesInvalides, NonAuthentifie, TropDeTentatives
from map.templating import PageRoute, form_errors, page, redirect, safe_next, status_of

router = APIRouter(prefix="/compte", route_class=PageRoute, include_in_schema=False)
MailerDep = Annotated[Mailer, Depends(get_mailer)]
Text = Annotated[str, Form(max_length=500)]
Password = Annotated[str, Form(max_length=500)]


def _client_ip(request: Request) -> str:
    return request.client.host if request.client else "inconnue"


@router.get("/inscription")
def sign_up_form(request: Request, visitor: VisitorDep, settings: SettingsDep) -> Response:
    return page(request, visitor, settings, "espace/inscription.html", {"erreurs": []})


@router.post("/inscription", dependencies=[CsrfDep])
def sign_up(
    request: Request,
    visitor: VisitorDep,
    settings: SettingsDep,
    engine: EngineDep,
    mailer: MailerDep,
    courriel: Text,
    mot_de_passe: Password,
    nom: Annotated[str, Form(max_length=150)] = "",
) -> Response:
    try:
        users.check_sign_up(courriel, mot_de_passe)
    except DonneesInvalides as error:
        context = {"erreurs": form_errors(error), "courriel": courriel, "nom": nom}
        return page(request, visitor, settings, "espace/inscription.html", context, 422)
    # After the answer, which then takes as long whether the address has an account or not.
    answer = redirect("/compte/connexion", "inscrit")
    answer.background = BackgroundTask(
        users.sign_up, engine, mailer, settings, courriel, mot_de_passe, nom, _client_ip(request)
    )
    return answer


@router.get("/confirmer")
def confirm(jeton: Annotated[str, Query(max_length=200)], engine: EngineDep) -> Response:
    users.confirm_email(engine, jeton)
    return redirect("/compte/connexion", "confirme")


@router.get("/connexion")
def sign_in_form(
    request: Request,
    visitor: VisitorDep,
    settings: SettingsDep,
    suite: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    context = {"erreur": None, "suite": safe_next(suite)}
    return page(request, visitor, settings, "espace/connexion.html", context)


@router.post("/connexion", dependencies=[CsrfDep])
def sign_in(
    request: Request,
    visitor: VisitorDep,
    settings: SettingsDep,
    engine: EngineDep,
    mailer: MailerDep,
    courriel: Text,
    mot_de_passe: Password,
    suite: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    try:
        user_id = users.authenticate(
            engine, mailer, settings, courriel, mot_de_passe, _client_ip(request)
        )
    except (NonAuthentifie, TropDeTentatives) as error:
        context = {"erreur": error.message, "courriel": courriel, "suite": safe_next(suite)}
        return page(request, visitor, settings, "espace/connexion.html", context, status_of(error))
    with engine.begin() as conn:
        # Whatever session cookie came in is dropped: a new token, always (no fixation).
        if visitor.session_token:
            close_session(conn, visitor.session_token)
        token = open_session(conn, settings.accounts, user_id)
    response = redirect(safe_next(suite))
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.accounts.session_hours * 3600,
        httponly=True,
        samesite="lax",
        secure=settings.accounts.secure_cookies,
        path="/",
    )
    return response


@router.post("/deconnexion", dependencies=[CsrfDep])
def sign_out(visitor: VisitorDep, engine: EngineDep) -> Response:
    if visitor.session_token:
        with engine.begin() as conn:
            close_session(conn, visitor.session_token)
    response = redirect("/compte/connexion", "deconnecte")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/mot-de-passe-oublie")
def forgotten_form(request: Request, visitor: VisitorDep, settings: SettingsDep) -> Response:
    return page(request, visitor, settings, "espace/mot_de_passe_oublie.html", {})


@router.post("/mot-de-passe-oublie", dependencies=[CsrfDep])
def forgotten(
    request: Request, settings: SettingsDep, engine: EngineDep, mailer: MailerDep, courriel: Text
) -> Response:
    # After the answer, as sign-up does.
    answer = redirect("/compte/connexion", "reinitialisation")
    answer.background = BackgroundTask(
        users.request_password_reset, engine, mailer, settings, courriel, _client_ip(request)
    )
    return answer


@router.get("/reinitialiser")
def reset_form(
    request: Request,
    visitor: VisitorDep,
    settings: SettingsDep,
    jeton: Annotated[str, Query(max_length=200)],
) -> Response:
    context = {"jeton": jeton, "erreurs": []}
    return page(request, visitor, settings, "espace/reinitialiser.html", context)


@router.post("/reinitialiser", dependencies=[CsrfDep])
def reset(
    request: Request,
    visitor: VisitorDep,
    settings: SettingsDep,
    engine: EngineDep,
    jeton: Annotated[str, Form(max_length=200)],
    mot_de_passe: Password,
) -> Response:
    try:
        users.reset_password(engine, jeton, mot_de_passe)
    except DonneesInvalides as error:
        context = {"jeton": jeton, "erreurs": form_errors(error)}
        return page(request, visitor, settings, "espace/reinitialiser.html", context, 422)
    return redirect("/compte/connexion", "mot-de-passe")
