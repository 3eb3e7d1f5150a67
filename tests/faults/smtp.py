"""Real mail servers that misbehave, for the outbox's fault tests (O4)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope

from backend.mail.dev_sink import DevMailbox


class FlakyMailbox(DevMailbox):
    """An SMTP handler that refuses every message with a 4xx while `refusing` is set, and
    keeps them (as the dev sink does) once it is not."""

    def __init__(self) -> None:
        super().__init__()
        self.refusing = True
        self.refused = 0

    async def handle_DATA(self, server: SMTP, session: Any, envelope: Envelope) -> str:
        if self.refusing:
            self.refused += 1
            return "451 4.3.0 mail.internal.example:2525 is resting, try later"
        return await super().handle_DATA(server, session, envelope)


@asynccontextmanager
async def smtp_server(handler: DevMailbox) -> AsyncIterator[int]:
    """A real aiosmtpd server with `handler` on a free loopback port; yields the port."""
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="faulty"), "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()
        await server.wait_closed()


@asynccontextmanager
async def silent_server() -> AsyncIterator[int]:
    """Accepts TCP connections and never says a word (an SMTP server that hangs)."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()
