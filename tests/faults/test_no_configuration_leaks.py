"""No configuration ever reaches a client (issue 23, finding 6; O3, O4).

With the production mail server down or refusing, sign-up, login, Resend and Forgot password
answer as usual (the outbox keeps the mail), and no answer names the mail server's host or
port, nor repeats what the server said.
"""

from __future__ import annotations

import json
import socket

from backend.clock import FrozenClock
from backend.models import User
from tests.api.flows import LOGIN, RESEND, SIGN_UP
from tests.conftest import STRONG_PASSWORD, asgi_client, gql
from tests.faults.conftest import AppAt
from tests.faults.smtp import FlakyMailbox, smtp_server

FORGOT = "mutation($e: String!) { requestPasswordReset(email: $e) { __typename } }"
JANE = "jane@example.com"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _answers_while_mail_fails(app_mailing_to: AppAt, port: int) -> list[str]:
    async with app_mailing_to(port, env="production") as app, asgi_client(app) as http:
        signed_up = await gql(
            http, SIGN_UP, email=JANE, password=STRONG_PASSWORD, q="First pet?", a="Fido"
        )
        assert signed_up["signUp"]["__typename"] == "CodeRequired", signed_up
        logged_in = await gql(http, LOGIN, email=JANE, password=STRONG_PASSWORD)
        assert logged_in["login"]["__typename"] == "CodeRequired", logged_in
        resent = await gql(http, RESEND, token=logged_in["login"]["loginToken"])
        forgot = await gql(http, FORGOT, e=JANE)
        page = await http.get("/login")
        assert await User.filter(email=JANE).count() == 1
        return [json.dumps(a) for a in (signed_up, logged_in, resent, forgot)] + [page.text]


async def test_o4_a_refusing_mail_server_is_never_named_to_clients(
    app_mailing_to: AppAt, clock: FrozenClock
) -> None:
    """O4: the server answers 451 naming itself; clients see the usual screens only."""
    async with smtp_server(FlakyMailbox()) as port:
        answers = await _answers_while_mail_fails(app_mailing_to, port)
    for answer in answers:
        for secret in (str(port), "127.0.0.1", "mail.internal.example", "resting", "451"):
            assert secret not in answer, (secret, answer[:300])


async def test_o3_an_unreachable_mail_server_is_never_named_to_clients(
    app_mailing_to: AppAt, clock: FrozenClock
) -> None:
    """O3: nothing listens on the mail port; the answers still name neither host nor port."""
    port = _closed_port()
    for answer in await _answers_while_mail_fails(app_mailing_to, port):
        for secret in (str(port), "127.0.0.1", "Connect", "Errno", "refused"):
            assert secret not in answer, (secret, answer[:300])
