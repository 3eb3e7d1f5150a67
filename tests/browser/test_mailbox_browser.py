"""In Chromium: the dev mailbox shows an email's two parts (G3, X2); the HTML part in a
sandboxed frame, where the code stands out in a large monospace block."""

from __future__ import annotations

import uuid
from typing import Any

from playwright.sync_api import expect

from tests.browser.steps import code_for, sign_up


def test_x2_g3_the_dev_mailbox_shows_the_text_and_the_html_part(
    live_server: str, browser: Any
) -> None:
    email = f"mailbox-{uuid.uuid4().hex[:8]}@example.com"
    context = browser.new_context()
    page = context.new_page()
    sign_up(page, live_server, email)
    code = code_for(page, live_server, email)  # read off the text part, on the mailbox page

    mail = page.locator("article.mail", has_text=email).first
    expect(mail.locator("pre")).to_contain_text(code)
    frame_element = mail.locator("iframe.mail-html")
    expect(frame_element).to_have_attribute("sandbox", "")
    frame_element.scroll_into_view_if_needed()
    code_cell = mail.frame_locator("iframe.mail-html").get_by_text(code, exact=True)
    expect(code_cell).to_be_visible()
    style = code_cell.evaluate(
        "cell => { const s = getComputedStyle(cell); return [s.fontFamily, s.fontSize]; }"
    )
    assert "mono" in style[0].lower() or "courier" in style[0].lower(), style
    assert float(style[1].removesuffix("px")) >= 28, style
    context.close()
