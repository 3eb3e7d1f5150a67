"""X3: the service's name, logo, colour, sender, support address and templates come from
configuration and show on pages and in emails; an override template wins; a bad colour,
logo or override folder stops the start with a message naming the variable."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import httpx
import pytest
import segno

from backend.app import create_app
from backend.clock import FrozenClock
from backend.config import ConfigError, Settings, load_settings
from tests.api.flows import sign_up
from tests.conftest import asgi_client, code_from, empty_all_tables
from tests.mail.helpers import alternative_parts, remote_content
from tests.services.test_config import latchkey

JANE = "jane@example.com"
BRAND = {
    "service_name": "Acme Login",
    "mail_from": "notifications@acme.example",
    "mail_from_name": "Acme Security",
    "support_email": "help@acme.example",
    "primary_color": "#0B6E4F",
}
Branded = Callable[..., AbstractAsyncContextManager[tuple[httpx.AsyncClient, object]]]


def png_logo(folder: Path) -> Path:
    """A real PNG (a QR code drawn by segno, which the service already uses)."""
    buffer = io.BytesIO()
    segno.make("Acme").save(buffer, kind="png", scale=2)
    path = folder / "logo.png"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def branded(settings: Settings, clock: FrozenClock) -> Branded:
    """The app started with these branding settings (validated as at start), and a client."""

    @asynccontextmanager
    async def start(**changes: object) -> AsyncIterator[tuple[httpx.AsyncClient, object]]:
        configured = Settings(**{**settings.model_dump(), **BRAND, **changes})
        application = create_app(configured, clock)
        async with application.router.lifespan_context(application):
            await empty_all_tables()
            async with asgi_client(application) as http:
                yield http, application.state.mailbox

    return start


async def test_x3_branding_shows_on_pages(branded: Branded, tmp_path: Path) -> None:
    """X3: the name, logo, colour and support address of the business on every page."""
    logo = png_logo(tmp_path)
    async with branded(logo_path=logo) as (http, _):
        page = (await http.get("/login")).text
        assert "Acme Login" in page and "Latchkey" not in page
        assert '<img src="/brand/logo"' in page and 'href="/brand.css"' in page
        assert "mailto:help@acme.example" in page
        css = await http.get("/brand.css")
        assert css.headers["content-type"].startswith("text/css")
        assert "--accent: #0b6e4f" in css.text
        image = await http.get("/brand/logo")
        assert image.headers["content-type"] == "image/png"
        assert image.content == logo.read_bytes()


async def test_x3_without_a_logo_pages_show_the_name_only(branded: Branded) -> None:
    async with branded() as (http, _):
        assert "/brand/logo" not in (await http.get("/login")).text
        assert (await http.get("/brand/logo")).status_code == 404


async def test_x3_x2_branding_in_the_code_email(branded: Branded, tmp_path: Path) -> None:
    """X3, X2, L4: the email comes from the configured sender with the usual subject; the
    HTML shows the colour and the logo, carried inline (cid:), never fetched remotely; the
    text part names the service and the support address."""
    logo = png_logo(tmp_path)
    async with branded(logo_path=logo) as (http, mailbox):
        await sign_up(http)
        mail = mailbox.latest_to(JANE)
        assert mail is not None
        assert mail.subject == "Your authentication code"
        assert mail.message["From"] == "Acme Security <notifications@acme.example>"
        text, html = alternative_parts(mail)
        code = code_from(mailbox, JANE)
        assert code in text and code in html
        assert "Acme Login" in text and "help@acme.example" in text
        assert "#0b6e4f" in html and 'src="cid:logo@latchkey"' in html
        assert remote_content(html) == []
        related = list(mail.message.iter_parts())[-1]
        assert related.get_content_type() == "multipart/related"
        images = [p for p in related.iter_parts() if p.get_content_maintype() == "image"]
        assert [p["Content-ID"] for p in images] == ["<logo@latchkey>"]
        assert images[0].get_content() == logo.read_bytes()

        # The dev mailbox's frame shows the logo too, from a data: URI.
        frame = re.search(r'src="(/dev/mailbox/\d+/html)"', (await http.get("/dev/mailbox")).text)
        assert frame
        shown = (await http.get(frame.group(1))).text
        assert 'src="data:image/png;base64,' in shown and "cid:" not in shown


async def test_x3_override_templates_win(branded: Branded, tmp_path: Path) -> None:
    """X3: a template in LATCHKEY_TEMPLATES_DIR replaces the built-in one of that name, for
    an email's two parts and for the page footer; the others stay built-in."""
    overrides = tmp_path / "brand-templates"
    (overrides / "email").mkdir(parents=True)
    (overrides / "partials").mkdir()
    (overrides / "email" / "login_code.txt").write_text("Acme code: {{ code }}\n")
    (overrides / "email" / "login_code.html").write_text(
        '<p style="font-family:monospace">Acme code: <b>{{ code }}</b></p>'
    )
    (overrides / "partials" / "footer.html").write_text(
        "<footer>Acme helpdesk: {{ settings.support_email }}</footer>"
    )
    async with branded(templates_dir=overrides) as (http, mailbox):
        page = (await http.get("/login")).text
        assert "Acme helpdesk: help@acme.example" in page
        assert "Questions about your account?" not in page
        await sign_up(http)
        mail = mailbox.latest_to(JANE)
        assert mail is not None
        text, html = alternative_parts(mail)
        code = code_from(mailbox, JANE)
        assert text.strip() == f"Acme code: {code}"
        assert f"Acme code: <b>{code}</b>" in html


def refusal(tmp_path: Path, **variables: str) -> str:
    """The message the service stops with when started with these variables."""
    env = {f"LATCHKEY_{name.upper()}": value for name, value in variables.items()}
    with pytest.raises(ConfigError) as refused:
        load_settings(env, folder=tmp_path)
    return str(refused.value)


def test_x3_o2_a_bad_colour_is_refused_at_start(tmp_path: Path) -> None:
    """X3, O2: a colour that is not #rrggbb, or too light to read, stops the start."""
    assert "LATCHKEY_PRIMARY_COLOR: write a colour as #rrggbb or #rgb" in refusal(
        tmp_path, primary_color="blue"
    )
    too_light = refusal(tmp_path, primary_color="#ffeb3b")
    assert too_light.startswith("LATCHKEY_PRIMARY_COLOR: too light") and "4.5:1" in too_light
    assert load_settings({"LATCHKEY_PRIMARY_COLOR": "#06A"}, tmp_path).primary_color == "#0066aa"


def test_x3_o2_a_bad_logo_is_refused_at_start(tmp_path: Path) -> None:
    """X3, O2: a missing logo, an SVG (mail clients block it) or a huge file stops the start."""
    missing = refusal(tmp_path, logo_path=str(tmp_path / "nope.png"))
    assert missing.startswith("LATCHKEY_LOGO_PATH: no such file")
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert "must be a PNG, JPEG or GIF" in refusal(tmp_path, logo_path=str(svg))
    huge = tmp_path / "huge.png"
    huge.write_bytes(png_logo(tmp_path).read_bytes() + b"\0" * 300_000)
    assert "at most 200 KiB" in refusal(tmp_path, logo_path=str(huge))


def test_x3_o2_an_override_of_a_page_template_is_refused(tmp_path: Path) -> None:
    """X3, O2: only emails and the brand partials may be overridden; a page template, or a
    misspelt email, in the override folder stops the start and is named."""
    folder = tmp_path / "overrides"
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "login.html").write_text("mine")
    (folder / "email").mkdir()
    (folder / "email" / "login-code.txt").write_text("typo")
    message = refusal(tmp_path, templates_dir=str(folder))
    assert message.startswith("LATCHKEY_TEMPLATES_DIR: email/login-code.txt, pages/login.html")
    assert "cannot be overridden" in message
    assert "no such folder" in refusal(tmp_path, templates_dir=str(tmp_path / "absent"))


def test_x3_o2_the_command_refuses_a_bad_brand_naming_each_variable(tmp_path: Path) -> None:
    """X3, O2: `latchkey check-config` (the check `serve` makes at start) names every bad branding
    variable at once and exits 2."""
    env = {
        "LATCHKEY_PRIMARY_COLOR": "#fff",
        "LATCHKEY_LOGO_PATH": str(tmp_path / "missing.png"),
        "LATCHKEY_MAIL_FROM": "notifications",
    }
    refused = latchkey(tmp_path, env, "check-config")
    assert refused.returncode == 2
    for name in ("LATCHKEY_PRIMARY_COLOR", "LATCHKEY_LOGO_PATH", "LATCHKEY_MAIL_FROM"):
        assert f"  {name}: " in refused.stderr
