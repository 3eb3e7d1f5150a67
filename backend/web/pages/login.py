"""Login pages: password, code (by method), try another method, enrollment, recovery code."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from backend.web import cookies, operations
from backend.web.pages.forms import (
    captcha_shown,
    captcha_solution,
    kept_password,
    read_form,
    return_to,
    text,
)
from backend.web.pages.profile import NOTICES
from backend.web.render import error_status, go, page, run

LOGIN_COOKIE_SECONDS = 15 * 60
# Where each state of a login attempt is shown.
SCREEN_OF = {
    "CodeRequired": "/login/code",
    "AppEnrollmentRequired": "/login/enroll",
    "RecoveryCodeIssued": "/login/recovery",
}
METHOD_NAMES = {
    "PASSKEY": "Passkey",
    "APP": "Authenticator app",
    "EMAIL": "Email",
    "RECOVERY_CODE": "Recovery code",
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
    data, _ = await run(request, operations.ME)
    if data.get("me") is not None:
        if not wanted:
            return go(request, "/profile")
        checked, _ = await run(request, operations.RETURN_TO, url=wanted)
        return go(request, checked["returnTo"])
    notice = NOTICES.get(request.query_params.get("notice", ""))
    return page(
        request,
        "pages/login.html",
        # T1: after an invitation is accepted the form comes filled in with the address.
        email=request.query_params.get("email", "")[:254],
        error=None,
        field=None,
        notice=notice,
        return_to=wanted,
    )


async def login_submit(request: Request) -> Response:
    form = await read_form(request)
    email = text(form, "email")
    solution = captcha_solution(form)
    data, carrier = await run(
        request,
        operations.LOGIN,
        email=email,
        password=text(form, "password"),
        captcha=solution,
        returnTo=return_to(form),
    )
    result = data["result"]
    if result["__typename"] == "CodeRequired":
        return to_code_page(request, result["loginToken"])
    if result["__typename"] == "LoginSuccess":  # L2: a remembered device
        return go(request, result["returnTo"], carrier)
    return page(
        request,
        "pages/login.html",
        status=error_status(result),
        email=email,
        password=kept_password(result, form),
        error=result["message"],
        field=result.get("field"),
        notice=None,
        captcha_needed=captcha_shown(result, solution),
        return_to=return_to(form),
    )


async def passkey_submit(request: Request) -> Response:
    """PK3: the answer the page's script got from "Sign in with a passkey" (or the email
    field's autofill) signs in; a refusal shows the login page with the reason."""
    form = await read_form(request)
    data, carrier = await run(request, operations.PASSKEY_SIGN_IN, response=text(form, "response"))
    result = data["result"]
    if result["__typename"] == "LoginSuccess":
        return go(request, result["returnTo"], carrier)
    return page(
        request,
        "pages/login.html",
        status=error_status(result),
        email="",
        error=result["message"],
        field=None,
        notice=None,
        return_to=return_to(form),
    )


async def _screen(request: Request, expected: str, template: str, **values: Any) -> Response:
    """Show the attempt's current screen, or send the browser to the one it is really at."""
    data, _ = await run(request, operations.PENDING_LOGIN, token=login_token(request))
    step = data["result"]
    kind = step["__typename"]
    if kind == "LoginExpired":
        return login_over(request, step["message"])
    if kind != expected:
        return go(request, SCREEN_OF[kind])
    if step.get("method") == "PASSKEY":
        values["passkey_options"] = await _passkey_request(request)
    values.setdefault("error", None)
    values.setdefault("notice", None)
    values.setdefault("status", 200)
    status = values.pop("status")
    return page(request, template, status=status, step=step, method_names=METHOD_NAMES, **values)


async def _after(
    request: Request, result: dict[str, Any], carrier: Response, retry: Any
) -> Response:
    """Follow a step's outcome: next screen, signed in (to the attempt's return-to, I2),
    attempt over, or the same screen with the error."""
    kind = result["__typename"]
    if kind == "LoginSuccess":
        return go(request, result["returnTo"], carrier)
    if kind in SCREEN_OF:
        return go(request, SCREEN_OF[kind], carrier)
    if kind in ("LoginExpired", "TooManyAttempts"):
        return login_over(request, result["message"])
    response: Response = await retry(request, status=error_status(result), error=result["message"])
    return response


async def _submit_step(request: Request, document: str, retry: Any, **fields: Any) -> Response:
    """Send one step of the attempt (code, method, enrollment, acknowledgement) and follow it."""
    data, carrier = await run(request, document, token=login_token(request), **fields)
    return await _after(request, data["result"], carrier, retry)


async def _passkey_request(request: Request) -> str:
    """PK2: a fresh WebAuthn request for the code screen's "Use passkey" button."""
    data, _ = await run(request, operations.PASSKEY_LOGIN_OPTIONS, token=login_token(request))
    options = data["result"]
    return str(options["optionsJson"]) if options["__typename"] == "PasskeyOptions" else ""


async def code_form(request: Request, **values: Any) -> Response:
    return await _screen(request, "CodeRequired", "pages/code.html", **values)


async def code_submit(request: Request) -> Response:
    form = await read_form(request)
    return await _submit_step(
        request,
        operations.VERIFY_LOGIN_CODE,
        code_form,
        code=text(form, "code"),
        remember=text(form, "remember") == "yes",
    )


async def resend_submit(request: Request) -> Response:
    await read_form(request)
    data, carrier = await run(request, operations.RESEND_LOGIN_CODE, token=login_token(request))
    result = data["result"]
    if result["__typename"] == "CodeRequired":
        return await code_form(request, notice="We sent you a new code.")
    if result["__typename"] == "ResendThrottled":
        # Not a mistake: the screen says how long is left, as the countdown does.
        return await code_form(request, status=429, notice=result["message"])
    return await _after(request, result, carrier, code_form)


async def method_submit(request: Request) -> Response:
    """L3 "Try another method": one button per method; Email sends a code."""
    form = await read_form(request)
    method = text(form, "method")
    return await _submit_step(
        request,
        operations.CHOOSE_LOGIN_METHOD,
        code_form,
        method=method if method in METHOD_NAMES else "EMAIL",
    )


async def enroll_form(request: Request, **values: Any) -> Response:
    return await _screen(request, "AppEnrollmentRequired", "pages/enroll.html", **values)


async def enroll_submit(request: Request) -> Response:
    form = await read_form(request)
    return await _submit_step(
        request, operations.CONFIRM_APP_ENROLLMENT, enroll_form, code=text(form, "code")
    )


async def recovery_form(request: Request, **values: Any) -> Response:
    return await _screen(request, "RecoveryCodeIssued", "pages/recovery.html", **values)


async def recovery_submit(request: Request) -> Response:
    form = await read_form(request)
    return await _submit_step(
        request,
        operations.ACKNOWLEDGE_RECOVERY_CODE,
        recovery_form,
        recorded=text(form, "recorded") == "yes",
    )
