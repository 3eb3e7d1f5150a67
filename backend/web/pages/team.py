"""The Team page (T1, T2, T3) and the invitation page a new member opens from the email."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from backend.services.accounts import SECURITY_QUESTIONS
from backend.web import operations
from backend.web.pages.forms import chosen_question, question_fields, read_form, return_to, text
from backend.web.render import error_status, go, page, run

ROLES = {"MEMBER": "Member", "ADMIN": "Admin"}
DONE = {
    "resend": "A new invitation link was sent.",
    "revoke": "The invitation was withdrawn.",
    "deactivate": "The member is deactivated and signed out everywhere.",
    "reactivate": "The member can log in again with the same password.",
    "remove": "The member was removed.",
}


def _member_id(request: Request) -> str:
    return str(request.path_params["member_id"])


async def team_page(request: Request, *, status: int = 200, **values: Any) -> Response:
    data, _ = await run(request, operations.TEAM)
    result = data["result"]
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    if result["__typename"] == "Forbidden":
        return page(
            request, "pages/error.html", status=403, title="Team", message=result["message"]
        )
    defaults: dict[str, Any] = {"notice": None, "error": None, "field": None, "invite": {}}
    return page(
        request,
        "pages/team.html",
        status=status,
        team=result,
        roles=ROLES,
        **{**defaults, **values},
    )


async def _after(request: Request, result: dict[str, Any], notice: str) -> Response:
    kind = result["__typename"]
    if kind == "NotAuthenticated":
        return go(request, "/login")
    if kind in ("TeamMemberChanged", "TeamMemberRemoved"):
        return await team_page(request, notice=notice)
    status = 403 if kind == "Forbidden" else error_status(result)
    return await team_page(request, status=status, error=result["message"])


async def invite_submit(request: Request) -> Response:
    form = await read_form(request)
    invite = {name: text(form, name) for name in ("name", "email", "role")}
    role = invite["role"] if invite["role"] in ROLES else "MEMBER"
    data, _ = await run(
        request,
        operations.INVITE_TEAM_MEMBER,
        name=invite["name"],
        email=invite["email"],
        role=role,
    )
    result = data["result"]
    if result["__typename"] == "TeamMemberChanged":
        sent = f"Invitation sent to {result['member']['email']}."
        return await team_page(request, notice=sent)
    if result["__typename"] in ("InvalidInput",):
        return await team_page(
            request, status=400, error=result["message"], field=result["field"], invite=invite
        )
    return await _after(request, result, "")


async def member_action_submit(request: Request) -> Response:
    await read_form(request)
    action = request.path_params["action"]
    document = operations.TEAM_MEMBER_ACTIONS.get(action)
    if document is None:
        return page(request, "pages/error.html", status=404, title="Not found", message="")
    data, _ = await run(request, document, id=_member_id(request))
    return await _after(request, data["result"], DONE[action])


async def role_submit(request: Request) -> Response:
    form = await read_form(request)
    role = text(form, "role") if text(form, "role") in ROLES else "MEMBER"
    data, _ = await run(
        request, operations.CHANGE_TEAM_MEMBER_ROLE, id=_member_id(request), role=role
    )
    return await _after(request, data["result"], f"The role is now {ROLES[role].lower()}.")


async def reset_app_form(
    request: Request, *, status: int = 200, error: str | None = None
) -> Response:
    data, _ = await run(request, operations.TEAM)
    result = data["result"]
    if result["__typename"] != "Team":
        return await team_page(request)
    member = next((m for m in result["members"] if m["id"] == _member_id(request)), None)
    if member is None:
        return page(request, "pages/error.html", status=404, title="Not found", message="")
    return page(request, "pages/team_reset_app.html", status=status, member=member, error=error)


async def reset_app_submit(request: Request) -> Response:
    form = await read_form(request)
    data, _ = await run(
        request,
        operations.RESET_TEAM_MEMBER_APP,
        id=_member_id(request),
        password=text(form, "password"),
    )
    result = data["result"]
    if result["__typename"] == "TeamMemberChanged":
        return go(request, "/team")
    if result["__typename"] == "NotAuthenticated":
        return go(request, "/login")
    return await reset_app_form(request, status=error_status(result), error=result["message"])


async def invitation_form(
    request: Request, *, token: str | None = None, status: int = 200, **values: Any
) -> Response:
    token = token if token is not None else request.query_params.get("token", "")
    data, _ = await run(request, operations.INVITATION, token=token)
    invitation = data["result"]
    if invitation["__typename"] != "Invitation":
        return page(request, "pages/reset_invalid.html", status=410, message=invitation["message"])
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
        invitation=invitation,
        questions=SECURITY_QUESTIONS,
        **{**defaults, **values},
    )


async def invitation_submit(request: Request) -> Response:
    form = await read_form(request)
    token = text(form, "token")
    values = question_fields(form)
    data, _ = await run(
        request,
        operations.ACCEPT_INVITATION,
        token=token,
        password=text(form, "password"),
        question=chosen_question(values),
        answer=values["answer"],
        returnTo=return_to(form),
    )
    result = data["result"]
    if result["__typename"] == "InvitationAccepted":
        # I2: the login that follows carries the checked return-to on.
        # T1: the login form is filled in with the member's address.
        email, back = (quote(result[name], safe="") for name in ("email", "returnTo"))
        return go(request, f"/login?notice=invited&email={email}&return_to={back}")
    return await invitation_form(
        request,
        token=token,
        status=error_status(result),
        error=result["message"],
        field=result.get("field"),
        values=values,
        return_to=return_to(form),
    )
