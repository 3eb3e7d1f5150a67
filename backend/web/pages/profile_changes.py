"""Guarded profile change pages (S1): password, email, security question, and the step-up."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_, Text
from backend.services.accounts import SECURITY_QUESTIONS
from backend.services.factors import registry
from backend.web.documents import documents_beside
from backend.web.operation import Outcome, needs_session, run, run_signed_in
from backend.web.pages.forms import read_form, return_to, submit, text
from backend.web.pages.links import link_form, link_submit
from backend.web.pages.step_up_first import detour
from backend.web.render import go, page

DOCUMENTS = documents_beside(__file__)


@dataclass(frozen=True)
class Field:
    name: str
    label: Text
    kind: str
    autocomplete: str
    max_length: int = 200


@dataclass(frozen=True)
class ProfileChange:
    operation: str
    title: Text
    explanation: Text
    button: Text
    fields: tuple[Field, ...]
    variables: dict[str, str]  # GraphQL variable -> form field
    done_notice: str


GUARD_VARIABLES = {"current": "current_password", "answer": "security_answer"}
CHANGES = {
    "password": ProfileChange(
        "ChangePassword",
        N_("Change your password"),
        N_("Your other sessions and remembered devices will be signed out."),
        N_("Change password"),
        (Field("new_password", N_("New password"), "password", "new-password", 128),),
        {**GUARD_VARIABLES, "password": "new_password"},
        "password-changed",
    ),
    "email": ProfileChange(
        "ChangeEmail",
        N_("Change your email address"),
        N_(
            "We will send a link to the new address; it replaces the old one when you open it. "
            "Login codes then go to the new address."
        ),
        N_("Send confirmation link"),
        (Field("new_email", N_("New email address"), "email", "email", 254),),
        {**GUARD_VARIABLES, "email": "new_email"},
        "",
    ),
    "question": ProfileChange(
        "ChangeSecurityQuestion",
        N_("Change your security question"),
        N_("Pick a question only you can answer. Answers ignore case and spacing."),
        N_("Change question"),
        (
            Field("new_question", N_("New security question"), "text", "off"),
            Field("new_answer", N_("Answer"), "text", "off"),
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


@needs_session
async def change_form(
    request: Request,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    change = CHANGES.get(request.path_params["what"])
    if change is None:
        return page(request, "pages/error.html", status=404, title=N_("Not found"), message="")
    if request.method == "GET" and (elsewhere := await detour(request)):
        return elsewhere  # a refused submit re-renders what was typed instead
    signed_in = await run_signed_in(request, DOCUMENTS["SecurityQuestion"])
    return page(
        request,
        "pages/profile_change.html",
        status=status,
        change=change,
        me=signed_in.data["me"],
        questions=SECURITY_QUESTIONS,
        values=values or {},
        error=extra.get("error"),
        field=extra.get("field"),
        sent=extra.get("sent"),
    )


@needs_session
async def change_submit(request: Request) -> Response:
    """S1: a stale session is sent to the step-up first (needs_session)."""
    change = CHANGES.get(request.path_params["what"])
    form = await read_form(request)
    if change is None:
        return await change_form(request)
    variables = {name: text(form, field) for name, field in change.variables.items()}
    outcome = await run(request, DOCUMENTS[change.operation], **variables)
    if outcome.kind == "EmailChangeRequested":
        return await change_form(request, sent=outcome.message)
    if outcome.kind in ("PasswordChanged", "SecurityQuestionChanged"):
        return go(request, f"/profile?notice={change.done_notice}", outcome.carrier)
    kept = {f.name: text(form, f.name) for f in change.fields if f.kind != "password"}
    return await change_form(request, values=kept, **outcome.refusal)


def _next(source: Any) -> str:
    wanted = source.get("next", "")
    return wanted if wanted in STEP_UP_RETURNS else "/profile"


async def step_up_form(request: Request) -> Response:
    """S1: a GET sends nothing; the button asks for the code (an email goes out for email).

    I2: `return_to` is where the browser goes once the code is accepted (an application that
    wants a fresh second factor sends people here); signed out, it goes to login first."""
    wanted = return_to(request.query_params)
    reason = await run(request, DOCUMENTS["StepUpReason"])
    if reason.data["me"] is None:
        return go(request, f"/login?return_to={quote(wanted, safe='')}" if wanted else "/login")
    return _step_up_page(
        request,
        None,
        _next(request.query_params),
        reason=reason.data["me"]["stepUpReason"],
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
        **values,
    )


async def _code_screen(request: Request, outcome: Outcome, back: str, **extra: Any) -> Response:
    if outcome.kind != "CodeRequired":
        return _step_up_page(request, None, back, outcome.status, error=outcome.message)
    step = outcome.result
    if step["method"] == "PASSKEY":  # issue 19: a fresh request for the passkey button
        options = await run(request, DOCUMENTS["PasskeyStepUpOptions"], token=step["loginToken"])
        extra["passkey_options"] = options.result.get("optionsJson", "")
    return _step_up_page(request, step, back, **extra)


@needs_session
async def step_up_start(request: Request) -> Response:
    """The return-to (I2, else the profile page that asked) is kept with the step-up."""
    form = await read_form(request)
    wanted = return_to(form) or _next(form)
    started = await run(request, DOCUMENTS["StartStepUp"], returnTo=wanted)
    return await _code_screen(request, started, _next(form))


@needs_session
async def step_up_method(request: Request) -> Response:
    form = await read_form(request)
    method = text(form, "method")
    chosen = await run(
        request,
        DOCUMENTS["ChooseStepUpMethod"],
        token=text(form, "token"),
        method=method if method in {f.name for f in registry.FACTORS if f.for_step_up} else "EMAIL",
    )
    return await _code_screen(request, chosen, _next(form))


@needs_session
async def step_up_resend(request: Request) -> Response:
    form = await read_form(request)
    token = text(form, "token")
    resent = await run(request, DOCUMENTS["ResendStepUpCode"], token=token)
    if resent.kind == "ResendThrottled":
        # The code screen stays, saying how long is left (L4), as the countdown does.
        pending = await run(request, DOCUMENTS["PendingStepUp"], token=token)
        return await _code_screen(request, pending, _next(form), notice=resent.message)
    return await _code_screen(request, resent, _next(form), notice=N_("We sent you a new code."))


@needs_session
async def step_up_submit(request: Request) -> Response:
    form = await read_form(request)
    token, back = text(form, "token"), _next(form)
    outcome = await run(request, DOCUMENTS["VerifyStepUp"], token=token, code=text(form, "code"))
    if outcome.kind == "StepUpVerified":
        return go(request, outcome.result["returnTo"], outcome.carrier)
    if outcome.kind in ("InvalidCode", "CodeExpired", "InvalidInput"):
        pending = await run(request, DOCUMENTS["PendingStepUp"], token=token)
        return await _code_screen(request, pending, back, error=outcome.message)
    return await _code_screen(request, outcome, back)


async def confirm_email_form(request: Request) -> Response:
    return link_form(request, "pages/confirm_email.html")


async def confirm_email_submit(request: Request) -> Response:
    return await link_submit(
        request, DOCUMENTS["ConfirmEmailChange"], "pages/confirm_email.html", "EmailChanged"
    )


@needs_session
async def new_question_form(
    request: Request,
    *,
    status: int = 200,
    error: str | None = None,
    field: str | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    """S2: after support reset the question, a new one comes before anything else."""
    if request.method == "GET" and (elsewhere := await detour(request)):
        return elsewhere
    signed_in = await run_signed_in(request, DOCUMENTS["SecurityQuestion"])
    if not signed_in.data["me"]["securityQuestionReset"]:
        return go(request, "/profile")
    return page(
        request,
        "pages/new_question.html",
        status=status,
        questions=SECURITY_QUESTIONS,
        error=error,
        field=field,
        values=values or {},
    )


@needs_session
async def new_question_submit(request: Request) -> Response:
    """S1: a stale session is sent to the step-up first, and comes back here (needs_session)."""
    document = DOCUMENTS["SetNewSecurityQuestion"]
    question = {"question": "new_question", "newAnswer": "new_answer"}
    done = {"SecurityQuestionChanged": "/profile?notice=question-changed"}
    form = await read_form(request)
    typed = {name: text(form, name) for name in ("new_question", "new_answer")}
    retry = functools.partial(new_question_form, values=typed)  # issue 22 #5: keep what was typed
    return await submit(request, document, fields=question, done=done, retry=retry)
