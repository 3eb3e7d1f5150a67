"""The sign-up page (A1)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web.documents import documents_beside
from backend.web.operation import run
from backend.web.pages.forms import (
    captcha_fields,
    captcha_solution,
    chosen_question,
    kept_password,
    question_fields,
    read_form,
    return_to,
    text,
)
from backend.web.pages.login import to_code_page
from backend.web.render import page

DOCUMENTS = documents_beside(__file__)


async def signup_form(request: Request) -> Response:
    questions = await run(request, DOCUMENTS["SecurityQuestions"])
    return page(
        request,
        "pages/signup.html",
        questions=questions.data["securityQuestions"],
        values={},
        error=None,
        field=None,
        return_to=return_to(request.query_params),
        **await captcha_fields(request, "SIGN_UP"),
    )


async def signup_submit(request: Request) -> Response:
    form = await read_form(request)
    values = {"email": text(form, "email"), **question_fields(form)}
    solution = captcha_solution(form)
    outcome = await run(
        request,
        DOCUMENTS["SignUp"],
        captcha=solution,
        email=values["email"],
        password=text(form, "password"),
        question=chosen_question(values),
        answer=values["answer"],
        returnTo=return_to(form),
    )
    if outcome.kind == "CodeRequired":
        return to_code_page(request, outcome.result["loginToken"])
    questions = await run(request, DOCUMENTS["SecurityQuestions"])
    return page(
        request,
        "pages/signup.html",
        **outcome.refusal,
        questions=questions.data["securityQuestions"],
        values=values,
        password=kept_password(outcome, form),
        return_to=return_to(form),
        **await captcha_fields(request, "SIGN_UP", solution=solution),
    )
