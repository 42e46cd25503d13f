"""A BAN-compatible API (the stack's addok, or the public api-adresse): batches of
addresses, one CSV in and one out, through ``/search/csv/``; one address (``/search/``);
the address nearest a point (``/reverse/``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

from catalogue.errors import MaillageError

_Params = dict[str, str | int | float]
_COLUMNS = ("cle", "adresse", "code_postal", "commune", "citycode", "postcode")


class GeocodeurIndisponible(MaillageError):
    """The geocoder did not answer, or not with a CSV."""


@dataclass(frozen=True)
class Query:
    """One address to find. Filters left empty are not applied: Paris, Lyon and Marseille
    are filtered by postcode, their addresses being filed under their arrondissements."""

    key: str
    adresse: str
    code_postal: str
    commune: str
    citycode: str = ""
    postcode: str = ""


@dataclass(frozen=True)
class Answer:
    """What the geocoder matched (every field None when it found nothing)."""

    longitude: float | None = None
    latitude: float | None = None
    score: float | None = None
    type: str | None = None
    ban_id: str | None = None
    label: str | None = None
    citycode: str | None = None


def _float(value: str | None) -> float | None:
    return float(value) if value else None


def geocode(url: str, queries: Iterable[Query], *, timeout_s: float) -> dict[str, Answer]:
    """The geocoder's answer to each query, by key (one request for all of them)."""
    body = io.StringIO()
    writer = csv.writer(body)
    writer.writerow(_COLUMNS)
    count = 0
    for q in queries:
        writer.writerow((q.key, q.adresse, q.code_postal, q.commune, q.citycode, q.postcode))
        count += 1
    if not count:
        return {}
    # The query is made of these columns; the filters name the columns holding them.
    form = {"columns": ["adresse", "code_postal", "commune"], "citycode": "citycode"}
    form["postcode"] = "postcode"
    try:
        response = httpx.post(
            f"{url.rstrip('/')}/search/csv/",
            data=form,
            files={"data": ("adresses.csv", body.getvalue().encode(), "text/csv")},
            timeout=timeout_s,
        )
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise GeocodeurIndisponible(f"le géocodeur {url} n'a pas répondu : {error}") from error
    answers: dict[str, Answer] = {}
    for row in csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))):
        answers[row["cle"]] = Answer(
            longitude=_float(row.get("longitude")),
            latitude=_float(row.get("latitude")),
            score=_float(row.get("result_score")),
            type=row.get("result_type") or None,
            ban_id=row.get("result_id") or None,
            label=row.get("result_label") or None,
            citycode=row.get("result_citycode") or None,
        )
    return answers


def search(
    url: str, q: str, *, limit: int, timeout_s: float, autocomplete: bool = False
) -> list[Answer]:
    """The geocoder's best matches for a free-text address, best first (``autocomplete``:
    its last word may be the start of one)."""
    params: _Params = {"q": q, "limit": limit, "autocomplete": int(autocomplete)}
    return _features(url, "search", params, timeout_s)


def reverse(url: str, longitude: float, latitude: float, *, timeout_s: float) -> Answer | None:
    """The address nearest a point (a housenumber), or None when there is none."""
    params: _Params = {"lon": longitude, "lat": latitude, "type": "housenumber", "limit": 1}
    found = _features(url, "reverse", params, timeout_s)
    return found[0] if found else None


def _features(url: str, endpoint: str, params: _Params, timeout_s: float) -> list[Answer]:
    try:
        response = httpx.get(f"{url.rstrip('/')}/{endpoint}/", params=params, timeout=timeout_s)
        response.raise_for_status()
        features = response.json()["features"]
    except (httpx.HTTPError, ValueError, KeyError) as error:
        raise GeocodeurIndisponible(f"le géocodeur {url} n'a pas répondu : {error}") from error
    return [
        Answer(
            longitude=feature["geometry"]["coordinates"][0],
            latitude=feature["geometry"]["coordinates"][1],
            score=feature["properties"].get("score"),
            type=feature["properties"].get("type"),
            ban_id=feature["properties"].get("id"),
            label=feature["properties"].get("label"),
            citycode=feature["properties"].get("citycode"),
        )
        for feature in features
    ]
