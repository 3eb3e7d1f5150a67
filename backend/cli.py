"""The `latchkey` command: run the service, and the few jobs done from a shell.

latchkey serve                       the web service
latchkey migrate [--check]           O1: apply pending schema migrations (--check: only list)
latchkey makemigrations NAME         O1: write the migration a model change needs (developers)
latchkey create-support-user EMAIL   a staff account for /support (or the role for EMAIL)
latchkey deactivate EMAIL            A4: the account cannot log in; its sessions end
latchkey reactivate EMAIL            A4: back on, with the same password
latchkey cleanup                     delete expired attempts, codes, sessions, devices, ...
latchkey check-config                print the effective settings; exit 2 on any problem
latchkey backup PATH                 copy a SQLite database safely while the service runs
latchkey clients add NAME --redirect-uri URI [--post-logout-uri URI] [--public] [--first-party]
latchkey clients list | remove CLIENT_ID | rotate-secret CLIENT_ID
                                     I5: applications that sign people in with OpenID Connect
latchkey rotate-signing-key          I4: new ID token key; the old one stays published a while
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import getpass
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from prometheus_client import start_http_server
from tortoise import Tortoise

from backend.adoption import UnknownSchema
from backend.backup import BackupError, backup_sqlite
from backend.clock import Clock
from backend.config import (
    ConfigError,
    Settings,
    base_url_mismatch,
    effective,
    listening_url,
    load_settings,
    variable,
)
from backend.db import tortoise_config
from backend.deps import Deps
from backend.errors import DomainError
from backend.i18n import maintenance
from backend.mail.outbox import Outbox
from backend.makemigrations import write_migrations
from backend.migrate import apply_migrations, prepare_schema
from backend.migrations_state import SchemaNotCurrent, SchemaTooNew, pending_migrations
from backend.models import User
from backend.observability import metrics
from backend.observability.logs import configure_logging
from backend.services import (
    account_status,
    housekeeping,
    oauth_clients,
    signing_keys,
    support_staff,
)
from backend.services.accounts import SECURITY_QUESTIONS
from backend.services.activity_details import Detail, DetailKind
from backend.services.identity import normalize_email
from backend.services.passwords import PasswordHasher
from backend.services.secret_box import SecretBox
from backend.web.templating import build_environment

T = TypeVar("T")
logger = logging.getLogger("latchkey")
# Above the 60 s idle timeout of common load balancers, so they never reuse a closed socket.
KEEP_ALIVE_SECONDS = 75
# How long a worker may take to answer uvicorn's health ping before it is replaced.
WORKER_HEALTHCHECK_SECONDS = 60


def _serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    listening = listening_url(args.host, args.port)
    if settings.is_development and not settings.base_url_set:
        # Links in emails follow --host/--port; the workers read the same setting at start.
        os.environ[variable("base_url")] = listening
        settings = load_settings()
    configure_logging(settings)
    if settings.dev_mail_sink and args.workers > 1:
        raise ConfigError("the development mail sink needs a single worker")
    # Once here rather than in each worker: development migrates, production refuses to start.
    asyncio.run(_on_database(settings, lambda: prepare_schema(settings)))
    if args.workers > 1 and not os.environ.get(metrics.MULTIPROCESS_DIR):
        # Before the workers start: each writes its counts there, a scrape adds them up.
        counts = tempfile.mkdtemp(prefix="latchkey-metrics-")
        os.environ[metrics.MULTIPROCESS_DIR] = counts
        atexit.register(shutil.rmtree, counts, ignore_errors=True)
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=args.host, registry=metrics.registry())
        logger.info("metrics on http://%s:%s/metrics", args.host, settings.metrics_port)
    logger.info("Latchkey (%s) on %s", settings.env, listening)
    logger.info("Links in emails: %s", settings.base_url)
    if warning := base_url_mismatch(settings, args.host, args.port):
        logger.warning(warning)
    if settings.passkeys_unavailable:
        logger.warning(settings.passkeys_unavailable)
    if settings.dev_mail_sink:
        logger.info("Captured emails: %s/dev/mailbox", listening)
    uvicorn.run(
        "backend.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # uvicorn kills a worker that does not answer its health ping in time (5 s by default)
        # and starts another; on a loaded machine a worker still importing can miss it, and the
        # replacement misses it too, so the service never comes up. A hung worker is still
        # replaced, only later.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        timeout_keep_alive=args.keep_alive,
        proxy_headers=False,
        log_config=None,  # backend/observability/logs.py formats uvicorn's lines too
        access_log=False,  # backend/web/request_log.py logs each request with its ID
    )
    return 0


async def _on_database(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` with Tortoise connected to the configured database."""
    await Tortoise.init(
        config=tortoise_config(
            settings.database_url,
            settings.database_pool_size,
            settings.database_acquire_timeout_seconds,
        )
    )
    try:
        return await work()
    finally:
        await Tortoise.close_connections()


async def _with_database(settings: Settings, work: Callable[[Deps], Awaitable[T]]) -> T:
    """Run one job with the services the app uses, on a schema as `serve` would accept it."""
    return await _on_database(settings, lambda: _with_services(settings, work))


async def _with_services(settings: Settings, work: Callable[[Deps], Awaitable[T]]) -> T:
    await prepare_schema(settings)
    passwords = PasswordHasher(settings.argon2)
    clock, box = Clock(), SecretBox(settings.secret_key)
    deps = Deps(
        settings=settings,
        clock=clock,
        passwords=passwords,
        # Mail queued here is sent by the service's workers.
        mailer=Outbox(settings, build_environment(settings), box, clock),
        box=box,
    )
    try:
        return await work(deps)
    finally:
        passwords.close()


def _migrate(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.check:
        pending = asyncio.run(_on_database(settings, pending_migrations))
        for name in pending:
            print(f"pending: {name}")
        if pending:
            print("Run `latchkey migrate` to apply them.", file=sys.stderr)
            return 1
        print("The database schema is up to date.")
        return 0
    applied = asyncio.run(
        _on_database(
            settings,
            lambda: apply_migrations(
                applying=lambda name: print(f"applying {name}"),
                adopting=lambda name: print(
                    f"adopting {name}: the tables were made before migrations and match it"
                ),
            ),
        )
    )
    print(f"Applied {len(applied)} migration(s)." if applied else "Nothing to apply: up to date.")
    return 0


def _makemigrations(args: argparse.Namespace) -> int:
    written = asyncio.run(write_migrations(args.name))
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("No model changes: the migrations already match backend/models.py.")
    return 0


def _secret(prompt: str) -> str:
    """Typed without echo at a terminal; one line each from standard input otherwise."""
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def _create_support_user(args: argparse.Namespace) -> int:
    settings = load_settings()

    async def work(deps: Deps) -> int:
        if await User.filter(email=normalize_email(args.email)).exists():
            user, _ = await support_staff.create_support_user(deps, args.email, "", "", "")
            print(f"{user.email} now has the support role.")
            return 0
        password = _secret("Password: ")
        answer = _secret(f"{args.question} ")
        user, _ = await support_staff.create_support_user(
            deps, args.email, password, args.question, answer
        )
        print(f"Created support user {user.email}. Log in at {settings.base_url}/login.")
        return 0

    return asyncio.run(_with_database(settings, work))


def _set_active(args: argparse.Namespace) -> int:
    settings = load_settings()
    active = args.command == "reactivate"

    async def work(deps: Deps) -> int:
        user = await User.get_or_none(email=normalize_email(args.email))
        if user is None:
            print(f"latchkey: no account uses {args.email}", file=sys.stderr)
            return 1
        await account_status.set_active(deps, user, active, by=Detail(DetailKind.COMMAND_LINE))
        print(f"{user.email} is {'active' if active else 'deactivated'}.")
        return 0

    return asyncio.run(_with_database(settings, work))


def _cleanup(args: argparse.Namespace) -> int:
    longest = 0.0

    def measure(table: str, rows: int, seconds: float) -> None:
        nonlocal longest
        longest = max(longest, seconds)

    async def work(deps: Deps) -> dict[str, int]:
        return await housekeeping.purge(deps, on_batch=measure)

    purged = asyncio.run(_with_database(load_settings(), work))
    for table, rows in purged.items():
        print(f"{table}: {rows} deleted")
    print(f"longest single delete (lock held): {longest * 1000:.1f} ms")
    return 0


def _check_config(args: argparse.Namespace) -> int:
    """O2: what the service would run with, secrets masked; load_settings refuses mistakes."""
    for name, value in effective(load_settings()):
        print(f"{name}={value}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    try:
        size = backup_sqlite(load_settings().database_url, args.path)
    except (BackupError, sqlite3.Error) as err:
        print(f"latchkey: {err}", file=sys.stderr)
        return 1
    print(f"Backed up to {args.path} ({size} bytes).")
    return 0


def _show_secret(secret: str | None) -> None:
    if secret:
        print(f"client_secret: {secret}")
        print("Store the secret now: it is shown only this once.")


def _clients(args: argparse.Namespace) -> int:
    """I5: the applications allowed to sign people in through Latchkey."""

    async def work(deps: Deps) -> int:
        if args.action == "add":
            made = await oauth_clients.add(
                deps,
                args.name,
                args.redirect_uri,
                post_logout_uris=args.post_logout_uri,
                public=args.public,
                first_party=args.first_party,
            )
            print(f"client_id: {made.client.client_id}")
            _show_secret(made.secret)
        elif args.action == "list":
            for client in await oauth_clients.listed():
                kind = "public" if client.is_public else "confidential"
                party = ", first-party" if client.first_party else ""
                print(f"{client.client_id}  {client.name}  ({kind}{party})")
                for uri in client.redirect_uris:
                    print(f"    redirect: {uri}")
                for uri in client.post_logout_redirect_uris:
                    print(f"    after logout: {uri}")
        elif args.action == "remove":
            await oauth_clients.remove(args.client_id)
            print(f"Removed {args.client_id}; its tokens stopped working.")
        else:
            _show_secret(await oauth_clients.rotate_secret(args.client_id))
        return 0

    return asyncio.run(_with_database(load_settings(), work))


def _rotate_signing_key(args: argparse.Namespace) -> int:
    async def work(deps: Deps) -> int:
        kid = await signing_keys.rotate(deps)
        print(f"New signing key {kid}; retired keys stay in the JWKS until their tokens expire.")
        return 0

    return asyncio.run(_with_database(load_settings(), work))


def _add_client_commands(commands: Any) -> None:
    clients = commands.add_parser("clients", help="OpenID Connect applications (I5)")
    actions = clients.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="register an application; prints its secret once")
    add.add_argument("name")
    add.add_argument("--redirect-uri", action="append", required=True, help="exact; repeatable")
    add.add_argument("--post-logout-uri", action="append", default=[], help="repeatable")
    add.add_argument("--public", action="store_true", help="no secret (SPA, mobile): PKCE")
    add.add_argument("--first-party", action="store_true", help="your own app: no consent")
    actions.add_parser("list", help="registered applications")
    for name, text in (("remove", "delete an application"), ("rotate-secret", "new secret")):
        action = actions.add_parser(name, help=text)
        action.add_argument("client_id")
    clients.set_defaults(handler=_clients)
    rotate = commands.add_parser("rotate-signing-key", help="new ID token signing key (I4)")
    rotate.set_defaults(handler=_rotate_signing_key)


def _translations(args: argparse.Namespace) -> int:
    maintenance.run_all()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="latchkey", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="processes (default 1)")
    serve.add_argument(
        "--keep-alive",
        type=int,
        default=KEEP_ALIVE_SECONDS,
        metavar="SECONDS",
        help="idle keep-alive timeout; keep it above your load balancer's (default 75)",
    )
    serve.set_defaults(handler=_serve)
    migrate = commands.add_parser("migrate", help="apply pending schema migrations")
    migrate.add_argument(
        "--check", action="store_true", help="list pending migrations; exit 1 if there are any"
    )
    migrate.set_defaults(handler=_migrate)
    make = commands.add_parser(
        "makemigrations", help="write the migration for a model change (developers)"
    )
    make.add_argument("name", help="what the change does, e.g. passkey_names")
    make.set_defaults(handler=_makemigrations)
    staff = commands.add_parser(
        "create-support-user", help="make a support account (asks for its password and answer)"
    )
    staff.add_argument("email")
    staff.add_argument("--question", default=SECURITY_QUESTIONS[0])
    staff.set_defaults(handler=_create_support_user)
    for name, text in (("deactivate", "switch an account off"), ("reactivate", "switch it on")):
        command = commands.add_parser(name, help=text)
        command.add_argument("email")
        command.set_defaults(handler=_set_active)
    cleanup = commands.add_parser("cleanup", help="delete expired rows (the app also does this)")
    cleanup.set_defaults(handler=_cleanup)
    check = commands.add_parser(
        "check-config", help="print the effective settings (secrets masked) and any problem"
    )
    check.set_defaults(handler=_check_config)
    translations = commands.add_parser(
        "translations", help="extract, update and compile the translation catalogs (X1)"
    )
    translations.set_defaults(handler=_translations)
    backup = commands.add_parser("backup", help="copy the SQLite database (safe while serving)")
    backup.add_argument("path", type=Path)
    backup.set_defaults(handler=_backup)
    _add_client_commands(commands)
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except ConfigError as err:
        problems = "".join(f"  {line}\n" for line in str(err).splitlines())
        parser.exit(2, f"latchkey: the configuration is refused:\n{problems}")
    except (SchemaNotCurrent, SchemaTooNew, UnknownSchema) as err:
        parser.exit(1, f"latchkey: {err}\n")
    except DomainError as err:
        parser.exit(1, f"latchkey: {err.message}\n")
    return result


if __name__ == "__main__":
    raise SystemExit(main())
