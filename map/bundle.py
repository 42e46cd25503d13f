"""The part of the DSFR our pages use, as one stylesheet built at start-up.

DSFR's full stylesheet is 585 kB minified; the public map must load in under 1 MB with
everything. We take its core, the components we use (in DSFR's own order) and the rules
of the few icons we show, rewrite their relative ``url()``s to the vendored files, and
serve the result gzipped when the browser accepts it. Its URL is fixed (templates of other
features extend our ``base.html`` from their own Jinja environments), with an ETag.
"""

from __future__ import annotations

import gzip
import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response

DSFR_URL = "/static/vendor/dsfr"
CORE = "core/core.main.min.css"
# In the order of DSFR's own dsfr.main.css (later components build on earlier ones).
COMPONENTS = (
    "badge",
    "logo",
    "button",
    "breadcrumb",
    "form",
    "link",
    "callout",
    "pagination",
    "tag",
    "alert",
    "notice",
    "radio",
    "card",
    "checkbox",
    "input",
    "skiplink",
    "select",
    "modal",
    "navigation",
    "footer",
    "table",
    "header",
)
ICONS = {
    "icons-arrows": ("fr-icon-arrow-left-line",),
    "icons-map": ("fr-icon-map-pin-2-line", "fr-icon-road-map-line", "fr-icon-compass-3-line"),
    "icons-device": ("fr-icon-phone-line",),
    "icons-business": (
        "fr-icon-mail-line",
        "fr-icon-calendar-line",
        "fr-icon-printer-line",
        "fr-icon-flag-line",
    ),
    "icons-system": (
        "fr-icon-time-line",
        "fr-icon-search-line",
        "fr-icon-external-link-line",
        "fr-icon-information-line",
        "fr-icon-check-line",
        "fr-icon-lock-line",
        "fr-icon-add-line",
    ),
    "icons-user": (
        "fr-icon-user-line",
        "fr-icon-team-line",
        "fr-icon-account-line",
        "fr-icon-account-circle-line",
    ),
    "icons-buildings": ("fr-icon-building-line",),
    "icons-document": ("fr-icon-file-text-line",),
}
_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


@dataclass(frozen=True)
class Bundle:
    content: bytes
    gzipped: bytes
    url: str
    media_type: str
    etag: str


def _absolute_urls(css: str, relative_dir: str) -> str:
    def rewrite(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "/", "http:", "https:", "#")):
            return match.group(0)
        return f"url({DSFR_URL}/{posixpath.normpath(posixpath.join(relative_dir, target))})"

    return _URL.sub(rewrite, css)


def _icon_rules(dist: Path) -> list[str]:
    rules = []
    for family, names in ICONS.items():
        relative = f"utility/icons/{family}/{family}.main.min.css"
        css = (dist / relative).read_text(encoding="utf-8")
        for name in names:
            match = re.search(rf"\.{name}:after,\.{name}:before\{{[^}}]*\}}", css)
            if match is None:
                raise LookupError(f"DSFR icon {name} not found in {relative}")
            rules.append(_absolute_urls(match.group(0), posixpath.dirname(relative)))
    return rules


def build_dsfr_css(dist: Path) -> str:
    """Core + our components + our icons, with absolute asset URLs."""
    parts = []
    for relative in [CORE, *(f"component/{c}/{c}.main.min.css" for c in COMPONENTS)]:
        css = (dist / relative).read_text(encoding="utf-8")
        parts.append(_absolute_urls(css, posixpath.dirname(relative)))
    parts.extend(_icon_rules(dist))
    return "\n".join(parts)


def make_bundle(content: str, url: str, media_type: str) -> Bundle:
    data = content.encode()
    etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
    return Bundle(data, gzip.compress(data, 9, mtime=0), url, media_type, etag)


def serve_bundle(app: FastAPI, bundle: Bundle) -> None:
    headers = {
        "Cache-Control": "public, max-age=3600",
        "Vary": "Accept-Encoding",
        "ETag": bundle.etag,
    }

    @app.get(bundle.url, include_in_schema=False)
    def bundled(request: Request) -> Response:
        if request.headers.get("if-none-match") == bundle.etag:
            return Response(status_code=304, headers=headers)
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(
                bundle.gzipped,
                media_type=bundle.media_type,
                headers={**headers, "Content-Encoding": "gzip"},
            )
        return Response(bundle.content, media_type=bundle.media_type, headers=headers)
