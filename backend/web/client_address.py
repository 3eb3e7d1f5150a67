"""The client's address behind reverse proxies (R2 limits and logs depend on it).

X-Forwarded-For is believed only when the direct peer is a configured trusted proxy, and then
only up to the first address that is not itself a trusted proxy (read from the right), so a
client cannot choose its own address by sending the header.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(peer: str, forwarded_for: str, trusted: Sequence[Network]) -> str:
    """The address to rate-limit and log: the peer, or what trusted proxies say it was."""
    if not trusted or not is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop, trusted):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a garbled header: fall back to what we know
    return hops[0] if hops else peer
