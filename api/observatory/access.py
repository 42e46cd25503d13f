"""Who sees a territory's observatory: its coordinators (a territory they coordinate, or
one inside it), platform admins, and everyone when the instance makes it public."""

from __future__ import annotations

from sqlalchemy import except_, exists, select, union
from sqlalchemy.engine import Connection

from api.accounts.roles import Principal
from catalogue.errors import AccesRefuse, NonAuthentifie
from catalogue.geography.territories import Territory, territory


def may_observe(conn: Connection, principal: Principal | None, area: Territory) -> bool:
    if principal is None or not (principal.is_platform_admin or principal.territoires):
        return False
    if principal.is_platform_admin or area.code in principal.territoires:
        return True
    theirs = union(*(territory(conn, code).communes for code in principal.territoires))
    outside = except_(area.communes, theirs)
    return not conn.scalar(select(exists(outside.subquery().select())))


def require_observer(
    conn: Connection, principal: Principal | None, area: Territory, public: bool
) -> None:
    if public or may_observe(conn, principal, area):
        return
    if principal is None:
        raise NonAuthentifie("Connectez-vous : l'observatoire est réservé aux coordinateurs.")
    raise AccesRefuse(f"Cette page est réservée aux coordinateurs de {area.nom}.")
