"""HireMate's candidate assessment page at the candidate link, and its static assets.

The page is plain HTML, CSS and JavaScript from `collector/static/`. Asset URLs carry a
`v` query parameter with a hash of the file's content, so browsers may cache a versioned
asset for a year and still load a changed file at once. The HTML itself is never cached
because its URL contains the candidate's token.
"""

from __future__ import annotations

import hashlib
import logging
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response

from collector.deps import SettingsDep

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
PAGE_FILE = "assessment.html"
ASSET_MEDIA_TYPES = {
    "assessment.css": "text/css; charset=utf-8",
    "storage.js": "text/javascript; charset=utf-8",
    "outbox.js": "text/javascript; charset=utf-8",
    "transport.js": "text/javascript; charset=utf-8",
    "recorder.js": "text/javascript; charset=utf-8",
    "task.js": "text/javascript; charset=utf-8",
    "assessment.js": "text/javascript; charset=utf-8",
}
# Everything the page loads comes from this origin. CSP Level 3 lets 'self' in connect-src
# match ws:// and wss:// on the same host, which the event socket needs.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The page URL contains the token, so no request may carry it to another site.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), clipboard-read=()",
    "X-Robots-Tag": "noindex, nofollow",
}
VERSIONED_CACHE = "public, max-age=31536000, immutable"
UNVERSIONED_CACHE = "no-cache"


@dataclass(frozen=True)
class Asset:
    """One static file of the page, read once per process."""

    body: bytes
    media_type: str
    version: str

    @property
    def etag(self) -> str:
        """The strong entity tag built from the content hash."""
        return f'"{self.version}"'


@lru_cache(maxsize=1)
def load_assets() -> dict[str, Asset]:
    """Read the page's static files and hash their content."""
    assets = {}
    for name, media_type in ASSET_MEDIA_TYPES.items():
        body = (STATIC_DIR / name).read_bytes()
        version = hashlib.sha256(body).hexdigest()[:16]
        assets[name] = Asset(body=body, media_type=media_type, version=version)
    logger.info("loaded %d candidate page assets from %s", len(assets), STATIC_DIR)
    return assets


@lru_cache(maxsize=1)
def page_template() -> string.Template:
    """Return the page's HTML template, where `${outbox_js}` and the like are asset versions."""
    return string.Template((STATIC_DIR / PAGE_FILE).read_text(encoding="utf-8"))


def render_page(idle_ms: int) -> str:
    """Fill the page template with the asset versions and the idle threshold."""
    values = {name.replace(".", "_"): asset.version for name, asset in load_assets().items()}
    values["idle_ms"] = str(idle_ms)
    return page_template().substitute(values)


@router.get("/assessment/{token}", response_class=HTMLResponse)
def read_assessment_page(
    token: Annotated[str, PathParam(max_length=256)], settings: SettingsDep
) -> HTMLResponse:
    """Serve the candidate assessment page; the page reads the token from its own URL."""
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
    return HTMLResponse(render_page(settings.idle_gap_ms), headers=headers)


@router.get("/static/assessment/{name}")
def read_assessment_asset(
    name: str, request: Request, v: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    """Serve one static file of the candidate page."""
    asset = load_assets().get(name)
    if asset is None:
        raise HTTPException(404, "Asset not found")
    cache_control = VERSIONED_CACHE if v == asset.version else UNVERSIONED_CACHE
    headers = {
        "Cache-Control": cache_control,
        "ETag": asset.etag,
        "X-Content-Type-Options": "nosniff",
    }
    if asset.etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)
