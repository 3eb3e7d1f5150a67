"""Reading a posted form: CSRF first, then plain string fields."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from backend.web import csrf
from backend.web.render import page


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
                title="Form expired",
                message="This form expired or came from another site. Please try again.",
            )
        )
    return form


def captcha_solution(form: FormData) -> str:
    """R1: what the ALTCHA widget (or reCAPTCHA) put into the form, if anything."""
    return text(form, "altcha") or text(form, "g-recaptcha-response")


def captcha_shown(result: dict[str, object], solution: str) -> bool:
    """Keep the captcha on the form once it was asked for or used."""
    return result["__typename"] == "CaptchaRequired" or bool(solution)


def kept_password(result: dict[str, object], form: FormData) -> str:
    """A captcha round is no mistake of the person's: the password they typed stays in the
    form (issue 22 #5); after any other refusal it is typed again."""
    return text(form, "password") if result["__typename"] == "CaptchaRequired" else ""


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
