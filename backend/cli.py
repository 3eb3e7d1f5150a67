"""The `latchkey` command: `latchkey serve` runs the service."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from backend.config import ConfigError, load_settings


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="latchkey", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=_serve)
    args = parser.parse_args(argv)
    try:
        result: int = args.handler(args)
    except ConfigError as err:
        parser.exit(2, f"latchkey: {err}\n")
    return result


if __name__ == "__main__":
    raise SystemExit(main())
