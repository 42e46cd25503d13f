"""Benchmark of the public map (``/carte``) at national scale.

    python -m bench.map [--services 150000] [--seed 1] [--db-url URL] [--data DIR]

What a citizen's browser transfers and waits for: Debian's Chromium (offline, cold cache)
opens ``/carte`` — the page, every asset it loads and the first request for groups —
then a zoomed view (Paris, zoom 12). Also the server time of the groups request alone,
and, as the baseline the server-side grouping avoids, every point shipped as GeoJSON.

The catalogue (``--db-url``, else the settings: the local stack) is filled with the
synthetic national dataset of ``bench.generate`` when it holds fewer services than asked
(generating and importing 150,000 services takes a while: run it once, then reuse).
Prints one JSON object and writes ``bench/results/map.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import uvicorn
from playwright.sync_api import ViewportSize
from sqlalchemy import text
from sqlalchemy.engine import Engine

from api.carte.params import Vue
from api.carte.queries import WIDE_VIEWS, visible
from bench.api_servers import free_port
from bench.common import CHROMIUM, CHROMIUM_ARGS, log
from bench.dataset import DATA_DIR, SOURCE
from bench.results import RESULTS_DIR
from catalogue.db import make_engine
from catalogue.settings import DatabaseSettings, ExportSettings, SearchSettings, Settings

RESULTS = RESULTS_DIR / "map.json"
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
ZOOMED = "/carte?lat=48.8566&lon=2.3522&zoom=12"
BUDGET = 1_000_000


def shown_services(engine: Engine) -> int:
    """Services the map can show anywhere (the same filter as ``/api/v1/carte``)."""
    where, values = visible(Vue(-180, -85.0511, 180, 85.0511, 0))
    with engine.connect() as conn:
        count: int = conn.execute(
            text(f"SELECT count(*) FROM services s WHERE {where}"), values
        ).scalar_one()
    return count


def services_in_catalogue(engine: Engine) -> int:
    """Services not archived, whether published or not."""
    with engine.connect() as conn:
        count: int = conn.execute(
            text("SELECT count(*) FROM services WHERE NOT archived")
        ).scalar_one()
    return count


def ensure_dataset(engine: Engine, services: int, seed: int, data: Path) -> int:
    """Generate and import the synthetic dataset unless the catalogue is big enough."""
    present = services_in_catalogue(engine)
    if present >= services:
        log(f"{present} services déjà dans le catalogue : pas d'import.")
        return present
    from bench.generate import generate, load_communes
    from importers.pipeline import run_import
    from importers.registry import get_importer

    if not (data / "services.json").exists():
        log(f"Génération de {services} services dans {data}…")
        generate(load_communes(engine), data, services=services, seed=seed, source=SOURCE)
    log(f"Import de {data} (long à cette taille)…")
    started = time.perf_counter()
    report = run_import(engine, get_importer("data-inclusion"), data)
    log(f"Import : {report.services.as_dict()} en {time.perf_counter() - started:.0f} s.")
    return services_in_catalogue(engine)


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """The application on a free loopback port, in this process."""
    from maillage.app import create_app

    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def browse(base: str, path: str) -> dict[str, Any]:
    """Open a page in a cold browser; what it transferred until the groups were drawn."""
    from playwright.sync_api import Request, Route, sync_playwright

    finished: list[Request] = []
    foreign: list[str] = []

    def guard(route: Route, request: Request) -> None:
        if urlsplit(request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            foreign.append(request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR", viewport=VIEWPORT)
        page = context.new_page()
        page.route("**/*", guard)
        page.on("requestfinished", lambda request: finished.append(request))
        started = time.perf_counter()
        with page.expect_response(lambda r: "/api/v1/carte?" in r.url) as first:
            page.goto(base + path)
        page.wait_for_function(
            "document.getElementById('carte-etat').textContent.includes('zone affichée')"
        )
        drawn_ms = (time.perf_counter() - started) * 1000
        page.wait_for_load_state("networkidle")
        carte = first.value.json()
        carte_url = first.value.url
        rows = []
        for request in finished:
            sizes = request.sizes()
            rows.append(
                (
                    request.resource_type,
                    sizes["responseBodySize"] + sizes["responseHeadersSize"],
                    request.url,
                )
            )
        context.close()
        browser.close()
    by_type: Counter[str] = Counter()
    for kind, size, _ in rows:
        by_type[kind] += size
    carte_bytes = next(size for _, size, url in rows if url == carte_url)
    return {
        "octets": sum(size for _, size, _ in rows),
        "requetes": len(rows),
        "ms_jusqu_aux_groupes": round(drawn_ms),
        "octets_par_type": dict(by_type.most_common()),
        "plus_gros": [
            {"url": urlsplit(url).path, "octets": size}
            for _, size, url in sorted(rows, key=lambda r: -r[1])[:5]
        ],
        "requete_carte": {
            "url": urlsplit(carte_url).path + "?" + urlsplit(carte_url).query,
            "octets": carte_bytes,
            "total": carte["total"],
            "groupes": len(carte["groupes"]),
            "services": len(carte["services"]),
        },
        "requetes_hors_machine": foreign,
    }


def api_timings(base: str, query: str, repeat: int = 10) -> dict[str, Any]:
    """Time of one groups request as the browser sees it: computed (the cache of wide
    views emptied first) and, for wide views, answered from that cache."""

    def timed(client: httpx.Client, clear: bool) -> tuple[float, int]:
        if clear:
            WIDE_VIEWS.clear()
        started = time.perf_counter()
        response = client.get(query)
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        return elapsed, len(response.content)

    with httpx.Client(base_url=base, timeout=60) as client:
        computed = [timed(client, True) for _ in range(repeat)]
        cached = [timed(client, False) for _ in range(repeat)]
    return {
        "ms_calcul_mediane": round(statistics.median(t for t, _ in computed), 1),
        "ms_calcul_max": round(max(t for t, _ in computed), 1),
        "ms_suivantes_mediane": round(statistics.median(t for t, _ in cached), 1),
        "octets": computed[0][1],
    }


def geojson_baseline(engine: Engine) -> dict[str, Any]:
    """Every point the map can show, as one GeoJSON document (what we do not do)."""
    where, values = visible(Vue(-180, -85.0511, 180, 85.0511, 0))
    sql = f"""
        SELECT s.uid, s.nom, t.nom AS structure, ST_X(s.location::geometry) AS x,
               ST_Y(s.location::geometry) AS y
          FROM services s JOIN structures t ON t.uid = s.structure_uid WHERE {where}
    """
    started = time.perf_counter()
    with engine.connect() as conn:
        rows = conn.execute(text(sql), values).all()
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(r.x, 5), round(r.y, 5)]},
                "properties": {"uid": str(r.uid), "nom": r.nom, "structure": r.structure},
            }
            for r in rows
        ],
    }
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    elapsed = (time.perf_counter() - started) * 1000
    return {
        "points": len(rows),
        "octets": len(data),
        "octets_gzip": len(gzip.compress(data, 6)),
        "ms_serveur": round(elapsed),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.map", description="Mesure la carte publique à l'échelle nationale."
    )
    parser.add_argument("--services", type=int, default=150_000, help="services à charger")
    parser.add_argument("--seed", type=int, default=1, help="graine du jeu synthétique")
    parser.add_argument("--db-url", help="base du catalogue (sinon : réglages, pile locale)")
    parser.add_argument("--data", type=Path, help="dossier du jeu synthétique (généré si absent)")
    args = parser.parse_args(argv)
    if args.services < 1:
        parser.error("--services doit être au moins 1")
    base = Settings()
    settings = Settings(
        stack=base.stack,
        db=DatabaseSettings(url=args.db_url) if args.db_url else base.db,
        search=SearchSettings(enabled=False, sync_interval_s=0),
        web=base.web,
        exports=ExportSettings(interval_hours=0),
    )
    data = args.data or DATA_DIR / f"carte-{args.services}-{args.seed}"
    engine = make_engine(settings)
    try:
        count = ensure_dataset(engine, args.services, args.seed, data)
        shown = shown_services(engine)
        baseline = geojson_baseline(engine)
    finally:
        engine.dispose()
    with serve(settings) as url:
        # Built once per process (api/carte/fond.py), then served from memory: not what a
        # visitor waits for, so built before measuring; the groups are computed afresh.
        httpx.get(f"{url}/api/v1/carte/fond", timeout=120).raise_for_status()
        WIDE_VIEWS.clear()
        log("Première vue de /carte…")
        first = browse(url, "/carte")
        log("Vue zoomée…")
        zoomed = browse(url, ZOOMED)
        national_api = api_timings(url, first["requete_carte"]["url"])
        zoomed_api = api_timings(url, zoomed["requete_carte"]["url"])
    cluster_bytes = first["requete_carte"]["octets"]
    result = {
        "banc": "carte",
        "machine": {"processeurs": os.cpu_count(), "systeme": platform.platform()},
        "services_au_catalogue": count,
        "services_sur_la_carte": shown,
        "premiere_vue": first,
        "vue_zoomee": zoomed,
        "api": {"nationale": national_api, "zoomee": zoomed_api},
        "reference_tous_les_points_geojson": baseline,
        "comparaison": {
            "budget_octets": BUDGET,
            "premiere_vue_sous_le_budget": first["octets"] < BUDGET,
            "rapport_geojson_gzip_sur_requete_carte": round(
                baseline["octets_gzip"] / cluster_bytes, 1
            ),
            "premiere_vue_si_geojson_octets": first["octets"]
            - cluster_bytes
            + baseline["octets_gzip"],
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
