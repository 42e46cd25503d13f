"""Signing up or asking for a reset takes as long whether the address has an account or
not: the answer comes before the work (hashing a password, writing the mail)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import httpx

from tests.accounts.helpers import PASSWORD, World, account, csrf_of
from tests.map.conftest import serve

TRIES = 4


def timed(client: httpx.Client, path: str, data: dict[str, str], page: str) -> float:
    token = csrf_of(client, page)  # type: ignore[arg-type]
    started = time.perf_counter()
    answer = client.post(path, data={**data, "csrf": token})
    elapsed = time.perf_counter() - started
    assert answer.status_code == 303, answer.text
    return elapsed


def median_of(make: Callable[[int], float]) -> float:
    return statistics.median(make(i) for i in range(TRIES))


def test_sign_up_and_reset_answer_in_the_same_time_for_known_and_unknown_addresses(
    world: World,
) -> None:
    for i in range(TRIES):
        account(world, f"connue{i}@example.org")
    server = serve(world.settings)
    base = next(server)
    try:
        with httpx.Client(base_url=base) as client:
            client.get("/compte/inscription")

            def sign_up(address: str) -> float:
                data = {"courriel": address, "mot_de_passe": PASSWORD, "nom": "A"}
                return timed(client, "/compte/inscription", data, "/compte/inscription")

            def reset(address: str) -> float:
                data = {"courriel": address}
                return timed(
                    client, "/compte/mot-de-passe-oublie", data, "/compte/mot-de-passe-oublie"
                )

            known = median_of(lambda i: sign_up(f"connue{i}@example.org"))
            unknown = median_of(lambda i: sign_up(f"nouvelle{i}@example.org"))
            assert abs(known - unknown) < 0.04, (known, unknown)
            known = median_of(lambda i: reset(f"connue{i}@example.org"))
            unknown = median_of(lambda i: reset(f"inconnue{i}@example.org"))
            assert abs(known - unknown) < 0.04, (known, unknown)
    finally:
        next(server, None)
