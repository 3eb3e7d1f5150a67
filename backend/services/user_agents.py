"""Naming a browser for people ("Chrome on Linux") from its User-Agent header, with ua-parser.

The names (Chrome, Linux) are the same in every language; the sentence around them is a
`Text`, translated where it is shown (X1: "Chrome unter Linux")."""

from __future__ import annotations

from functools import lru_cache

import ua_parser

from backend.i18n import N_, Text


@lru_cache(maxsize=1024)
def describe(user_agent: str) -> Text:
    if not user_agent:
        return N_("Unknown device")
    parsed = ua_parser.parse(user_agent)
    browser = parsed.user_agent.family if parsed.user_agent else None
    system = parsed.os.family if parsed.os else None
    if browser and system:
        return N_("%(browser)s on %(system)s", browser=browser, system=system)
    # A name alone is no sentence: shown as it is (not in the catalog).
    return Text("%(name)s", params={"name": browser or system or user_agent[:60]})
