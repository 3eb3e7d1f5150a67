"""Reading a posted form (CSRF first, then plain string fields) and posting it as a GraphQL
operation; the captcha every public form may show (R1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_
from backend.services.captcha import WAIT_TICKET_PREFIX
from backend.web import csrf
from backend.web.documents import documents_beside
from backend.web.operation import Handler, Outcome, run
from backend.web.render import go, page

DOCUMENTS = documents_beside(__file__)


class RefusedForm(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


async def read_form(request: Request) -> FormData:
    """The posted form, or RefusedForm with a 403 page when it did not come from our page."""
    form = await request.form()
    if not csrf.is_valid(request, form, request.app.state.deps.settings):
        raise RefusedForm(
            page(
                request,
                "pages/error.html",
                status=403,
                title=N_("Form expired"),
                message=N_("This form expired or came from another site. Please try again."),
            )
        )
    return form


def captcha_solution(form: FormData) -> str:
    """R1: what the ALTCHA widget (or reCAPTCHA) put into the form, else the wait ticket a
    form shown without JavaScript carries (issue 22 #4)."""
    return text(form, "altcha") or text(form, "g-recaptcha-response") or text(form, "captcha_wait")


async def captcha_fields(
    request: Request, action: str, email: str = "", solution: str = ""
) -> dict[str, Any]:
    """R1: whether the form shows the check, asked before it is refused (issue 22 #6), and
    the wait ticket that replaces it without JavaScript (#4; one pressed too early is kept)."""
    kept = solution if solution.startswith(WAIT_TICKET_PREFIX) else ""
    asked = await run(request, DOCUMENTS["Captcha"], action=action, email=email, waitTicket=kept)
    challenge = asked.data["captchaChallenge"]
    return {
        "captcha_needed": challenge["required"],
        "captcha_wait": challenge["waitTicket"],
        "captcha_wait_seconds": challenge["waitSeconds"],
    }


def kept_password(outcome: Outcome, form: FormData) -> str:
    """A captcha round is no mistake of the person's: the password they typed stays in the
    form (issue 22 #5); after any other refusal it is typed again."""
    return text(form, "password") if outcome.kind == "CaptchaRequired" else ""


def question_fields(form: FormData) -> dict[str, str]:
    """The security-question control's fields as typed (kept after a refusal, #5)."""
    return {name: text(form, name) for name in ("question", "custom_question", "answer")}


def chosen_question(values: Mapping[str, str]) -> str:
    """The picked question, or the person's own when they chose "Write my own"."""
    return values["custom_question"] if values["question"] == "custom" else values["question"]


def text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def return_to(fields: Mapping[str, object]) -> str:
    """I2: the `return_to` a page was opened with (query) or carried on (hidden field), as
    given; the GraphQL operation it is passed to decides whether it is honoured."""
    value = fields.get("return_to", "")
    return value if isinstance(value, str) else ""


async def submit(
    request: Request,
    document: str,
    *,
    fields: dict[str, str],
    done: dict[str, str],
    retry: Handler,
    **variables: Any,
) -> Response:
    """The usual form post: run `document` with the posted `fields` (GraphQL variable ->
    form field) and the given `variables`; a result kind in `done` goes on to its page
    (post/redirect/get, with the operation's cookies), any other shows the form again with
    the refusal. Signed out or stale sessions are `needs_session`'s business."""
    form = await read_form(request)
    variables |= {name: text(form, field) for name, field in fields.items()}
    outcome = await run(request, document, **variables)
    if outcome.kind in done:
        return go(request, done[outcome.kind], outcome.carrier)
    return await retry(request, **outcome.refusal)
