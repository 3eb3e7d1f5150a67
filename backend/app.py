"""The app factory: settings in, a Starlette app out (GraphQL, pages, static files)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from graphql.validation import NoSchemaIntrospectionCustomRule
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp
from strawberry.extensions import AddValidationRules, SchemaExtension
from tortoise.contrib.starlette import RegisterTortoise

from backend.clock import Clock
from backend.config import PROJECT_ROOT, Settings, load_settings
from backend.db import tortoise_config
from backend.deps import Deps
from backend.mail.dev_sink import DevMailbox, start_sink
from backend.mail.outbox import Outbox
from backend.mail.sender import SmtpTransport
from backend.mail.worker import MailWorker
from backend.migrate import prepare_schema
from backend.observability import health, metrics
from backend.observability.logs import configure_logging
from backend.oidc.server import LatchkeyServer
from backend.schema import build_schema
from backend.schema.masking import MaskUnexpectedErrors
from backend.services import housekeeping
from backend.services.passwords import PasswordHasher
from backend.services.secret_box import SecretBox
from backend.web import forward_auth, oidc
from backend.web.crash import crash_page
from backend.web.graphql_app import LatchkeyGraphQL
from backend.web.middleware import BodyLimit, SecurityHeaders
from backend.web.operation import OperationFailed
from backend.web.pages import (
    activity,
    applications,
    brand,
    cant_login,
    captcha,
    dev,
    language,
    login,
    passkeys,
    password_reset,
    profile,
    profile_changes,
    signup,
    support,
    team,
)
from backend.web.pages.forms import RefusedForm
from backend.web.request_log import RequestLog
from backend.web.templating import build_environment
from backend.web.unavailable import Unavailable

logger = logging.getLogger("latchkey")
# A send or purge in progress is abandoned after this at shutdown (mail stays in the outbox).
SHUTDOWN_SECONDS = 10


def _routes(settings: Settings, graphql: LatchkeyGraphQL) -> list[Route | Mount]:
    routes: list[Route | Mount] = [
        # I3: first, as every request to every protected application passes through it.
        Route("/auth/verify", forward_auth.verify, methods=list(forward_auth.METHODS)),
        Route("/", profile.home),
        Route("/login", login.login_form, methods=["GET"]),
        Route("/login", login.login_submit, methods=["POST"]),
        Route("/login/captcha", login.captcha_part, methods=["GET"]),
        Route("/login/passkey", login.passkey_submit, methods=["POST"]),
        Route("/login/code", login.code_form, methods=["GET"]),
        Route("/login/code", login.code_submit, methods=["POST"]),
        Route("/login/code/resend", login.resend_submit, methods=["POST"]),
        Route("/login/method", login.method_submit, methods=["POST"]),
        Route("/login/enroll", login.enroll_form, methods=["GET"]),
        Route("/login/enroll", login.enroll_submit, methods=["POST"]),
        Route("/login/recovery", login.recovery_form, methods=["GET"]),
        Route("/login/recovery", login.recovery_submit, methods=["POST"]),
        Route("/forgot", password_reset.forgot_form, methods=["GET"]),
        Route("/forgot", password_reset.forgot_submit, methods=["POST"]),
        Route("/reset", password_reset.reset_form, methods=["GET"]),
        Route("/reset", password_reset.reset_submit, methods=["POST"]),
        Route("/signup", signup.signup_form, methods=["GET"]),
        Route("/signup", signup.signup_submit, methods=["POST"]),
        Route("/profile", profile.profile),
        Route("/profile/factors/{action}", profile.factor_form, methods=["GET"]),
        Route("/profile/factors/{action}", profile.factor_submit, methods=["POST"]),
        Route("/profile/sign-out-others", profile.end_other_sessions_submit, methods=["POST"]),
        Route("/profile/sessions/{session_id}/end", profile.end_session_submit, methods=["POST"]),
        Route(
            "/profile/devices/{device_id}/forget", profile.forget_device_submit, methods=["POST"]
        ),
        Route(
            "/profile/apps/{client_id}/disconnect", profile.disconnect_app_submit, methods=["POST"]
        ),
        Route("/profile/activity", activity.activity_log, methods=["GET"]),
        Route("/profile/verify", profile_changes.step_up_form, methods=["GET"]),
        Route("/profile/verify", profile_changes.step_up_submit, methods=["POST"]),
        Route("/profile/verify/start", profile_changes.step_up_start, methods=["POST"]),
        Route("/profile/verify/method", profile_changes.step_up_method, methods=["POST"]),
        Route("/profile/verify/resend", profile_changes.step_up_resend, methods=["POST"]),
        Route("/profile/new-question", profile_changes.new_question_form, methods=["GET"]),
        Route("/profile/new-question", profile_changes.new_question_submit, methods=["POST"]),
        Route("/help", cant_login.help_form, methods=["GET"]),
        Route("/help", cant_login.help_submit, methods=["POST"]),
        Route("/help/confirm", cant_login.confirm_form, methods=["GET"]),
        Route("/help/confirm", cant_login.confirm_submit, methods=["POST"]),
        Route("/support", support.console, methods=["GET"]),
        Route(
            "/support/requests/{request_id}/{action}",
            support.request_action_submit,
            methods=["POST"],
        ),
        Route("/support/accounts", support.account_submit, methods=["POST"]),
        Route("/profile/passkeys/new", passkeys.new_form, methods=["GET"]),
        Route("/profile/passkeys/new", passkeys.new_submit, methods=["POST"]),
        Route("/profile/passkeys/finish", passkeys.finish_submit, methods=["POST"]),
        Route("/profile/passkeys/{passkey_id:int}/remove", passkeys.remove_form, methods=["GET"]),
        Route(
            "/profile/passkeys/{passkey_id:int}/remove", passkeys.remove_submit, methods=["POST"]
        ),
        Route("/applications", applications.applications_page, methods=["GET"]),
        Route("/applications", applications.register_submit, methods=["POST"]),
        Route("/applications/{client_id}/rotate", applications.rotate_submit, methods=["POST"]),
        Route("/applications/{client_id}/remove", applications.remove_submit, methods=["POST"]),
        Route("/team", team.team_page, methods=["GET"]),
        Route("/team/invite", team.invite_submit, methods=["POST"]),
        Route("/team/{member_id:int}/role", team.role_submit, methods=["POST"]),
        Route("/team/{member_id:int}/reset-app", team.reset_app_form, methods=["GET"]),
        Route("/team/{member_id:int}/reset-app", team.reset_app_submit, methods=["POST"]),
        Route("/team/{member_id:int}/{action}", team.member_action_submit, methods=["POST"]),
        Route("/invite", team.invitation_form, methods=["GET"]),
        Route("/invite", team.invitation_submit, methods=["POST"]),
        Route("/profile/language", profile.language_submit, methods=["POST"]),
        Route("/profile/{what}", profile_changes.change_form, methods=["GET"]),
        Route("/profile/{what}", profile_changes.change_submit, methods=["POST"]),
        Route("/confirm-email", profile_changes.confirm_email_form, methods=["GET"]),
        Route("/confirm-email", profile_changes.confirm_email_submit, methods=["POST"]),
        Route("/secure-account", activity.secure_account_form, methods=["GET"]),
        Route("/secure-account", activity.secure_account_submit, methods=["POST"]),
        Route("/logout", profile.logout_submit, methods=["POST"]),
        Route("/language", language.choose_submit, methods=["POST"]),
        Route("/captcha/altcha", captcha.altcha_challenge, methods=["GET"]),
        Route("/brand.css", brand.brand_css, methods=["GET"]),
        Route("/brand/logo", brand.logo, methods=["GET"]),
        # Every method reaches the view, which answers the ones it refuses in JSON (G1).
        Route("/graphql", graphql),
        Route("/.well-known/openid-configuration", oidc.discovery, methods=["GET"]),
        Route("/.well-known/jwks.json", oidc.jwks, methods=["GET"]),
        Route("/authorize", oidc.authorize, methods=["GET"]),
        Route("/authorize", oidc.consent_submit, methods=["POST"]),
        Route("/token", oidc.token, methods=["POST"]),
        Route("/userinfo", oidc.userinfo, methods=["GET", "POST"]),
        Route("/end-session", oidc.end_session, methods=["GET", "POST"]),
        Mount(
            "/static", StaticFiles(directory=PROJECT_ROOT / "frontend" / "static"), name="static"
        ),
    ]
    routes += [Route("/health/live", health.live), Route("/health/ready", health.ready)]
    if settings.metrics:
        routes.append(Route("/metrics", metrics.metrics_endpoint))
    if settings.is_development:
        routes.append(Route("/dev/mailbox", dev.mailbox))
        routes.append(Route("/dev/mailbox/{message_id:int}/html", dev.mail_html))
    return routes


async def _refused_form(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RefusedForm)
    return exc.response


async def _clean_periodically(deps: Deps) -> None:
    """Purge expired rows every few minutes; a failure is logged and retried next time."""
    while True:
        await asyncio.sleep(deps.settings.cleanup_minutes * 60)
        try:
            purged = await housekeeping.purge(deps)
            logger.info("housekeeping purged %s", purged)
        except Exception:
            logger.exception("housekeeping failed")


class _App(Starlette):
    """Starlette with the request log outermost, around its own error middleware, so a
    crash is logged once with its request ID and the crash page carries that ID."""

    def __init__(self, settings: Settings, **kwargs: Any) -> None:
        self._trusted_proxies = settings.trusted_proxies
        super().__init__(**kwargs)

    def build_middleware_stack(self) -> ASGIApp:
        return RequestLog(super().build_middleware_stack(), self.routes, self._trusted_proxies)


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Starlette:
    """Build the app; the database, mail sink and password pool start in the lifespan.

    Without `settings` this is the serving process (uvicorn's factory, once per worker): it
    reads the environment and sets up the log format too."""
    if settings is None:
        settings = load_settings()
        configure_logging(settings)
    templates = build_environment(settings)
    mailbox = DevMailbox()
    extensions: list[Callable[[], SchemaExtension]] = [MaskUnexpectedErrors]
    if not settings.is_development:
        extensions.append(lambda: AddValidationRules([NoSchemaIntrospectionCustomRule]))
    schema = build_schema(extra_extensions=extensions)
    graphql = LatchkeyGraphQL(schema, graphql_ide="graphiql" if settings.is_development else None)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(
            app,
            config=tortoise_config(
                settings.database_url,
                settings.database_pool_size,
                settings.database_acquire_timeout_seconds,
            ),
        ):
            await prepare_schema(settings)
            sink = await start_sink(mailbox) if settings.dev_mail_sink else None
            sink_port = sink.sockets[0].getsockname()[1] if sink else None
            if sink_port:
                logger.info("development SMTP sink on 127.0.0.1:%s", sink_port)
            passwords = PasswordHasher(
                settings.argon2,
                queue_limit=settings.password_queue or None,
                on_wait=metrics.PASSWORD_QUEUE_WAIT.observe,
            )
            app_clock = clock or Clock()
            box = SecretBox(settings.secret_key)
            worker = MailWorker(
                app_clock,
                box,
                SmtpTransport(settings, port=sink_port),
                keep_bodies=settings.is_development,
            )
            app.state.mail_worker = worker
            app.state.deps = Deps(
                settings=settings,
                clock=app_clock,
                passwords=passwords,
                mailer=Outbox(settings, templates, box, app_clock, notify=worker.wake),
                box=box,
            )
            app.state.oidc.deps = app.state.deps
            background = [
                asyncio.create_task(_clean_periodically(app.state.deps)),
                asyncio.create_task(worker.run()),
            ]
            try:
                yield
            finally:
                for task in background:
                    task.cancel()
                _, stuck = await asyncio.wait(background, timeout=SHUTDOWN_SECONDS)
                if stuck:
                    logger.warning("background tasks did not stop: %s", stuck)
                passwords.close()
                if sink:
                    sink.close()

    app = _App(
        settings,
        routes=_routes(settings, graphql),
        middleware=[
            Middleware(
                SecurityHeaders,
                hsts=not settings.is_development,
                recaptcha=settings.captcha == "recaptcha",
                return_origins=settings.allowed_return_origins,
            ),
            Middleware(Unavailable),
            Middleware(BodyLimit),
        ],
        exception_handlers={
            RefusedForm: _refused_form,
            OperationFailed: crash_page,
            Exception: crash_page,
        },
        lifespan=lifespan,
    )
    app.state.schema = schema
    app.state.oidc = LatchkeyServer()
    app.state.templates = templates
    app.state.mailbox = mailbox
    return app
