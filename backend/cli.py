"""The `latchkey` command: run the service, and the few jobs done from a shell.

latchkey serve                       the web service
latchkey create-support-user EMAIL   a staff account for /support (or the role for EMAIL)
latchkey deactivate EMAIL            A4: the account cannot log in; its sessions end
latchkey reactivate EMAIL            A4: back on, with the same password
latchkey cleanup                     delete expired attempts, codes, sessions, devices, ...
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar

import uvicorn
from tortoise import Tortoise

from backend.clock import Clock
from backend.config import ConfigError, Settings, load_settings
from backend.db import tortoise_config
from backend.deps import Deps
from backend.errors import DomainError
from backend.mail.sender import Mailer
from backend.models import User
from backend.services import account_status, housekeeping, support_staff
from backend.services.accounts import SECURITY_QUESTIONS
from backend.services.identity import normalize_email
from backend.services.passwords import PasswordHasher
from backend.services.secret_box import SecretBox
from backend.web.templating import build_environment

T = TypeVar("T")


def _serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if settings.dev_mail_sink and args.workers > 1:
        raise ConfigError("the development mail sink needs a single worker")
    print(f"Latchkey ({settings.env}) on http://{args.host}:{args.port}")
    if settings.dev_mail_sink:
        print(f"Captured emails: http://{args.host}:{args.port}/dev/mailbox")
    uvicorn.run(
        "backend.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=False,
        log_level="info",
    )
    return 0


async def _with_database(settings: Settings, work: Callable[[Deps], Awaitable[T]]) -> T:
    """Run one job against the configured database, with the same services the app uses."""
    await Tortoise.init(config=tortoise_config(settings.database_url))
    await Tortoise.generate_schemas(safe=True)
    passwords = PasswordHasher(settings.argon2)
    deps = Deps(
        settings=settings,
        clock=Clock(),
        passwords=passwords,
        mailer=Mailer(settings, build_environment()),
        box=SecretBox(settings.secret_key),
    )
    try:
        return await work(deps)
    finally:
        passwords.close()
        await Tortoise.close_connections()


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
        await account_status.set_active(deps, user, active, by="from the command line")
        print(f"{user.email} is {'active' if active else 'deactivated'}.")
        return 0

    return asyncio.run(_with_database(settings, work))


def _cleanup(args: argparse.Namespace) -> int:
    purged = asyncio.run(_with_database(load_settings(), housekeeping.purge))
    for table, rows in purged.items():
        print(f"{table}: {rows} deleted")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="latchkey", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)
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
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except ConfigError as err:
        parser.exit(2, f"latchkey: {err}\n")
    except DomainError as err:
        parser.exit(1, f"latchkey: {err.message}\n")
    return result


if __name__ == "__main__":
    raise SystemExit(main())
