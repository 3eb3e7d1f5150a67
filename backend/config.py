"""Settings read once from LATCHKEY_* variables (O2); nothing else reads os.environ.

`load_settings` validates every variable at once and names each one that is wrong, refuses
`LATCHKEY_*` names that are not settings (a misspelling must not fall back to a default), and
holds production to the rules a public deployment needs. `Settings(...)` with keyword arguments
reads no environment at all, so tests build exactly what they name.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, Field, IPvAnyNetwork, ValidationError, ValidationInfo
from pydantic import field_validator as check
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from backend import branding
from backend.services.return_to import origin_of

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PREFIX = "LATCHKEY_"
# Variables the test suite and CI read themselves; they are not settings of the service.
NOT_SETTINGS_PREFIX = "LATCHKEY_TEST_"
NOT_SETTINGS = frozenset({"LATCHKEY_REQUIRE_BROWSER", "LATCHKEY_SCREENSHOTS", "LATCHKEY_CHROMIUM"})
# check-config shows these masked.
SECRET_FIELDS = frozenset({"secret_key", "smtp_password", "recaptcha_secret"})
MIN_SECRET_KEY = 32


class ConfigError(RuntimeError):
    """The environment cannot run Latchkey as configured (one line per problem)."""


@dataclass(frozen=True)
class Argon2Params:
    """argon2id cost; the defaults are RFC 9106's second recommended setting."""

    time_cost: int = 3
    memory_cost_kib: int = 65536
    parallelism: int = 4


class RateLimit(BaseModel, frozen=True):
    """At most `max_hits` per `window_seconds`; written `30/600` in the environment."""

    max_hits: int = Field(ge=1, le=1_000_000)
    window_seconds: int = Field(ge=1, le=86_400)


def _rate(max_hits: int, window_seconds: int) -> Any:
    return Field(default=RateLimit(max_hits=max_hits, window_seconds=window_seconds))


def _duration(default: int, maximum: int) -> Any:
    """A duration in the field's unit: zero or negative would turn timers into busy loops."""
    return Field(default=default, ge=1, le=maximum)


def _production(info: ValidationInfo) -> bool:
    # Field validators run in declaration order: `env` is declared first on purpose.
    return info.data.get("env") == "production"


class Settings(BaseSettings):
    """Everything the app needs to know about where it runs; one field per LATCHKEY_ variable."""

    model_config = SettingsConfigDict(
        env_prefix=PREFIX,
        extra="forbid",
        frozen=True,
        validate_default=True,
    )

    env: Literal["development", "production"] = "development"
    secret_key: str = Field(default="", repr=False)
    allow_sqlite_in_production: bool = False
    database_url: str = "sqlite://latchkey.sqlite3"
    # Browsers refuse an IP address as a WebAuthn relying party (PK1): the default is a name.
    base_url: str = "http://localhost:8000"
    service_name: str = Field(default="Latchkey", min_length=1, max_length=60)
    smtp_host: str = ""
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str = ""
    smtp_password: str = Field(default="", repr=False)
    smtp_starttls: bool = False
    # Implicit TLS from the first byte (SMTPS, usually port 465) instead of STARTTLS.
    smtp_implicit_tls: bool = False
    mail_from: str = "notifications@latchkey.example"
    # X3: the sender's display name; empty means the service name.
    mail_from_name: str = Field(default="", max_length=60)
    support_email: str = "support@latchkey.example"
    # X3: branding (backend/branding.py checks them): a PNG/JPEG/GIF logo for pages and HTML
    # emails, the primary colour of buttons and links, and a folder of templates that replace
    # built-in emails and brand partials.
    logo_path: Path | None = None
    primary_color: str = "#2251cc"
    templates_dir: Path | None = None
    session_idle_minutes: int = _duration(30, 24 * 60)
    session_absolute_hours: int = _duration(12, 30 * 24)
    login_attempt_minutes: int = _duration(15, 60)
    email_code_minutes: int = _duration(5, 60)
    resend_interval_seconds: int = _duration(30, 600)
    max_code_guesses: int = Field(default=5, ge=1, le=20)
    reset_link_minutes: int = _duration(60, 24 * 60)
    argon2_time_cost: int = Field(default=3, ge=1, le=20)
    argon2_memory_kib: int = Field(default=65536, ge=8192, le=4 * 1024 * 1024)
    argon2_parallelism: int = Field(default=4, ge=1, le=64)
    # R1: "altcha" (self-hosted proof of work), "recaptcha" (Google) or "off".
    captcha: Literal["altcha", "recaptcha", "off"] = "altcha"
    # Requests an address (or an email, at login) may make before the captcha is asked.
    captcha_free_tries: int = Field(default=3, ge=0, le=1_000_000)
    # Without JavaScript the check is a wait this long before the form is accepted (#4).
    captcha_wait_seconds: int = Field(default=10, ge=1, le=600)
    recaptcha_site_key: str = ""
    recaptcha_secret: str = Field(default="", repr=False)
    # PK1: the WebAuthn relying party; empty means the host of base_url.
    webauthn_rp_id: str = ""
    activity_retention_days: int = _duration(365, 3650)
    cleanup_minutes: int = _duration(10, 24 * 60)
    # O4: housekeeping deletes this many rows per statement, pausing between statements.
    cleanup_batch_rows: int = Field(default=2000, ge=100, le=100_000)
    cleanup_pause_ms: int = Field(default=50, ge=0, le=10_000)
    # O4: one SMTP delivery may take this long before it counts as failed (and is retried).
    smtp_timeout_seconds: int = Field(default=5, ge=1, le=60)
    # O4: password hashes that may wait for a thread; 0 sizes it from the cores and the
    # hash time measured at start, for about two seconds of waiting at most.
    password_queue: int = Field(default=0, ge=0, le=100_000)
    # O4: PostgreSQL connections per instance, and how long a request waits for one.
    database_pool_size: int = Field(default=10, ge=1, le=500)
    database_acquire_timeout_seconds: int = Field(default=5, ge=1, le=120)
    # O3: "auto" writes JSON lines in production and readable text in development.
    log_format: Literal["auto", "json", "console"] = "auto"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # O3: /metrics on the service's port, and/or on a port of its own (0: none).
    metrics: bool = False
    metrics_port: int = Field(default=0, ge=0, le=65535)
    # I2: origins (scheme://host[:port], comma-separated) that return_to may send people to
    # after signing in; Latchkey's own origin (base_url's) is always allowed.
    allowed_return_origins: Annotated[tuple[str, ...], NoDecode] = ()
    # I3: a parent domain (example.com) whose subdomains share the sign-in; empty keeps the
    # session cookie on Latchkey's own host.
    cookie_domain: str = ""
    # Reverse proxies whose X-Forwarded-For and X-Request-ID are believed (addresses or
    # networks, comma-separated).
    trusted_proxies: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = ()
    # R2: IPv6 clients are counted by network (one customer usually holds a whole /64).
    ipv6_limit_prefix: int = Field(default=64, ge=32, le=128)
    # R2: per client address, per typed email, per user (see backend/services/rate_limits.py).
    rate_limit_login_per_address: Annotated[RateLimit, NoDecode] = _rate(30, 600)
    rate_limit_code_checks_per_address: Annotated[RateLimit, NoDecode] = _rate(60, 600)
    rate_limit_emails_per_address: Annotated[RateLimit, NoDecode] = _rate(20, 3600)
    rate_limit_login_codes_per_account: Annotated[RateLimit, NoDecode] = _rate(20, 3600)
    rate_limit_login_codes_per_address: Annotated[RateLimit, NoDecode] = _rate(200, 3600)
    rate_limit_signups_per_address: Annotated[RateLimit, NoDecode] = _rate(10, 3600)
    rate_limit_help_requests_per_address: Annotated[RateLimit, NoDecode] = _rate(5, 3600)
    rate_limit_password_failures: Annotated[RateLimit, NoDecode] = _rate(10, 900)
    rate_limit_step_ups_per_user: Annotated[RateLimit, NoDecode] = _rate(10, 900)
    rate_limit_profile_failures_per_user: Annotated[RateLimit, NoDecode] = _rate(10, 900)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Keyword arguments only: load_settings feeds the environment in explicitly."""
        return (init_settings,)

    @check("secret_key")
    @classmethod
    def _strong_key_in_production(cls, value: str, info: ValidationInfo) -> str:
        if _production(info) and len(value) < MIN_SECRET_KEY:
            raise ValueError(
                f"production needs a random key of at least {MIN_SECRET_KEY} characters"
            )
        return value

    @check("database_url")
    @classmethod
    def _supported_database(cls, value: str, info: ValidationInfo) -> str:
        scheme = value.split("://", 1)[0]
        if scheme not in ("sqlite", "postgres", "postgresql", "asyncpg"):
            raise ValueError("use a sqlite:// or postgres:// URL")
        if scheme == "sqlite" and _production(info):
            if not info.data.get("allow_sqlite_in_production"):
                raise ValueError(
                    "production needs PostgreSQL; SQLite serves one instance only "
                    "(set LATCHKEY_ALLOW_SQLITE_IN_PRODUCTION=1 to accept that)"
                )
        return value

    @check("base_url")
    @classmethod
    def _https_in_production(cls, value: str, info: ValidationInfo) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("use an absolute URL such as https://login.example.com")
        if _production(info) and parts.scheme != "https":
            raise ValueError("production needs an https:// address")
        return value.rstrip("/")

    @check("smtp_host")
    @classmethod
    def _mail_server_in_production(cls, value: str, info: ValidationInfo) -> str:
        if _production(info) and not value:
            raise ValueError("production needs an SMTP server to send codes and alerts")
        return value

    @check("smtp_implicit_tls")
    @classmethod
    def _one_kind_of_tls(cls, value: bool, info: ValidationInfo) -> bool:
        if value and info.data.get("smtp_starttls"):
            raise ValueError("choose STARTTLS or implicit TLS, not both")
        return value

    @check("mail_from", "support_email")
    @classmethod
    def _email_address(cls, value: str) -> str:
        """X3: checked here as fastapi-mail would check the sender, so a bad address stops the
        start with its variable's name instead of failing the first email."""
        try:
            validate_email(value, check_deliverability=False)
        except EmailNotValidError as invalid:
            raise ValueError(f"not an email address: {invalid}") from None
        return value

    @check("primary_color")
    @classmethod
    def _readable_color(cls, value: str) -> str:
        return branding.primary_color(value)

    @check("logo_path")
    @classmethod
    def _logo_image(cls, value: Path | None) -> Path | None:
        return branding.logo_file(value) if value is not None else None

    @check("templates_dir")
    @classmethod
    def _override_folder(cls, value: Path | None) -> Path | None:
        return branding.templates_folder(value) if value is not None else None

    @check("argon2_time_cost", "argon2_memory_kib")
    @classmethod
    def _argon2_floor_in_production(cls, value: int, info: ValidationInfo) -> int:
        floor = {"argon2_time_cost": 2, "argon2_memory_kib": 19456}[str(info.field_name)]
        if _production(info) and value < floor:
            raise ValueError(f"argon2id below the OWASP/ASVS minimum ({floor}) in production")
        return value

    @check("recaptcha_site_key", "recaptcha_secret")
    @classmethod
    def _recaptcha_keys(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("captcha") == "recaptcha" and not value:
            raise ValueError("needed when LATCHKEY_CAPTCHA=recaptcha")
        return value

    @check("log_level", "log_format", mode="before")
    @classmethod
    def _any_case(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            return value.upper() if info.field_name == "log_level" else value.lower()
        return value

    @check("allowed_return_origins", mode="before")
    @classmethod
    def _origins(cls, value: object, info: ValidationInfo) -> object:
        listed = cls._comma_separated(value)
        if not isinstance(listed, tuple | list):
            return listed
        origins = []
        for item in listed:
            origin = origin_of(str(item))
            if origin is None or urlsplit(str(item)).path.strip("/"):
                raise ValueError(f"{item!r} is not an origin such as https://app.example.com")
            if _production(info) and not origin.startswith("https://"):
                raise ValueError(f"production needs https:// origins (got {item!r})")
            origins.append(origin)
        return tuple(origins)

    @check("cookie_domain")
    @classmethod
    def _parent_of_base_url(cls, value: str, info: ValidationInfo) -> str:
        domain = value.strip().lower().lstrip(".")
        host = urlsplit(info.data.get("base_url", "")).hostname or ""
        if domain and host != domain and not host.endswith(f".{domain}"):
            raise ValueError(f"must be the host of LATCHKEY_BASE_URL or a parent of it ({host})")
        return domain

    @check("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @check(
        "rate_limit_login_per_address",
        "rate_limit_code_checks_per_address",
        "rate_limit_emails_per_address",
        "rate_limit_login_codes_per_account",
        "rate_limit_login_codes_per_address",
        "rate_limit_signups_per_address",
        "rate_limit_help_requests_per_address",
        "rate_limit_password_failures",
        "rate_limit_step_ups_per_user",
        "rate_limit_profile_failures_per_user",
        mode="before",
    )
    @classmethod
    def _hits_per_window(cls, value: object) -> object:
        if isinstance(value, str):
            hits, _, window = (part.strip() for part in value.partition("/"))
            if not all(n.isascii() and n.isdigit() for n in (hits, window)):
                raise ValueError("write it as hits/seconds, for example 30/600")
            return {"max_hits": int(hits), "window_seconds": int(window)}
        return value

    @property
    def sender_name(self) -> str:
        return self.mail_from_name or self.service_name

    @property
    def is_development(self) -> bool:
        return self.env == "development"

    @property
    def json_logs(self) -> bool:
        return self.log_format == "json" or (self.log_format == "auto" and not self.is_development)

    @property
    def argon2(self) -> Argon2Params:
        return Argon2Params(self.argon2_time_cost, self.argon2_memory_kib, self.argon2_parallelism)

    @property
    def rp_id(self) -> str:
        return self.webauthn_rp_id or (urlsplit(self.base_url).hostname or "localhost")

    @property
    def origin(self) -> str:
        """The browser origin WebAuthn responses must come from (scheme, host, port)."""
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def base_url_set(self) -> bool:
        """Whether LATCHKEY_BASE_URL was given, rather than the default."""
        return "base_url" in self.model_fields_set

    @property
    def passkeys_unavailable(self) -> str:
        """Why browsers will refuse passkeys here (an IP address as RP ID), or empty."""
        try:
            ipaddress.ip_address(self.rp_id.strip("[]"))
        except ValueError:
            return ""
        return (
            f"Passkeys need a host name: this server is addressed as {self.rp_id}, an IP "
            "address, which browsers refuse (use localhost or a domain name)."
        )

    @property
    def dev_mail_sink(self) -> bool:
        """In development with no SMTP server configured, mail goes to the local sink."""
        return self.is_development and not self.smtp_host


def variable(field_name: str) -> str:
    """The environment variable that sets `field_name`."""
    return PREFIX + field_name.upper()


class _GivenEnvironment(EnvSettingsSource):
    """pydantic-settings' environment parsing, over a mapping the caller chose."""

    def __init__(self, environment: Mapping[str, str]) -> None:
        self._environment = environment
        super().__init__(Settings)

    def _load_env_vars(self) -> Mapping[str, str | None]:
        # Names match in any case, as pydantic-settings does with the process environment.
        return {name.lower(): value for name, value in self._environment.items() if value != ""}


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


def _unknown_variables(environment: Mapping[str, str]) -> list[str]:
    known = [variable(name) for name in Settings.model_fields]
    problems = []
    for name in sorted(environment):
        upper = name.upper()
        if not upper.startswith(PREFIX) or upper in known or upper in NOT_SETTINGS:
            continue
        if upper.startswith(NOT_SETTINGS_PREFIX):
            continue
        guess = difflib.get_close_matches(upper, known, n=1)
        hint = f" (did you mean {guess[0]}?)" if guess else ""
        problems.append(f"{name}: not a Latchkey setting{hint}")
    return problems


def _describe(error: Any, environment: Mapping[str, str]) -> str:
    field = str(error["loc"][0]) if error["loc"] else ""
    name = variable(field) if field else "configuration"
    message = str(error["msg"]).removeprefix("Value error, ")
    raw = environment.get(name)
    shown = f" (got {raw!r})" if raw is not None and field not in SECRET_FIELDS else ""
    return f"{name}: {message}{shown}"


def load_settings(env: Mapping[str, str] | None = None, folder: Path | None = None) -> Settings:
    """Settings from LATCHKEY_* variables; ConfigError lists every problem, one per line."""
    environment = dict(os.environ if env is None else env)
    folder = folder or Path.cwd()
    values = _GivenEnvironment(environment)()
    values.setdefault("database_url", f"sqlite://{folder / 'latchkey.sqlite3'}")
    if not values.get("secret_key") and values.get("env", "development") == "development":
        values["secret_key"] = _dev_secret_key(folder)
    problems = _unknown_variables(environment)
    try:
        settings = Settings(**values)
    except ValidationError as invalid:
        problems += [_describe(error, environment) for error in invalid.errors()]
        raise ConfigError("\n".join(problems)) from None
    if problems:
        raise ConfigError("\n".join(problems))
    return settings


# Addresses compared with --host, never bound here.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost", "0.0.0.0", "::"})  # noqa: S104


def listening_url(host: str, port: int) -> str:
    """The address browsers use for a server bound to `host`:`port` (a name on loopback)."""
    name = "localhost" if host in LOOPBACK_HOSTS else host
    return f"http://{f'[{name}]' if ':' in name else name}:{port}"


def base_url_mismatch(settings: Settings, host: str, port: int) -> str:
    """A warning when emailed links will not reach a server bound to `host`:`port`, else ''.

    Only a base URL on this machine (loopback or the bound host) can be judged: a public name
    usually sits in front of a reverse proxy, which listens elsewhere on purpose.
    """
    parts = urlsplit(settings.base_url)
    target = parts.hostname or ""
    if target not in LOOPBACK_HOSTS and target != host:
        return ""
    default_port = 443 if parts.scheme == "https" else 80
    if (parts.port or default_port) == port and (host in LOOPBACK_HOSTS) == (
        target in LOOPBACK_HOSTS
    ):
        return ""
    return (
        f"{variable('base_url')} is {settings.base_url}, but the server listens on "
        f"{listening_url(host, port)}: links in emails will not reach it"
    )


def _shown(field: str, value: object) -> str:
    if value is None:
        return ""
    if field in SECRET_FIELDS:
        return f"****** ({len(str(value))} characters)" if value else "(not set)"
    if isinstance(value, RateLimit):
        return f"{value.max_hits}/{value.window_seconds}"
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value)
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    parts = urlsplit(text) if field == "database_url" else None
    if parts and parts.password:
        text = text.replace(f":{parts.password}@", ":******@", 1)
    return text


def effective(settings: Settings) -> list[tuple[str, str]]:
    """(variable, value) for every setting, secrets masked: what check-config prints."""
    return [
        (variable(name), _shown(name, getattr(settings, name))) for name in Settings.model_fields
    ]
