"""Redis and addok, started and stopped by the stack on loopback in their own directory."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from catalogue.geocoding.daemons import Addok, Redis
from catalogue.geocoding.load import load_files
from catalogue.settings import StackSettings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_redis_and_addok_start_answer_and_stop(tmp_path: Path) -> None:
    settings = StackSettings(var_dir=tmp_path, redis_port=_free_port(), addok_port=_free_port())
    redis, addok = Redis(settings, durable=False), Addok(settings)
    try:
        redis.start()
        addok.start()
        assert redis.is_healthy() and addok.is_healthy()
        assert f'"port": {settings.redis_port}' in addok.config_file.read_text()
    finally:
        addok.destroy()
        redis.destroy()
    assert not (redis.is_running() or addok.is_running())
    assert not (redis.is_healthy() or addok.is_healthy())


def test_loading_a_ban_file_twice_replaces_its_addresses(tmp_path: Path) -> None:
    settings = StackSettings(var_dir=tmp_path, redis_port=_free_port(), addok_port=_free_port())
    redis, addok = Redis(settings, durable=False), Addok(settings)
    ban = tmp_path / "adresses-90.csv"
    ban.write_text(
        "id;numero;rep;nom_voie;code_postal;code_insee;nom_commune;lon;lat\n"
        "90010_0500_00014;14;;Rue de Badonviller;90000;90010;Belfort;6.848865;47.64518\n"
        "90010_0500_00016;16;;Rue de Badonviller;90000;90010;Belfort;6.8490;47.6453\n"
    )
    try:
        redis.start()
        addok.start()
        for _ in range(2):
            load_files(addok, [ban])
        found = httpx.get(
            f"{addok.url}/search/", params={"q": "14 rue de Badonviller Belfort", "limit": 10}
        ).json()["features"]
    finally:
        addok.destroy()
        redis.destroy()
    labels = [f["properties"]["label"] for f in found]
    assert labels[0] == "14 Rue de Badonviller 90000 Belfort"
    assert len(labels) == len(set(labels))  # not twice
    assert found[0]["geometry"]["coordinates"] == [6.848865, 47.64518]
