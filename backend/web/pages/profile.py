"""The profile page (M1), its factor actions (M2, M3, M4), and logout (SE1)."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backend.i18n import N_, Text
from backend.web import cookies
from backend.web.documents import documents_beside
from backend.web.language import remember_choice
from backend.web.operation import needs_session, run, run_signed_in
from backend.web.pages.forms import read_form, submit, text
from backend.web.pages.step_up_first import detour
from backend.web.render import go, page

DOCUMENTS = documents_beside(__file__)


@dataclass(frozen=True)
class FactorAction:
    document: str
    title: Text
    explanation: Text
    button: Text
    variables: dict[str, str] = field(default_factory=dict)
    fresh_code: bool = False  # S1: a new factor needs a recent code; asked before the form


FACTOR_ACTIONS = {
    "enable-app": FactorAction(
        DOCUMENTS["EnableAuthenticatorApp"],
        N_("Enable authenticator app"),
        N_(
            "Enter your current password. You will be logged out; at your next login, after your "
            "usual code, you will scan a QR code with your authenticator app."
        ),
        N_("Log out and set up"),
        fresh_code=True,
    ),
    "disable-app": FactorAction(
        DOCUMENTS["DisableFactor"],
        N_("Disable authenticator app"),
        N_(
            "Codes from your app will stop working, even if you turn the app on again later. "
            "Remember to delete the entry from your authenticator app."
        ),
        N_("Disable"),
        {"factor": "APP"},
    ),
    "disable-email": FactorAction(
        DOCUMENTS["DisableFactor"],
        N_("Disable email codes"),
        N_("You will no longer be able to receive login codes by email."),
        N_("Disable"),
        {"factor": "EMAIL"},
    ),
    "enable-email": FactorAction(
        DOCUMENTS["EnableEmailFactor"],
        N_("Enable email codes"),
        N_("Login codes can then also be sent to your email address."),
        N_("Enable"),
    ),
}
# Where a factor action goes once done: enabling the app signs out (M2).
FACTOR_DONE = {"AppEnrollmentScheduled": "/login?notice=enroll", "FactorsChanged": "/profile"}
PROFILE_NOTICES = {
    "password-changed": N_(
        "Your password was changed. Your other sessions and remembered devices were signed out."
    ),
    "question-changed": N_("Your security question was changed."),
    "passkey-added": N_("Your passkey was added. It will be asked first at your next login."),
    "passkey-removed": N_("The passkey was removed."),
    "language": N_("Language saved."),
}


async def home(request: Request) -> Response:
    signed_in = await run(request, DOCUMENTS["SignedIn"])
    return go(request, "/profile" if signed_in.data["me"] else "/login")


def _signed_out(request: Request) -> Response:
    """To the login; a browser still holding a session that ended is told why (SE1, #16)."""
    settings = request.app.state.deps.settings
    if not request.cookies.get(cookies.session_name(settings)):
        return go(request, "/login")
    response = go(request, "/login?notice=session-ended")
    cookies.delete_cookie(response, settings, cookies.SESSION)
    return response


async def profile(request: Request) -> Response:
    outcome = await run(request, DOCUMENTS["Profile"])
    me = outcome.data["me"]
    if me is None:
        return _signed_out(request)
    if me["securityQuestionReset"]:
        return go(request, "/profile/new-question")
    notice = PROFILE_NOTICES.get(request.query_params.get("notice", ""))
    return page(request, "pages/profile.html", me=me, notice=notice)


@needs_session
async def _session_action(request: Request, operation: str, **variables: str) -> Response:
    """End a session, all the others, forget a device or disconnect an app; then show the
    profile again."""
    await read_form(request)
    outcome = await run(request, DOCUMENTS[operation], **variables)
    return go(request, "/profile", outcome.carrier)


async def end_session_submit(request: Request) -> Response:
    return await _session_action(request, "RevokeSession", id=request.path_params["session_id"])


async def end_other_sessions_submit(request: Request) -> Response:
    return await _session_action(request, "SignOutEverywhereElse")


async def forget_device_submit(request: Request) -> Response:
    return await _session_action(
        request, "ForgetRememberedDevice", id=request.path_params["device_id"]
    )


async def disconnect_app_submit(request: Request) -> Response:
    return await _session_action(
        request, "DisconnectApp", clientId=request.path_params["client_id"]
    )


@needs_session
async def factor_form(
    request: Request, *, status: int = 200, error: str | None = None, field: str | None = None
) -> Response:
    action = FACTOR_ACTIONS.get(request.path_params["action"])
    if action is None:
        return page(request, "pages/error.html", status=404, title=N_("Not found"), message="")
    if action.fresh_code and request.method == "GET" and (elsewhere := await detour(request)):
        return elsewhere
    await run_signed_in(request, DOCUMENTS["SignedIn"])
    return page(request, "pages/factor_action.html", status=status, action=action, error=error)


@needs_session
async def factor_submit(request: Request) -> Response:
    """S1: a new factor needs a fresh code first (needs_session sends it to the step-up)."""
    action = FACTOR_ACTIONS.get(request.path_params["action"])
    if action is None:
        await read_form(request)
        return await factor_form(request)
    password = {"password": "password"}
    return await submit(
        request,
        action.document,
        fields=password,
        done=FACTOR_DONE,
        retry=factor_form,
        **action.variables,
    )


@needs_session
async def logout_submit(request: Request) -> Response:
    await read_form(request)
    outcome = await run(request, DOCUMENTS["Logout"])
    return go(request, "/login", outcome.carrier)


async def language_submit(request: Request) -> Response:
    """X1: the language picked on the profile is stored on the account (emails use it) and
    kept on this browser, which then shows the profile again, whole, in that language."""
    form = await read_form(request)
    outcome = await run(request, DOCUMENTS["SetLanguage"], language=text(form, "language"))
    if outcome.kind == "NotAuthenticated":
        return go(request, "/login")
    response = RedirectResponse("/profile?notice=language", status_code=303)
    if outcome.kind == "Me":
        remember_choice(request, response, outcome.result["language"])
    return response
