"""X2: every email is multipart/alternative, a complete text part and an HTML part from
templates with inline styles and no remote content, the code in a large monospace block;
the dev mailbox shows both parts (G3). Real SMTP: the app's own sink (tests/conftest.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from backend.branding import TEMPLATES_DIR
from backend.clock import FrozenClock
from backend.mail.dev_sink import DevMailbox
from backend.models import OutboxMessage
from tests.api.flows import sign_up, signed_up_user
from tests.conftest import code_from, gql
from tests.mail.helpers import alternative_parts, remote_content

JANE = "jane@example.com"
LINK = "http://testserver/reset?token=abc123"
REQUEST_RESET = "mutation($email: String!) { requestPasswordReset(email: $email) { __typename } }"

# Every email the service sends, with what its reader must find in it (in both parts).
EVERY_EMAIL: dict[str, tuple[dict[str, Any], list[str]]] = {
    "login_code": ({"code": "402913", "minutes": 5}, ["402913"]),
    "password_reset": ({"link": LINK, "minutes": 60}, [LINK]),
    "account_locked": ({"failures": 10}, ["http://testserver/forgot"]),
    "email_change_confirm": ({"link": LINK, "hours": 24}, [LINK]),
    "email_change_requested": ({"new_email": "new@example.com"}, ["new@example.com"]),
    "email_taken": ({}, ["already has its own account"]),
    "help_confirm": ({"link": LINK, "hours": 24}, [LINK]),
    "security_alert": (
        {
            "what": "Your password was changed.",
            "when": datetime(2026, 11, 23, 15, 0, tzinfo=UTC),
            "device": "Firefox on Linux",
            "ip_address": "203.0.113.7",
            "report_link": LINK,
            "undo_days": None,
            "done_by": None,
        },
        ["Your password was changed.", "203.0.113.7", LINK],
    ),
    "signup_exists": ({}, ["http://testserver/login"]),
    "support_request": (
        {
            "request_id": 7,
            "kind": "Lost authenticator app",
            "email": JANE,
            "confirmation_needed": True,
            "message": "I dropped my phone <b>in the lake</b>",
        },
        ["#7", JANE, "http://testserver/support"],
    ),
    "team_invitation": (
        {"name": "Sam", "owner": "Jane", "link": LINK, "days": 7},
        ["Sam", LINK],
    ),
}


def test_x2_the_list_covers_every_email_template() -> None:
    """X2: a new email without an entry above fails here, so none escapes the checks below."""
    shipped = {p.stem for p in (TEMPLATES_DIR / "email").glob("*.txt")} - {"footer"}
    assert shipped == set(EVERY_EMAIL)
    assert {p.stem for p in (TEMPLATES_DIR / "email").glob("*.html")} >= shipped


@pytest.mark.parametrize("template", sorted(EVERY_EMAIL))
async def test_x2_every_email_arrives_as_text_and_html_without_remote_content(
    app: Starlette, mailbox: DevMailbox, template: str
) -> None:
    """X2: through the outbox and real SMTP, each email is multipart/alternative; the text
    part alone carries what the reader needs, so does the HTML; nothing is fetched remotely."""
    values, must_show = EVERY_EMAIL[template]
    await app.state.deps.mailer.send(JANE, "Subject line", template, language=None, **values)
    assert await app.state.mail_worker.deliver_due() == 1
    mail = mailbox.latest_to(JANE)
    assert mail is not None
    text, html = alternative_parts(mail)
    for wanted in must_show:
        assert wanted in text
        assert wanted in html.replace("&#34;", '"')
    assert remote_content(html) == []
    assert "<script" not in html and "<style" not in html.lower()
    assert "support@latchkey.example" in text and "support@latchkey.example" in html
    # Links are links in the HTML part, not just text.
    for link in (w for w in must_show if w.startswith("http")):
        assert f'href="{link}"' in html


async def test_x2_html_escapes_what_people_typed(app: Starlette, mailbox: DevMailbox) -> None:
    """X2: a support message with markup in it is shown as text in the HTML part."""
    values, _ = EVERY_EMAIL["support_request"]
    await app.state.deps.mailer.send(JANE, "Support", "support_request", language=None, **values)
    await app.state.mail_worker.deliver_due()
    mail = mailbox.latest_to(JANE)
    assert mail is not None
    _, html = alternative_parts(mail)
    assert "&lt;b&gt;in the lake&lt;/b&gt;" in html and "<b>in the lake" not in html


async def test_x2_l4_the_login_code_email_shows_the_code_large_in_monospace(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X2, L4: signing up mails "Your authentication code" from the notifications address;
    both parts carry the code, the HTML one in a large monospace block."""
    await sign_up(client)
    mail = mailbox.latest_to(JANE)
    assert mail is not None
    assert mail.subject == "Your authentication code"
    assert mail.message["From"] == "Latchkey <notifications@latchkey.example>"
    assert mail.message["Auto-Submitted"] == "auto-generated"
    code = code_from(mailbox, JANE)
    text, html = alternative_parts(mail)
    assert code in text
    cell = re.search(rf'<td style="([^"]*)">{code}</td>', html)
    assert cell, html
    assert "monospace" in cell.group(1)
    size = re.search(r"font-size:(\d+)px", cell.group(1))
    assert size and int(size.group(1)) >= 28


async def test_x2_p1_the_reset_link_is_in_both_parts(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X2, P1: the password-reset email carries its link in the text and as a button."""
    await signed_up_user(client, mailbox)
    await gql(client, REQUEST_RESET, email=JANE)
    mail = mailbox.latest_to(JANE)
    assert mail is not None and "reset" in mail.subject.lower()
    text, html = alternative_parts(mail)
    link = re.search(r"https?://\S+/reset\?token=\S+", text)
    assert link, text
    assert f'href="{link.group(0)}"' in html


async def test_x2_o4_mail_queued_as_text_only_still_leaves_as_text(
    app: Starlette, mailbox: DevMailbox, clock: FrozenClock
) -> None:
    """X2 with O4: rows queued before HTML emails (no HTML part) are still delivered, as
    text/plain, after the upgrade."""
    box = app.state.deps.box
    now = clock.now()
    await OutboxMessage.create(
        kind="login_code",
        recipient=JANE,
        subject="Your authentication code",
        body_text=box.seal("Your Latchkey authentication code is:\n\n    123456\n"),
        body_html=None,
        created_at=now,
        not_before=now,
        expires_at=now + timedelta(minutes=5),
    )
    assert await app.state.mail_worker.deliver_due() == 1
    mail = mailbox.latest_to(JANE)
    assert mail is not None and mail.message.get_content_type() == "text/plain"
    assert "123456" in mail.body and mail.html == ""


async def test_x2_g3_the_dev_mailbox_shows_both_parts_the_html_sandboxed(
    client: httpx.AsyncClient, mailbox: DevMailbox
) -> None:
    """X2, G3: the mailbox page shows the text part and frames the HTML part; the frame's
    page may run no script and load nothing remote (its own CSP, sandboxed)."""
    await sign_up(client)
    code = code_from(mailbox, JANE)
    page = await client.get("/dev/mailbox")
    assert code in page.text
    frame = re.search(
        r'<iframe class="mail-html" src="(/dev/mailbox/\d+/html)" sandbox ', page.text
    )
    assert frame, page.text
    html = await client.get(frame.group(1))
    assert html.status_code == 200 and code in html.text
    policy = html.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "sandbox" in policy and "script-src" not in policy
    assert (await client.get("/dev/mailbox/999999/html")).status_code == 404
