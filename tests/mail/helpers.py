"""What a mail client sees of a delivered email (X2): its MIME parts and any remote content."""

from __future__ import annotations

import re
from email.message import EmailMessage

from backend.mail.dev_sink import CapturedMail

# Anything a mail client would fetch from the network on opening the email.
REMOTE_CONTENT = re.compile(
    r"""(?:src|background)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|<link\b|@import""",
    re.IGNORECASE,
)


def alternative_parts(mail: CapturedMail) -> tuple[str, str]:
    """The text and HTML parts of a multipart/alternative email, text first as the standard
    orders them (clients show the last part they can read)."""
    message = mail.message
    assert message.get_content_type() == "multipart/alternative", message.get_content_type()
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts[:1]] == ["text/plain"]
    html_holder = parts[-1]
    assert len(parts) == 2 and html_holder.get_content_type() in (
        "text/html",
        "multipart/related",  # the HTML with its inline logo
    )
    assert isinstance(html_holder, EmailMessage)
    html_part = html_holder.get_body(preferencelist=("html",))
    assert html_part is not None
    return str(parts[0].get_content()), str(html_part.get_content())


def remote_content(html: str) -> list[str]:
    return REMOTE_CONTENT.findall(html)
