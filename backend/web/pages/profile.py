"""The profile page (M1), its factor actions (M2, M3, M4), and logout (SE1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

from backend.web import cookies, operations
from backend.web.pages.forms import read_form, text
from backend.web.render import go, page, run


@dataclass(frozen=True)
class FactorAction:
    document: str
    title: str
    explanation: str
    button: str
    variables: dict[str, str] = field(default_factory=dict)


FACTOR_ACTIONS = {
    "enable-app": FactorAction(
        operations.ENABLE_AUTHENTICATOR_APP,
        "Enable authenticator app",
        "Enter your current password. You will be logged out; at your next login, after your "
        "usual code, you will scan a QR code with your authenticator app.",
        "Log out and set up",
    ),
    "disable-app": FactorAction(
        operations.DISABLE_FACTOR,
        "Disable authenticator app",
        "Codes from your app will stop working, even if you turn the app on again later. "
        "Remember to delete the entry from your authenticator app.",
        "Disable",
        {"factor": "APP"},
    ),
    "disable-email": FactorAction(
        operations.DISABLE_FACTOR,
        "Disable email codes",
        "You will no longer be able to receive login codes by email.",
        "Disable",
        {"factor": "EMAIL"},
    ),
    "enable-email": FactorAction(
        operations.ENABLE_EMAIL_FACTOR,
        "Enable email codes",
        "Login codes can then also be sent to your email address.",
        "Enable",
    ),
}
NOTICES = {
    "enroll": "You are logged out. Log in again to set up your authenticator app.",
    "reset": "Your password was changed. Log in with the new one.",
    "invited": "Your login is ready. Log in with your email and new password.",
    "session-ended": "You were signed out: your session ended (after a while without "
    "activity, or from another device). Log in again to continue.",
}
PROFILE_NOTICES = {
    "password-changed": "Your password was changed. Your other sessions and remembered devices "
    "were signed out.",
    "question-changed": "Your security question was changed.",
    "passkey-added": "Your passkey was added. It will be asked first at your next login.",
    "passkey-removed": "The passkey was removed.",
}


async def home(request: Request) -> Response:
    data, _ = await run(request, operations.ME)
    return go(request, "/profile" if data.get("me") else "/login")


def _signed_out(request: Request) -> Response:
    """To the login; a browser still holding a session that ended is told why (SE1, #16)."""
    settings = request.app.state.deps.settings
    if not request.cookies.get(cookies.session_name(settings)):
        return go(request, "/login")
    response = go(request, "/login?notice=session-ended")
    cookies.delete_cookie(response, settings, cookies.SESSION)
    return response


async def profile(request: Request) -> Response:
    data, _ = await run(request, operations.PROFILE)
    if data.get("me") is None:
        return _signed_out(request)
    if data["me"]["securityQuestionReset"]:
        return go(request, "/profile/new-question")
    notice = PROFILE_NOTICES.get(request.query_params.get("notice", ""))
    return page(request, "pages/profile.html", me=data["me"], notice=notice)


async def _session_action(request: Request, document: str, **variables: str) -> Response:
    """End a session, all the others, forget a device or disconnect an app; then show the
    profile again."""
    await read_form(request)
    _, carrier = await run(request, document, **variables)
    return go(request, "/profile", carrier)


async def end_session_submit(request: Request) -> Response:
    return await _session_action(
        request, operations.REVOKE_SESSION, id=request.path_params["session_id"]
    )


async def end_other_sessions_submit(request: Request) -> Response:
    return await _session_action(request, operations.SIGN_OUT_EVERYWHERE_ELSE)


async def forget_device_submit(request: Request) -> Response:
    return await _session_action(
        request, operations.FORGET_REMEMBERED_DEVICE, id=request.path_params["device_id"]
    )


async def disconnect_app_submit(request: Request) -> Response:
    return await _session_action(
        request, operations.DISCONNECT_APP, clientId=request.path_params["client_id"]
    )


async def factor_form(request: Request, *, status: int = 200, error: str | None = None) -> Response:
    action = FACTOR_ACTIONS.get(request.path_params["action"])
    if action is None:
        return page(request, "pages/error.html", status=404, title="Not found", message="")
    data, _ = await run(request, operations.ME)
    if data.get("me") is None:
        return go(request, "/login")
    return page(request, "pages/factor_action.html", status=status, action=action, error=error)


async def factor_submit(request: Request) -> Response:
    action = FACTOR_ACTIONS.get(request.path_params["action"])
    form = await read_form(request)
    if action is None:
        return await factor_form(request)
    data, carrier = await run(
        request, action.document, password=text(form, "password"), **action.variables
    )
    kind = data["result"]["__typename"]
    if kind == "AppEnrollmentScheduled":
        return go(request, "/login?notice=enroll", carrier)
    if kind == "FactorsChanged":
        return go(request, "/profile", carrier)
    if kind == "NotAuthenticated":
        return go(request, "/login", carrier)
    if kind == "StepUpRequired":  # S1: a new factor needs a fresh code first
        return go(request, f"/profile/verify?next={request.url.path}", carrier)
    return await factor_form(request, status=400, error=data["result"]["message"])


async def logout_submit(request: Request) -> Response:
    await read_form(request)
    _, carrier = await run(request, operations.LOGOUT)
    return go(request, "/login", carrier)
