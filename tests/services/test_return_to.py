"""I2: which return-to URLs are honoured; every trick falls back to the profile."""

from __future__ import annotations

import pytest

from backend.config import ConfigError, Settings, load_settings
from backend.services.return_to import DEFAULT, checked, destination

SETTINGS = Settings(
    base_url="https://login.example",
    allowed_return_origins="https://app.example, http://127.0.0.1:9000",  # type: ignore[arg-type]
)


@pytest.mark.parametrize(
    ("given", "followed"),
    [
        ("/profile/password", "/profile/password"),
        (
            "/oauth/authorize?client_id=a&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
            "/oauth/authorize?client_id=a&redirect_uri=https%3A%2F%2Fapp.example%2Fcb",
        ),
        ("https://app.example/", "https://app.example/"),
        ("https://app.example/dash?tab=1#top", "https://app.example/dash?tab=1#top"),
        ("HTTPS://App.Example:443/x", "https://app.example/x"),
        ("http://127.0.0.1:9000/p", "http://127.0.0.1:9000/p"),
        ("https://login.example/authorize?x=%2F%2F", "https://login.example/authorize?x=%2F%2F"),
    ],
)
def test_i2_paths_on_latchkey_and_allowed_origins_are_followed(given: str, followed: str) -> None:
    """I2: Latchkey's own origin always, other origins only when configured; an encoded URL
    in a query (an OIDC redirect_uri) is fine."""
    assert checked(SETTINGS, given) == followed


TRICKS = {
    "another host": "https://evil.example/",
    "scheme-relative": "//evil.example/x",
    "scheme-relative with three slashes": "///evil.example",
    "javascript": "javascript:alert(1)",
    "javascript upper case": "JaVaScRiPt:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "backslash path": "/\\evil.example",
    "backslashes": "\\\\evil.example",
    "backslash after host": "https://app.example\\@evil.example",
    "encoded slashes": "/%2F%2Fevil.example",
    "encoded slashes upper case": "/%2f%2Fevil.example",
    "encoded backslash": "/%5Cevil.example",
    "double encoded": "/%252F%252Fevil.example",
    "encoded absolute": "https%3A%2F%2Fevil.example",
    "encoded in an allowed url path": "https://app.example/%2F%2Fevil.example",
    "tab inside": "/\t/evil.example",
    "newline inside": "/\n/evil.example",
    "leading space": " //evil.example",
    "encoded control": "/%09/evil.example",
    "userinfo before allowed host": "https://evil.example@app.example/",
    "allowed host as userinfo": "https://app.example@evil.example/",
    "userinfo with colon": "https://app.example:pw@evil.example/",
    "port trick": "https://app.example:443.evil.example/",
    "bad port": "https://app.example:99999/",
    "allowed suffix": "https://app.example.evil.example/",
    "allowed prefix": "https://evilapp.example/",
    "wrong scheme": "http://app.example/",
    "wrong port": "https://app.example:8443/",
    "missing slashes": "https:app.example/x",
    "relative without slash": "evil.example/x",
    "dot relative": "./x",
    "unicode host": "https://\u0430pp.example/",  # a Cyrillic a
    "unicode slash": "/\uff0fevil.example",  # a fullwidth solidus
    "empty": "",
    "too long": "/" + "a" * 2000,
}


@pytest.mark.parametrize("trick", TRICKS.values(), ids=TRICKS.keys())
def test_i2_tricks_are_refused_and_the_profile_is_used(trick: str) -> None:
    """I2: anything that is not plainly Latchkey or an allowed origin is refused."""
    assert checked(SETTINGS, trick) is None
    assert destination(checked(SETTINGS, trick)) == DEFAULT == "/profile"


def test_i2_allowed_origins_setting_takes_origins_only() -> None:
    """I2, O2: paths, user-info and http in production are refused, naming the variable."""
    for wrong in ("https://app.example/path", "app.example", "https://u@app.example", "ftp://x"):
        with pytest.raises(ConfigError, match="LATCHKEY_ALLOWED_RETURN_ORIGINS"):
            load_settings(
                {"LATCHKEY_ALLOWED_RETURN_ORIGINS": wrong, "LATCHKEY_SECRET_KEY": "k" * 40}
            )
    with pytest.raises(ConfigError, match="LATCHKEY_ALLOWED_RETURN_ORIGINS: production needs"):
        load_settings(
            {
                "LATCHKEY_ENV": "production",
                "LATCHKEY_SECRET_KEY": "k" * 40,
                "LATCHKEY_BASE_URL": "https://login.example",
                "LATCHKEY_SMTP_HOST": "127.0.0.1",
                "LATCHKEY_DATABASE_URL": "postgres://u@127.0.0.1/db",
                "LATCHKEY_ALLOWED_RETURN_ORIGINS": "http://app.example",
            }
        )
