"""Sign-up and the login flow: password, code, app enrollment, recovery code, logout."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.models import Factor
from backend.schema.captcha import CAPTCHA_HELP
from backend.schema.context import Context
from backend.schema.errors import (
    AccountDeactivated,
    AccountLocked,
    AcknowledgementRequired,
    CaptchaRequired,
    CodeExpired,
    InvalidCode,
    InvalidCredentials,
    InvalidInput,
    LoginExpired,
    NotAuthenticated,
    RateLimited,
    ResendThrottled,
    ServiceUnavailable,
    TooManyAttempts,
    TryAgainLater,
)
from backend.schema.return_to import ReturnToArgument
from backend.schema.types import (
    AppEnrollmentRequired,
    CodeRequired,
    LoggedOut,
    LoginSuccess,
    Me,
    PasskeyOptions,
    RecoveryCodeIssued,
    code_required,
    step_result,
)
from backend.services import accounts, return_to, sessions
from backend.services import passkey_sign_in as passwordless
from backend.services.login import attempts, enrollment, password_step, second_factor
from backend.services.sessions import SignedIn

Info = strawberry.Info[Context, None]

SignUpResult = Annotated[
    CodeRequired
    | InvalidInput
    | RateLimited
    | CaptchaRequired
    | TryAgainLater
    | ServiceUnavailable,
    strawberry.union("SignUpResult"),
]
LoginResult = Annotated[
    CodeRequired
    | LoginSuccess
    | InvalidCredentials
    | AccountLocked
    | AccountDeactivated
    | InvalidInput
    | RateLimited
    | CaptchaRequired
    | TryAgainLater
    | ServiceUnavailable,
    strawberry.union("LoginResult"),
]
PasskeySignInOptionsResult = Annotated[
    PasskeyOptions | RateLimited | CaptchaRequired | ServiceUnavailable,
    strawberry.union("PasskeySignInOptionsResult"),
]
PendingLoginResult = Annotated[
    CodeRequired | AppEnrollmentRequired | RecoveryCodeIssued | LoginExpired,
    strawberry.union("PendingLoginResult"),
]
ChooseLoginMethodResult = Annotated[
    CodeRequired | InvalidInput | LoginExpired | RateLimited | ServiceUnavailable,
    strawberry.union("ChooseLoginMethodResult"),
]
ResendLoginCodeResult = Annotated[
    CodeRequired
    | ResendThrottled
    | LoginExpired
    | TooManyAttempts
    | InvalidInput
    | RateLimited
    | ServiceUnavailable,
    strawberry.union("ResendLoginCodeResult"),
]
VerifyLoginCodeResult = Annotated[
    LoginSuccess
    | AppEnrollmentRequired
    | RecoveryCodeIssued
    | InvalidCode
    | CodeExpired
    | LoginExpired
    | TooManyAttempts
    | InvalidInput
    | RateLimited,
    strawberry.union("VerifyLoginCodeResult"),
]
ConfirmAppEnrollmentResult = Annotated[
    RecoveryCodeIssued | InvalidCode | InvalidInput | LoginExpired | TooManyAttempts | RateLimited,
    strawberry.union("ConfirmAppEnrollmentResult"),
]
AcknowledgeRecoveryCodeResult = Annotated[
    LoginSuccess | AcknowledgementRequired | LoginExpired,
    strawberry.union("AcknowledgeRecoveryCodeResult"),
]
LogoutResult = Annotated[LoggedOut | NotAuthenticated, strawberry.union("LogoutResult")]


def _login_success(info: Info, signed_in: SignedIn) -> LoginSuccess:
    """Browsers also keep the session (and a remembered device); the login attempt is over."""
    ctx = info.context
    ctx.set_session(signed_in.token)
    ctx.forget_login_attempt()
    if signed_in.device_token:
        ctx.remember_device(signed_in.device_token)
    return LoginSuccess(
        session_token=signed_in.token,
        device_token=signed_in.device_token,
        me=Me.of(signed_in.user),
        return_to=return_to.destination(signed_in.return_to),
    )


async def sign_up(
    info: Info,
    email: str,
    password: str,
    security_question: str,
    security_answer: str,
    captcha: Annotated[str, strawberry.argument(description=CAPTCHA_HELP)] = "",
    return_to: ReturnToArgument = None,
) -> SignUpResult:
    """A1: create an account; the first code goes to the email at once."""
    ctx = info.context
    challenge = await accounts.sign_up(
        ctx.deps,
        email,
        password,
        security_question,
        security_answer,
        ctx.client,
        captcha,
        return_to=return_to,
        language=ctx.language,
    )
    return code_required(challenge)


async def login(
    info: Info,
    email: str,
    password: str,
    device_token: str | None = None,
    captcha: Annotated[str, strawberry.argument(description=CAPTCHA_HELP)] = "",
    return_to: ReturnToArgument = None,
) -> LoginResult:
    """L1: check the password; step 2 follows with the returned `loginToken`, unless this is
    a trusted device of the user (L2: `deviceToken`, or the browser's device cookie)."""
    ctx = info.context
    device = device_token or ctx.device_token
    outcome = await password_step.start_login(
        ctx.deps, email, password, ctx.client, device, captcha, return_to
    )
    if isinstance(outcome, SignedIn):
        return _login_success(info, outcome)
    return code_required(outcome)


async def passkey_sign_in_options(
    info: Info,
    captcha: Annotated[str, strawberry.argument(description=CAPTCHA_HELP)] = "",
    return_to: ReturnToArgument = None,
) -> PasskeySignInOptionsResult:
    """PK3: pass `optionsJson` to navigator.credentials.get() (or a conditional mediation
    request); send what it resolves with to passkeySignIn. `returnTo` (I2) is kept with it."""
    ctx = info.context
    options = await passwordless.options(ctx.deps, ctx.client, captcha, return_to)
    return PasskeyOptions(options_json=options)


async def passkey_sign_in(info: Info, response: str) -> LoginResult:
    """PK3: a discoverable passkey's answer (JSON, as @simplewebauthn/browser gives it) signs
    its user in with no password: LoginSuccess like the other paths, never a code step."""
    ctx = info.context
    return _login_success(info, await passwordless.sign_in(ctx.deps, response, ctx.client))


async def pending_login(info: Info, login_token: str) -> PendingLoginResult:
    """Which screen this login is at: a code, app enrollment, or the new recovery code."""
    return step_result(await attempts.describe(info.context.deps, login_token))


async def choose_login_method(
    info: Info, login_token: str, method: Factor
) -> ChooseLoginMethodResult:
    """L3 "Try another method": Email sends a code; App or RECOVERY_CODE just switch."""
    ctx = info.context
    challenge = await second_factor.choose_method(ctx.deps, login_token, method, ctx.client)
    return code_required(challenge)


async def resend_login_code(info: Info, login_token: str) -> ResendLoginCodeResult:
    """L4: a new emailed code; every earlier code stops working."""
    ctx = info.context
    return code_required(await second_factor.resend_code(ctx.deps, login_token, ctx.client))


async def verify_login_code(
    info: Info, login_token: str, code: str, remember_device: bool = False
) -> VerifyLoginCodeResult:
    """L4, L5, L7, L8: the code for the attempt's current method; L6 remember this device."""
    ctx = info.context
    outcome = await second_factor.verify_code(
        ctx.deps, login_token, code, ctx.client, remember_device
    )
    if isinstance(outcome, SignedIn):
        return _login_success(info, outcome)
    return step_result(outcome)  # type: ignore[return-value]


async def confirm_app_enrollment(
    info: Info, login_token: str, code: str
) -> ConfirmAppEnrollmentResult:
    """M2: a code from the newly added app; then the recovery code is shown."""
    ctx = info.context
    shown = await enrollment.confirm_enrollment(ctx.deps, login_token, code, ctx.client)
    return step_result(shown)  # type: ignore[return-value]


async def acknowledge_recovery_code(
    info: Info, login_token: str, recorded: bool
) -> AcknowledgeRecoveryCodeResult:
    """M2, L7: "I have safely recorded this code" must be true to finish signing in."""
    ctx = info.context
    signed_in = await enrollment.acknowledge_recovery_code(
        ctx.deps, login_token, recorded, ctx.client
    )
    return _login_success(info, signed_in)


async def logout(info: Info) -> LogoutResult:
    """SE1: end this session everywhere at once."""
    ctx = info.context
    await ctx.signed_in()
    await sessions.end_session(ctx.session_token)
    ctx.forget_session()
    return LoggedOut()
