"""Driving the HTML pages the way a browser without JavaScript (or with HTMX) does."""

from __future__ import annotations

import re

import httpx

HTMX = {"HX-Request": "true"}


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form has no CSRF token"
    return match.group(1)


def _page_holding(path: str) -> str:
    """Which page a browser would have loaded to submit a form to `path`."""
    if path.startswith("/login/code"):
        return "/login/code"
    if path.startswith("/login") or path == "/language":
        return "/login"
    profile_forms = (
        "/profile/sessions",
        "/profile/devices",
        "/profile/sign-out-others",
        "/profile/apps",
        "/profile/language",
    )
    if path == "/logout" or path.startswith(profile_forms):
        return "/profile"
    return path


async def post_form(
    http: httpx.AsyncClient, path: str, fields: dict[str, str], *, htmx: bool = False
) -> httpx.Response:
    """GET the page that holds the form (as a browser would), then submit it."""
    page = await http.get(_page_holding(path))
    data = {"csrf_token": csrf_of(page.text), **fields}
    return await http.post(path, data=data, headers=HTMX if htmx else {})
