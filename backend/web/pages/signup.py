"""The sign-up page (A1)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web import operations
from backend.web.pages.forms import (
    captcha_shown,
    captcha_solution,
    chosen_question,
    question_fields,
    read_form,
    return_to,
    text,
)
from backend.web.pages.login import to_code_page
from backend.web.render import error_status, page, run


async def signup_form(request: Request) -> Response:
    data, _ = await run(request, operations.SECURITY_QUESTIONS)
    return page(
        request,
        "pages/signup.html",
        questions=data["securityQuestions"],
        values={},
        error=None,
        field=None,
        return_to=return_to(request.query_params),
    )


async def signup_submit(request: Request) -> Response:
    form = await read_form(request)
    values = {"email": text(form, "email"), **question_fields(form)}
    solution = captcha_solution(form)
    data, _ = await run(
        request,
        operations.SIGN_UP,
        captcha=solution,
        email=values["email"],
        password=text(form, "password"),
        question=chosen_question(values),
        answer=values["answer"],
        returnTo=return_to(form),
    )
    result = data["result"]
    if result["__typename"] == "CodeRequired":
        return to_code_page(request, result["loginToken"])
    questions, _ = await run(request, operations.SECURITY_QUESTIONS)
    return page(
        request,
        "pages/signup.html",
        status=error_status(result),
        questions=questions["securityQuestions"],
        values=values,
        error=result["message"],
        field=result.get("field"),
        captcha_needed=captcha_shown(result, solution),
        return_to=return_to(form),
    )
