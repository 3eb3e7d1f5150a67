"""Guarded profile change pages (S1): password, email, security question, and the step-up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from backend.services.accounts import SECURITY_QUESTIONS
from backend.web import operations
from backend.web.pages.forms import read_form, return_to, text
from backend.web.pages.links import link_form, link_submit
from backend.web.pages.login import METHOD_NAMES
from backend.web.render import error_status, go, page, run


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str
    autocomplete: str
    max_length: int = 200


@dataclass(frozen=True)
class ProfileChange:
    document: str
    title: str
    explanation: str
    button: str
    fields: tuple[Field, ...]
    variables: dict[str, str]  # GraphQL variable -> form field
    done_notice: str


GUARD_VARIABLES = {"current": "current_password", "answer": "security_answer"}
CHANGES = {
    "password": ProfileChange(
        operations.CHANGE_PASSWORD,
        "Change your password",
        "Your other sessions and remembered devices will be signed out.",
        "Change password",
        (Field("new_password", "New password", "password", "new-password", 128),),
        {**GUARD_VARIABLES, "password": "new_password"},
        "password-changed",
    ),
    "email": ProfileChange(
        operations.CHANGE_EMAIL,
        "Change your email address",
        "We will send a link to the new address; it replaces the old one when you open it. "
        "Login codes then go to the new address.",
        "Send confirmation link",
        (Field("new_email", "New email address", "email", "email", 254),),
        {**GUARD_VARIABLES, "email": "new_email"},
        "",
    ),
    "question": ProfileChange(
        operations.CHANGE_SECURITY_QUESTION,
        "Change your security question",
        "Pick a question only you can answer. Answers ignore case and spacing.",
        "Change question",
        (
            Field("new_question", "New security question", "text", "off"),
            Field("new_answer", "Answer", "text", "off"),
        ),
        {**GUARD_VARIABLES, "question": "new_question", "newAnswer": "new_answer"},
        "question-changed",
    ),
}
# Where a finished step-up may send the browser back to (never an arbitrary URL).
# Pages that send a stale session to the step-up (S1) and get it back afterwards.
STEP_UP_RETURNS = {f"/profile/{name}" for name in CHANGES} | {
    "/profile/new-question",
    "/profile/factors/enable-app",
    "/profile/passkeys/new",
}


async def change_form(
    request: Request,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    change = CHANGES.get(request.path_params["what"])
    if change is None:
        return page(request, "pages/error.html", status=404, title="Not found", message="")
    data, _ = await run(request, operations.ME)
    if data.get("me") is None:
        return go(request, "/login")
    return page(
        request,
        "pages/profile_change.html",
        status=status,
        change=change,
        me=data["me"],
        questions=SECURITY_QUESTIONS,
        values=values or {},
        error=extra.get("error"),
        field=extra.get("field"),
        sent=extra.get("sent"),
    )


async def change_submit(request: Request) -> Response:
    change = CHANGES.get(request.path_params["what"])
    form = await read_form(request)
    if change is None:
        return await change_form(request)
    variables = {name: text(form, field) for name, field in change.variables.items()}
    data, carrier = await run(request, change.document, **variables)
    result = data["result"]
    kind = result["__typename"]
    kept = {f.name: text(form, f.name) for f in change.fields if f.kind != "password"}
    if kind == "EmailChangeRequested":
        return await change_form(request, sent=result["message"])
    if kind in ("PasswordChanged", "SecurityQuestionChanged"):
        return go(request, f"/profile?notice={change.done_notice}", carrier)
    if kind == "StepUpRequired":
        return go(request, f"/profile/verify?next={request.url.path}", carrier)
    if kind == "NotAuthenticated":
        return go(request, "/login", carrier)
    return await change_form(
        request,
        status=error_status(result),
        values=kept,
        error=result["message"],
        field=result.get("field"),
    )


def _next(source: Any) -> str:
    wanted = source.get("next", "")
    return wanted if wanted in STEP_UP_RETURNS else "/profile"


async def step_up_form(request: Request) -> Response:
    """S1: a GET sends nothing; the button asks for the code (an email goes out for email).

    I2: `return_to` is where the browser goes once the code is accepted (an application that
    wants a fresh second factor sends people here); signed out, it goes to login first."""
    wanted = return_to(request.query_params)
    data, _ = await run(request, operations.STEP_UP_REASON)
    if data.get("me") is None:
        return go(request, f"/login?return_to={quote(wanted, safe='')}" if wanted else "/login")
    return _step_up_page(
        request,
        None,
        _next(request.query_params),
        reason=data["me"]["stepUpReason"],
        return_to=wanted,
    )


def _step_up_page(
    request: Request, step: dict[str, Any] | None, back: str, status: int = 200, **extra: Any
) -> Response:
    values = {
        "error": None,
        "field": None,
        "notice": None,
        "reason": None,
        "return_to": "",
        **extra,
    }
    token = step["loginToken"] if step else ""
    return page(
        request,
        "pages/step_up.html",
        status=status,
        step=step,
        token=token,
        next=back,
        method_names=METHOD_NAMES,
        **values,
    )


async def _code_screen(
    request: Request, result: dict[str, Any], back: str, **extra: Any
) -> Response:
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    if result["__typename"] != "CodeRequired":
        return _step_up_page(request, None, back, error_status(result), error=result["message"])
    if result["method"] == "PASSKEY":  # issue 19: a fresh request for the passkey button
        options, _ = await run(
            request, operations.PASSKEY_STEP_UP_OPTIONS, token=result["loginToken"]
        )
        answer = options["result"]
        extra["passkey_options"] = answer.get("optionsJson", "")
    return _step_up_page(request, result, back, **extra)


async def step_up_start(request: Request) -> Response:
    """The return-to (I2, else the profile page that asked) is kept with the step-up."""
    form = await read_form(request)
    data, _ = await run(request, operations.START_STEP_UP, returnTo=return_to(form) or _next(form))
    return await _code_screen(request, data["result"], _next(form))


async def step_up_method(request: Request) -> Response:
    form = await read_form(request)
    method = text(form, "method")
    data, _ = await run(
        request,
        operations.CHOOSE_STEP_UP_METHOD,
        token=text(form, "token"),
        method=method if method in ("PASSKEY", "APP", "EMAIL") else "EMAIL",
    )
    return await _code_screen(request, data["result"], _next(form))


async def step_up_resend(request: Request) -> Response:
    form = await read_form(request)
    token = text(form, "token")
    data, _ = await run(request, operations.RESEND_STEP_UP_CODE, token=token)
    if data["result"]["__typename"] == "ResendThrottled":
        # The code screen stays, saying how long is left (L4), as the countdown does.
        described, _ = await run(request, operations.PENDING_STEP_UP, token=token)
        return await _code_screen(
            request, described["result"], _next(form), notice=data["result"]["message"]
        )
    return await _code_screen(
        request, data["result"], _next(form), notice="We sent you a new code."
    )


async def step_up_submit(request: Request) -> Response:
    form = await read_form(request)
    token, back = text(form, "token"), _next(form)
    data, carrier = await run(
        request, operations.VERIFY_STEP_UP, token=token, code=text(form, "code")
    )
    result = data["result"]
    if result["__typename"] == "StepUpVerified":
        return go(request, result["returnTo"], carrier)
    if result["__typename"] in ("InvalidCode", "CodeExpired", "InvalidInput"):
        described, _ = await run(request, operations.PENDING_STEP_UP, token=token)
        return await _code_screen(request, described["result"], back, error=result["message"])
    return await _code_screen(request, result, back)


async def confirm_email_form(request: Request) -> Response:
    return link_form(request, "pages/confirm_email.html")


async def confirm_email_submit(request: Request) -> Response:
    return await link_submit(
        request, operations.CONFIRM_EMAIL_CHANGE, "pages/confirm_email.html", "EmailChanged"
    )


async def new_question_form(
    request: Request, *, status: int = 200, error: str | None = None, field: str | None = None
) -> Response:
    """S2: after support reset the question, a new one comes before anything else."""
    data, _ = await run(request, operations.ME)
    me = data.get("me")
    if me is None:
        return go(request, "/login")
    if not me["securityQuestionReset"]:
        return go(request, "/profile")
    return page(
        request,
        "pages/new_question.html",
        status=status,
        questions=SECURITY_QUESTIONS,
        error=error,
        field=field,
    )


async def new_question_submit(request: Request) -> Response:
    form = await read_form(request)
    data, carrier = await run(
        request,
        operations.SET_NEW_SECURITY_QUESTION,
        question=text(form, "new_question"),
        newAnswer=text(form, "new_answer"),
    )
    result = data["result"]
    kind = result["__typename"]
    if kind == "SecurityQuestionChanged":
        return go(request, "/profile?notice=question-changed", carrier)
    if kind == "StepUpRequired":
        return go(request, "/profile/verify?next=/profile/new-question", carrier)
    if kind == "NotAuthenticated":
        return go(request, "/login", carrier)
    return await new_question_form(
        request, status=error_status(result), error=result["message"], field=result.get("field")
    )
