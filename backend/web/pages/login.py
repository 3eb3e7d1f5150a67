"""Login pages: password, code (by method), try another method, enrollment, recovery code."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_
from backend.schema.types import STEP_TYPES
from backend.services.factors import registry
from backend.services.login.screens import (
    SCREEN_OF_STATE,
    CodeChallenge,
    EnrollmentChallenge,
    LoginStep,
    RecoveryCodeShown,
)
from backend.web import cookies
from backend.web.documents import documents_beside
from backend.web.operation import Outcome, run
from backend.web.pages.forms import (
    captcha_fields,
    captcha_solution,
    kept_password,
    read_form,
    return_to,
    text,
)
from backend.web.render import fragment, go, page

DOCUMENTS = documents_beside(__file__)

LOGIN_COOKIE_SECONDS = 15 * 60
# Where each pending state of an attempt is shown (screens.SCREEN_OF_STATE), by the name of
# the GraphQL type a step answers with: CodeRequired at /login/code, and so on.
SCREEN_OF = {STEP_TYPES[s].__name__: f"/login/{s.name}" for s in SCREEN_OF_STATE.values()}
NOTICES = {
    "enroll": N_("You are logged out. Log in again to set up your authenticator app."),
    "reset": N_("Your password was changed. Log in with the new one."),
    "invited": N_("Your login is ready. Log in with your email and new password."),
    "session-ended": "You were signed out: your session ended (after a while without "
    "activity, or from another device). Log in again to continue.",
}


def login_token(request: Request) -> str:
    return request.cookies.get(cookies.login_name(request.app.state.deps.settings), "")


def to_code_page(request: Request, token: str) -> Response:
    """After step 1: remember the attempt in an HttpOnly cookie and ask for the code."""
    response = go(request, "/login/code")
    cookies.set_cookie(
        response,
        request.app.state.deps.settings,
        cookies.LOGIN_ATTEMPT,
        token,
        max_age=LOGIN_COOKIE_SECONDS,
    )
    return response


def login_over(request: Request, message: str) -> Response:
    """The attempt expired or was used up: say so, and forget it."""
    response = page(request, "pages/login_expired.html", status=410, message=message)
    cookies.delete_cookie(response, request.app.state.deps.settings, cookies.LOGIN_ATTEMPT)
    return response


async def login_form(request: Request) -> Response:
    """I2: a browser already signed in goes straight to its (checked) return_to."""
    wanted = return_to(request.query_params)
    signed_in = await run(request, DOCUMENTS["SignedIn"])
    if signed_in.data["me"] is not None:
        if not wanted:
            return go(request, "/profile")
        checked = await run(request, DOCUMENTS["ReturnTo"], url=wanted)
        return go(request, checked.data["returnTo"])
    notice = NOTICES.get(request.query_params.get("notice", ""))
    # T1: after an invitation is accepted the form comes filled in with the address.
    email = request.query_params.get("email", "")[:254]
    return page(
        request,
        "pages/login.html",
        email=email,
        error=None,
        field=None,
        notice=notice,
        return_to=wanted,
        **await captcha_fields(request, "LOGIN", email),
    )


async def captcha_part(request: Request) -> Response:
    """Issue 22 #6 (R1): the check as the login form would show it for the email typed so
    far; the page's script fetches it when the email field changes, so that when failed
    passwords for that email will ask for it, the first press already carries it. It counts
    nothing and depends only on what anyone can cause and learn from `captchaChallenge`
    (wrong passwords for a typed email count alike whether an account has it or not)."""
    email = request.query_params.get("email", "")[:254]
    captcha = await captcha_fields(request, "LOGIN", email)
    return fragment(request, "partials/captcha.html", **captcha)


async def login_submit(request: Request) -> Response:
    form = await read_form(request)
    email = text(form, "email")
    solution = captcha_solution(form)
    outcome = await run(
        request,
        DOCUMENTS["Login"],
        email=email,
        password=text(form, "password"),
        captcha=solution,
        returnTo=return_to(form),
    )
    if outcome.kind == "CodeRequired":
        return to_code_page(request, outcome.result["loginToken"])
    if outcome.kind == "LoginSuccess":  # L2: a remembered device
        return go(request, outcome.result["returnTo"], outcome.carrier)
    return page(
        request,
        "pages/login.html",
        **outcome.refusal,
        email=email,
        password=kept_password(outcome, form),
        notice=None,
        return_to=return_to(form),
        **await captcha_fields(request, "LOGIN", email, solution),
    )


async def passkey_submit(request: Request) -> Response:
    """PK3: the answer the page's script got from "Sign in with a passkey" (or the email
    field's autofill) signs in; a refusal shows the login page with the reason."""
    form = await read_form(request)
    outcome = await run(request, DOCUMENTS["PasskeySignIn"], response=text(form, "response"))
    if outcome.kind == "LoginSuccess":
        return go(request, outcome.result["returnTo"], outcome.carrier)
    return page(
        request,
        "pages/login.html",
        **outcome.refusal,
        email="",
        notice=None,
        return_to=return_to(form),
    )


async def _screen(
    request: Request,
    screen: type[LoginStep],
    step: dict[str, Any] | None = None,
    **values: Any,
) -> Response:
    """Show `screen` (pages/<name>.html) with the attempt's `step`, which the refusal of a
    step may carry, or send the browser to the screen the attempt is really at."""
    if step is None:
        pending = await run(request, DOCUMENTS["PendingLogin"], token=login_token(request))
        if pending.kind == "LoginExpired":
            return login_over(request, pending.message)
        if pending.kind != STEP_TYPES[screen].__name__:
            return go(request, SCREEN_OF[pending.kind])
        step = pending.result
    if step.get("method") == "PASSKEY":
        values["passkey_options"] = await _passkey_request(request)
    values.setdefault("error", None)
    values.setdefault("notice", None)
    values.setdefault("status", 200)
    status = values.pop("status")
    return page(request, f"pages/{screen.name}.html", status=status, step=step, **values)


async def _after(request: Request, outcome: Outcome, retry: Any) -> Response:
    """Follow a step's outcome: next screen, signed in (to the attempt's return-to, I2),
    attempt over, or the same screen with the error."""
    if outcome.kind == "LoginSuccess":
        return go(request, outcome.result["returnTo"], outcome.carrier)
    if outcome.kind in SCREEN_OF:
        return go(request, SCREEN_OF[outcome.kind], outcome.carrier)
    if outcome.kind in ("LoginExpired", "TooManyAttempts"):
        return login_over(request, outcome.message)
    # A wrong code carries the screen to show again (InvalidCode.screen): no second request.
    step = outcome.result.get("screen")
    response: Response = await retry(
        request, step=step, status=outcome.status, error=outcome.message
    )
    return response


async def _submit_step(request: Request, operation: str, retry: Any, **fields: Any) -> Response:
    """Send one step of the attempt (code, method, enrollment, acknowledgement) and follow it."""
    outcome = await run(request, DOCUMENTS[operation], token=login_token(request), **fields)
    return await _after(request, outcome, retry)


async def _passkey_request(request: Request) -> str:
    """PK2: a fresh WebAuthn request for the code screen's "Use passkey" button."""
    options = await run(request, DOCUMENTS["PasskeyLoginOptions"], token=login_token(request))
    return str(options.result["optionsJson"]) if options.kind == "PasskeyOptions" else ""


async def code_form(request: Request, **values: Any) -> Response:
    return await _screen(request, CodeChallenge, **values)


async def code_submit(request: Request) -> Response:
    form = await read_form(request)
    return await _submit_step(
        request,
        "VerifyLoginCode",
        code_form,
        code=text(form, "code"),
        remember=text(form, "remember") == "yes",
    )


async def resend_submit(request: Request) -> Response:
    await read_form(request)
    outcome = await run(request, DOCUMENTS["ResendLoginCode"], token=login_token(request))
    if outcome.kind == "CodeRequired":  # the new code's screen: no second request
        return await code_form(request, step=outcome.result, notice=N_("We sent you a new code."))
    if outcome.kind == "ResendThrottled":
        # Not a mistake: the screen says how long is left, as the countdown does.
        return await code_form(request, status=429, notice=outcome.message)
    return await _after(request, outcome, code_form)


async def method_submit(request: Request) -> Response:
    """L3 "Try another method": one button per method; Email sends a code."""
    form = await read_form(request)
    method = text(form, "method")
    return await _submit_step(
        request,
        "ChooseLoginMethod",
        code_form,
        method=method if method in {f.name for f in registry.FACTORS} else "EMAIL",
    )


async def enroll_form(request: Request, **values: Any) -> Response:
    return await _screen(request, EnrollmentChallenge, **values)


async def enroll_submit(request: Request) -> Response:
    form = await read_form(request)
    return await _submit_step(request, "ConfirmAppEnrollment", enroll_form, code=text(form, "code"))


async def recovery_form(request: Request, **values: Any) -> Response:
    return await _screen(request, RecoveryCodeShown, **values)


async def recovery_submit(request: Request) -> Response:
    form = await read_form(request)
    return await _submit_step(
        request,
        "AcknowledgeRecoveryCode",
        recovery_form,
        recorded=text(form, "recorded") == "yes",
    )
