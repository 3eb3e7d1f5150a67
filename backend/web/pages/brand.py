"""Branding on pages (X3): the configured primary colour as a stylesheet, and the logo."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from backend.branding import logo_subtype

# Pages change colour with a restart only; an hour keeps it off every page load.
CACHED = {"Cache-Control": "public, max-age=3600"}


async def brand_css(request: Request) -> Response:
    """A stylesheet rather than an inline style: the page CSP allows styles from 'self' only."""
    color = request.app.state.deps.settings.primary_color
    return Response(f":root {{ --accent: {color}; }}\n", media_type="text/css", headers=CACHED)


async def logo(request: Request) -> Response:
    path = request.app.state.deps.settings.logo_path
    if path is None:
        return Response("No logo is configured.", status_code=404, media_type="text/plain")
    return FileResponse(path, media_type=f"image/{logo_subtype(path)}", headers=CACHED)
