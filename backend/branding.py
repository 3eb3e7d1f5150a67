"""Branding by configuration (X3): the checks that keep a logo, a colour and template overrides
from breaking pages or emails, run when the settings load so a mistake stops the start.

A business runs Latchkey under its own name without a fork: `LATCHKEY_SERVICE_NAME`, a logo,
a primary colour, the sender, a support address, and a folder of templates that replace
built-in ones. Only the templates listed by `overridable_templates` may be replaced: page
templates carry form fields and HTMX targets the service relies on, emails and the two brand
partials do not.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "frontend" / "templates"
# Pages show these around every page; the email layout and each email's two parts are the rest.
OVERRIDABLE_PARTIALS = ("partials/brand.html", "partials/footer.html")
# The Content-ID the HTML email's <img src="cid:..."> names; the logo travels inline with it.
LOGO_CID = "logo@latchkey"
LOGO_MAX_BYTES = 200 * 1024
# Mail clients show PNG, JPEG and GIF everywhere; SVG is blocked by most of them.
LOGO_TYPES = {
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
    b"GIF87a": "gif",
    b"GIF89a": "gif",
}
HEX_COLOR = re.compile(r"#([0-9a-f]{3}|[0-9a-f]{6})")
# WCAG AA for normal text: the colour is used for links on white and behind white button text.
MIN_CONTRAST = 4.5


def primary_color(value: str) -> str:
    """`#rgb` or `#rrggbb` (any case) as lowercase `#rrggbb`, dark enough to read on white."""
    written = value.strip().lower()
    if not HEX_COLOR.fullmatch(written):
        raise ValueError("write a colour as #rrggbb or #rgb, for example #2251cc")
    digits = written[1:]
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    ratio = contrast_with_white(digits)
    if ratio < MIN_CONTRAST:
        raise ValueError(
            f"too light: white text on it (and it as text on white) has a contrast of "
            f"{ratio:.1f}:1, and at least {MIN_CONTRAST}:1 is needed to be readable"
        )
    return f"#{digits}"


def contrast_with_white(digits: str) -> float:
    """WCAG 2 contrast ratio between white and the colour `rrggbb`."""

    def linear(channel: str) -> float:
        value = int(channel, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(digits[i : i + 2]) for i in (0, 2, 4))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


def logo_subtype(path: Path) -> str:
    """The image subtype (png, jpeg, gif) of a logo file, read from its first bytes."""
    head = path.read_bytes()[:8]
    for magic, subtype in LOGO_TYPES.items():
        if head.startswith(magic):
            return subtype
    raise ValueError("the logo must be a PNG, JPEG or GIF image (mail clients block SVG)")


def logo_file(value: Path) -> Path:
    """A readable PNG, JPEG or GIF of at most LOGO_MAX_BYTES, as an absolute path."""
    path = value.expanduser().resolve()
    if not path.is_file():
        raise ValueError(f"no such file: {path}")
    size = path.stat().st_size
    if size > LOGO_MAX_BYTES:
        raise ValueError(
            f"the logo is {size // 1024} KiB; at most {LOGO_MAX_BYTES // 1024} KiB, as it "
            "travels inside every HTML email"
        )
    logo_subtype(path)
    return path


def overridable_templates() -> list[str]:
    """Names a template override folder may hold: every email part and the brand partials."""
    emails = sorted(
        path.relative_to(TEMPLATES_DIR).as_posix() for path in (TEMPLATES_DIR / "email").iterdir()
    )
    return [*emails, *OVERRIDABLE_PARTIALS]


def templates_folder(value: Path) -> Path:
    """An existing folder whose templates all replace overridable built-in ones, so a typo
    in a file name is refused instead of silently leaving the built-in template in use."""
    folder = value.expanduser().resolve()
    if not folder.is_dir():
        raise ValueError(f"no such folder: {folder}")
    allowed = set(overridable_templates())
    found = (
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    )
    unknown = sorted(name for name in found if name not in allowed)
    if unknown:
        raise ValueError(
            f"{', '.join(unknown)} cannot be overridden (not a built-in email or brand "
            "template; see the README's Branding section for the list)"
        )
    return folder
