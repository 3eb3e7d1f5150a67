"""The Team page (T1, T2, T3) and the invitation page a new member opens from the email."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from backend.i18n import N_, Text
from backend.services.accounts import SECURITY_QUESTIONS
from backend.web.documents import documents_beside
from backend.web.operation import Outcome, needs_session, run
from backend.web.pages.forms import (
    chosen_question,
    question_fields,
    read_form,
    return_to,
    submit,
    text,
)
from backend.web.render import go, page

DOCUMENTS = documents_beside(__file__)

ROLES = {"MEMBER": N_("Member"), "ADMIN": N_("Admin")}
ROLE_IN_SENTENCE = {"MEMBER": N_("member"), "ADMIN": N_("admin")}
DONE = {
    "resend": N_("A new invitation link was sent."),
    "revoke": N_("The invitation was withdrawn."),
    "deactivate": N_("The member is deactivated and signed out everywhere."),
    "reactivate": N_("The member can log in again with the same password."),
    "remove": N_("The member was removed."),
}
# The operation behind each button of a member's row.
MEMBER_ACTIONS = {
    "resend": "ResendInvitation",
    "revoke": "RevokeInvitation",
    "deactivate": "DeactivateTeamMember",
    "reactivate": "ReactivateTeamMember",
    "remove": "RemoveTeamMember",
}


def _member_id(request: Request) -> str:
    return str(request.path_params["member_id"])


@needs_session
async def team_page(request: Request, *, status: int = 200, **values: Any) -> Response:
    team = await run(request, DOCUMENTS["Team"])
    if team.kind == "Forbidden":
        return page(request, "pages/error.html", status=403, title=N_("Team"), message=team.message)
    defaults: dict[str, Any] = {"notice": None, "error": None, "field": None, "invite": {}}
    return page(
        request,
        "pages/team.html",
        status=status,
        team=team.result,
        roles=ROLES,
        **{**defaults, **values},
    )


async def _after(request: Request, outcome: Outcome, notice: Text | None) -> Response:
    if outcome.kind in ("TeamMemberChanged", "TeamMemberRemoved"):
        return await team_page(request, notice=notice)
    status = 403 if outcome.kind == "Forbidden" else outcome.status
    return await team_page(request, status=status, error=outcome.message)


@needs_session
async def invite_submit(request: Request) -> Response:
    form = await read_form(request)
    invite = {name: text(form, name) for name in ("name", "email", "role")}
    role = invite["role"] if invite["role"] in ROLES else "MEMBER"
    outcome = await run(
        request,
        DOCUMENTS["InviteTeamMember"],
        name=invite["name"],
        email=invite["email"],
        role=role,
    )
    if outcome.kind == "TeamMemberChanged":
        sent = N_("Invitation sent to %(email)s.", email=outcome.result["member"]["email"])
        return await team_page(request, notice=sent)
    if outcome.kind == "InvalidInput":
        return await team_page(request, **outcome.refusal, invite=invite)
    return await _after(request, outcome, None)


@needs_session
async def member_action_submit(request: Request) -> Response:
    await read_form(request)
    action = request.path_params["action"]
    operation = MEMBER_ACTIONS.get(action)
    if operation is None:
        return page(request, "pages/error.html", status=404, title=N_("Not found"), message="")
    outcome = await run(request, DOCUMENTS[operation], id=_member_id(request))
    return await _after(request, outcome, DONE[action])


@needs_session
async def role_submit(request: Request) -> Response:
    form = await read_form(request)
    role = text(form, "role") if text(form, "role") in ROLES else "MEMBER"
    outcome = await run(
        request, DOCUMENTS["ChangeTeamMemberRole"], id=_member_id(request), role=role
    )
    return await _after(
        request, outcome, N_("The role is now %(role)s.", role=ROLE_IN_SENTENCE[role])
    )


@needs_session
async def reset_app_form(
    request: Request, *, status: int = 200, error: str | None = None, field: str | None = None
) -> Response:
    team = await run(request, DOCUMENTS["Team"])
    if team.kind != "Team":
        return await team_page(request)
    member = next((m for m in team.result["members"] if m["id"] == _member_id(request)), None)
    if member is None:
        return page(request, "pages/error.html", status=404, title=N_("Not found"), message="")
    return page(request, "pages/team_reset_app.html", status=status, member=member, error=error)


@needs_session
async def reset_app_submit(request: Request) -> Response:
    document, done = DOCUMENTS["ResetTeamMemberApp"], {"TeamMemberChanged": "/team"}
    password = {"password": "password"}
    return await submit(
        request, document, fields=password, done=done, retry=reset_app_form, id=_member_id(request)
    )


async def invitation_form(
    request: Request, *, token: str | None = None, status: int = 200, **values: Any
) -> Response:
    token = token if token is not None else request.query_params.get("token", "")
    invitation = await run(request, DOCUMENTS["Invitation"], token=token)
    if invitation.kind != "Invitation":
        return page(request, "pages/reset_invalid.html", status=410, message=invitation.message)
    defaults: dict[str, Any] = {
        "error": None,
        "field": None,
        "values": {},
        "return_to": return_to(request.query_params),
    }
    return page(
        request,
        "pages/invitation.html",
        status=status,
        token=token,
        invitation=invitation.result,
        questions=SECURITY_QUESTIONS,
        **{**defaults, **values},
    )


async def invitation_submit(request: Request) -> Response:
    form = await read_form(request)
    token = text(form, "token")
    values = question_fields(form)
    outcome = await run(
        request,
        DOCUMENTS["AcceptInvitation"],
        token=token,
        password=text(form, "password"),
        question=chosen_question(values),
        answer=values["answer"],
        returnTo=return_to(form),
    )
    if outcome.kind == "InvitationAccepted":
        # I2: the login that follows carries the checked return-to on.
        # T1: the login form is filled in with the member's address.
        email, back = (quote(outcome.result[name], safe="") for name in ("email", "returnTo"))
        return go(request, f"/login?notice=invited&email={email}&return_to={back}")
    return await invitation_form(
        request,
        token=token,
        **outcome.refusal,
        values=values,
        return_to=return_to(form),
    )
