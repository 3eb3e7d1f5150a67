"""Naming a browser for people ("Chrome on Linux") from its User-Agent header, with ua-parser."""

from __future__ import annotations

from functools import lru_cache

import ua_parser


@lru_cache(maxsize=1024)
def describe(user_agent: str) -> str:
    if not user_agent:
        return "Unknown device"
    parsed = ua_parser.parse(user_agent)
    browser = parsed.user_agent.family if parsed.user_agent else None
    system = parsed.os.family if parsed.os else None
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or user_agent[:60]
