"""Kinds of structures: how often they occur, how they are named, what they offer.

Name and description templates use ``{commune}``, ``{de_commune}`` ("de Lyon",
"d'Arles", "du Havre") and ``{mot}`` (an invented name from ``textes.MOTS``). Offers are
listed most frequent first. Réseaux porteurs are only the schema's generic public kinds.
The kinds themselves are in ``bench.kinds_accueil`` and ``bench.kinds_specialises``.
"""

from __future__ import annotations

from bench import (
    kinds_accueil,
    kinds_specialises,
    offres_droits,
    offres_emploi,
    offres_logement_sante,
    offres_mobilite_famille,
    offres_numerique_argent,
)
from bench.textes import Kind, Offre

_MODULES = (
    offres_mobilite_famille,
    offres_logement_sante,
    offres_numerique_argent,
    offres_droits,
    offres_emploi,
)
OFFRES: dict[str, Offre] = {o.key: o for module in _MODULES for o in module.OFFRES}


# In this order: the seed draws kinds from their list.
KINDS: tuple[Kind, ...] = (*kinds_accueil.KINDS, *kinds_specialises.KINDS)

_unknown = {key for k in KINDS for key in k.offres} - OFFRES.keys()
_unused = OFFRES.keys() - {key for k in KINDS for key in k.offres}
if _unknown or _unused:
    raise ValueError(f"offers unknown {sorted(_unknown)} or unused {sorted(_unused)}")
