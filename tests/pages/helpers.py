"""Driving the HTML pages the way a browser without JavaScript (or with HTMX) does."""

from __future__ import annotations

import re

import httpx

HTMX = {"HX-Request": "true"}


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "form has no CSRF token"
    return match.group(1)


async def post_form(
    http: httpx.AsyncClient, path: str, fields: dict[str, str], *, htmx: bool = False
) -> httpx.Response:
    """GET the page that holds the form (as a browser would), then submit it."""
    form_page = "/login" if path.startswith("/login") else path
    if path in ("/logout",):
        form_page = "/profile"
    if path.startswith("/login/code"):
        form_page = "/login/code"
    page = await http.get(form_page)
    data = {"csrf_token": csrf_of(page.text), **fields}
    return await http.post(path, data=data, headers=HTMX if htmx else {})
