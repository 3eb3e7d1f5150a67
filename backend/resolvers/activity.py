""" "This wasn't me" (SE2): the answer to a security email."""

from __future__ import annotations

from typing import Annotated

import strawberry

from backend.i18n import N_
from backend.schema.context import Context
from backend.schema.errors import InvalidLink
from backend.schema.types import AccountSecured
from backend.services import activity_reports

Info = strawberry.Info[Context, None]

SECURED = N_(
    "Done: every session of your account has ended and no device is remembered any more. "
    "We emailed you a link to choose a new password."
)

ReportActivityResult = Annotated[
    AccountSecured | InvalidLink, strawberry.union("ReportActivityResult")
]


async def report_unrecognised_activity(info: Info, token: str) -> ReportActivityResult:
    """SE2: end every session and remembered device, and email a password-reset link."""
    ctx = info.context
    await activity_reports.report(ctx.deps, token, ctx.client)
    ctx.forget_session()
    return AccountSecured(message=SECURED.translate(ctx.language))
