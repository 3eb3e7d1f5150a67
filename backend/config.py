"""Settings read once from the environment; nothing else reads os.environ."""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The environment cannot run Latchkey as configured."""


@dataclass(frozen=True)
class Argon2Params:
    """argon2id cost; the defaults are RFC 9106's second recommended setting."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4


@dataclass(frozen=True)
class Settings:
    """Everything the app needs to know about where it runs."""

    env: str = "development"
    secret_key: str = ""
    database_url: str = "sqlite://latchkey.sqlite3"
    base_url: str = "http://127.0.0.1:8000"
    smtp_host: str = ""
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    mail_from: str = "notifications@latchkey.example"
    support_email: str = "support@latchkey.example"
    service_name: str = "Latchkey"
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    login_attempt_minutes: int = 15
    email_code_minutes: int = 5
    resend_interval_seconds: int = 30
    max_code_guesses: int = 5
    reset_link_minutes: int = 60
    argon2: Argon2Params = field(default_factory=Argon2Params)
    # R1: "altcha" (self-hosted proof of work), "recaptcha" (Google) or "off".
    captcha: str = "altcha"
    # Requests an address (or an email, at login) may make before the captcha is asked.
    captcha_free_tries: int = 3
    recaptcha_site_key: str = ""
    recaptcha_secret: str = ""
    # PK1: the WebAuthn relying party; empty means the host of base_url.
    webauthn_rp_id: str = ""
    activity_retention_days: int = 365
    cleanup_minutes: int = 10
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks).
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def rp_id(self) -> str:
        return self.webauthn_rp_id or (urlsplit(self.base_url).hostname or "localhost")

    @property
    def origin(self) -> str:
        """The browser origin WebAuthn responses must come from (scheme, host, port)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def dev_mail_sink(self) -> bool:
        """In development with no SMTP server configured, mail goes to the local sink."""
        return self.is_development and not self.smtp_host


def _dev_secret_key(folder: Path) -> str:
    """Development keeps one generated key so sessions survive restarts."""
    key_file = folder / ".latchkey" / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


def _networks(raw: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ConfigError(f"LATCHKEY_TRUSTED_PROXIES: {exc}") from exc


def load_settings(env: dict[str, str] | None = None, folder: Path | None = None) -> Settings:
    """Build Settings from LATCHKEY_* variables; refuse an unsafe production setup."""
    env = dict(os.environ if env is None else env)
    folder = folder or Path.cwd()
    mode = env.get("LATCHKEY_ENV", "development")
    if mode not in ("development", "production"):
        raise ConfigError("LATCHKEY_ENV must be 'development' or 'production'")
    secret_key = env.get("LATCHKEY_SECRET_KEY", "")
    if not secret_key:
        if mode == "production":
            raise ConfigError("LATCHKEY_SECRET_KEY must be set in production")
        secret_key = _dev_secret_key(folder)
    if mode == "production" and len(secret_key) < 32:
        raise ConfigError("LATCHKEY_SECRET_KEY must be at least 32 characters")
    default_db = f"sqlite://{folder / 'latchkey.sqlite3'}"
    captcha = env.get("LATCHKEY_CAPTCHA", "altcha")
    if captcha not in ("altcha", "recaptcha", "off"):
        raise ConfigError("LATCHKEY_CAPTCHA must be 'altcha', 'recaptcha' or 'off'")
    if captcha == "recaptcha" and not (
        env.get("LATCHKEY_RECAPTCHA_SITE_KEY") and env.get("LATCHKEY_RECAPTCHA_SECRET")
    ):
        raise ConfigError(
            "reCAPTCHA needs LATCHKEY_RECAPTCHA_SITE_KEY and LATCHKEY_RECAPTCHA_SECRET"
        )
    argon2 = Argon2Params(
        time_cost=_int(env, "LATCHKEY_ARGON2_TIME_COST", 3),
        memory_cost_kib=_int(env, "LATCHKEY_ARGON2_MEMORY_KIB", 65536),
        parallelism=_int(env, "LATCHKEY_ARGON2_PARALLELISM", 4),
    )
    if mode == "production" and (argon2.memory_cost_kib < 19456 or argon2.time_cost < 2):
        raise ConfigError("argon2id below OWASP/ASVS minimums (19 MiB, t=2) in production")
    return Settings(
        env=mode,
        secret_key=secret_key,
        database_url=env.get("LATCHKEY_DATABASE_URL") or default_db,
        base_url=env.get("LATCHKEY_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        smtp_host=env.get("LATCHKEY_SMTP_HOST", ""),
        smtp_port=_int(env, "LATCHKEY_SMTP_PORT", 25),
        smtp_username=env.get("LATCHKEY_SMTP_USERNAME", ""),
        smtp_password=env.get("LATCHKEY_SMTP_PASSWORD", ""),
        smtp_starttls=env.get("LATCHKEY_SMTP_STARTTLS", "") in ("1", "true", "yes"),
        mail_from=env.get("LATCHKEY_MAIL_FROM", "notifications@latchkey.example"),
        support_email=env.get("LATCHKEY_SUPPORT_EMAIL", "support@latchkey.example"),
        session_idle_minutes=_int(env, "LATCHKEY_SESSION_IDLE_MINUTES", 30),
        session_absolute_hours=_int(env, "LATCHKEY_SESSION_ABSOLUTE_HOURS", 12),
        reset_link_minutes=_int(env, "LATCHKEY_RESET_LINK_MINUTES", 60),
        argon2=argon2,
        captcha=captcha,
        captcha_free_tries=_int(env, "LATCHKEY_CAPTCHA_FREE_TRIES", 3),
        recaptcha_site_key=env.get("LATCHKEY_RECAPTCHA_SITE_KEY", ""),
        recaptcha_secret=env.get("LATCHKEY_RECAPTCHA_SECRET", ""),
        trusted_proxies=_networks(env.get("LATCHKEY_TRUSTED_PROXIES", "")),
        activity_retention_days=_int(env, "LATCHKEY_ACTIVITY_RETENTION_DAYS", 365),
        cleanup_minutes=_int(env, "LATCHKEY_CLEANUP_MINUTES", 10),
        webauthn_rp_id=env.get("LATCHKEY_WEBAUTHN_RP_ID", ""),
    )
