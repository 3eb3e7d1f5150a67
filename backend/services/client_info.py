"""Who is asking, as far as the transport can tell: kept with sessions, devices and events."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClientInfo:
    ip: str = ""
    user_agent: str = ""
