"""Sign-up, login and code-entry pages (A1, L1, L3, L4, L8)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from backend.web import cookies, operations
from backend.web.pages.forms import read_form, text
from backend.web.render import go, page, run

LOGIN_COOKIE_SECONDS = 15 * 60


async def _signed_in(request: Request) -> bool:
    data, _ = await run(request, operations.ME)
    return data.get("me") is not None


def _login_token(request: Request) -> str:
    return request.cookies.get(cookies.login_name(request.app.state.deps.settings), "")


def _to_code_page(request: Request, login_token: str) -> Response:
    response = go(request, "/login/code")
    cookies.set_cookie(
        response,
        request.app.state.deps.settings,
        cookies.LOGIN_ATTEMPT,
        login_token,
        max_age=LOGIN_COOKIE_SECONDS,
    )
    return response


async def login_form(request: Request) -> Response:
    if await _signed_in(request):
        return go(request, "/profile")
    return page(request, "pages/login.html", email="", error=None, field=None)


async def login_submit(request: Request) -> Response:
    form = await read_form(request)
    email = text(form, "email")
    data, _ = await run(request, operations.LOGIN, email=email, password=text(form, "password"))
    result = data["result"]
    if result["__typename"] == "CodeRequired":
        return _to_code_page(request, result["loginToken"])
    return page(
        request,
        "pages/login.html",
        status=400,
        email=email,
        error=result["message"],
        field=result.get("field"),
    )


async def signup_form(request: Request) -> Response:
    data, _ = await run(request, operations.SECURITY_QUESTIONS)
    return page(
        request,
        "pages/signup.html",
        questions=data["securityQuestions"],
        values={},
        error=None,
        field=None,
    )


async def signup_submit(request: Request) -> Response:
    form = await read_form(request)
    chosen = text(form, "question")
    question = text(form, "custom_question") if chosen == "custom" else chosen
    values = {"email": text(form, "email"), "question": chosen}
    values["custom_question"] = text(form, "custom_question")
    data, _ = await run(
        request,
        operations.SIGN_UP,
        email=values["email"],
        password=text(form, "password"),
        question=question,
        answer=text(form, "answer"),
    )
    result = data["result"]
    if result["__typename"] == "CodeRequired":
        return _to_code_page(request, result["loginToken"])
    questions, _ = await run(request, operations.SECURITY_QUESTIONS)
    return page(
        request,
        "pages/signup.html",
        status=400,
        questions=questions["securityQuestions"],
        values=values,
        error=result["message"],
        field=result.get("field"),
    )


async def _code_page(
    request: Request, *, status: int = 200, error: str | None = None, notice: str | None = None
) -> Response:
    data, _ = await run(request, operations.PENDING_LOGIN, token=_login_token(request))
    result = data["result"]
    if result["__typename"] != "CodeRequired":
        return page(request, "pages/login_expired.html", status=410, message=result["message"])
    return page(
        request, "pages/code.html", status=status, challenge=result, error=error, notice=notice
    )


async def code_form(request: Request) -> Response:
    return await _code_page(request)


async def code_submit(request: Request) -> Response:
    form = await read_form(request)
    data, carrier = await run(
        request, operations.VERIFY_LOGIN_CODE, token=_login_token(request), code=text(form, "code")
    )
    result = data["result"]
    if result["__typename"] == "LoginSuccess":
        return go(request, "/profile", carrier)
    if result["__typename"] in ("LoginExpired", "TooManyAttempts"):
        response = page(request, "pages/login_expired.html", status=410, message=result["message"])
        cookies.delete_cookie(response, request.app.state.deps.settings, cookies.LOGIN_ATTEMPT)
        return response
    return await _code_page(request, status=400, error=result["message"])


async def resend_submit(request: Request) -> Response:
    await read_form(request)
    data, _ = await run(request, operations.RESEND_LOGIN_CODE, token=_login_token(request))
    result = data["result"]
    if result["__typename"] == "CodeRequired":
        return await _code_page(request, notice="We sent you a new code.")
    status = 429 if result["__typename"] == "ResendThrottled" else 400
    return await _code_page(request, status=status, error=result["message"])
