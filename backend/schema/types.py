"""GraphQL success types."""

from __future__ import annotations

from datetime import datetime

import strawberry

from backend.errors import InvalidInput, LastFactor
from backend.i18n import N_
from backend.models import Factor, Role, User
from backend.resolvers import ids
from backend.schema.activity import ActivityConnection
from backend.schema.applications import Application
from backend.schema.context import Context
from backend.schema.team import TeamAccount
from backend.services import (
    activity,
    oauth_clients,
    oidc_grants,
    passkeys,
    sessions,
    trusted_devices,
)
from backend.services.factors import (
    authenticator_app,
    email_code,
    passkey,
    recovery_code,
    registry,
)
from backend.services.factors.base import Holdings
from backend.services.factors.profile import only_one_factor
from backend.services.login import freshness
from backend.services.login.screens import (
    CodeChallenge,
    EnrollmentChallenge,
    LoginStep,
    RecoveryCodeShown,
)
from backend.services.tokens import hash_token
from backend.services.user_agents import describe

# The model enum itself becomes the GraphQL enum (strawberry.enum returns the same class).
strawberry.enum(Factor, name="SecondFactor")


@strawberry.type(description="Step 2 is pending: send the code with `loginToken`.")
class CodeRequired:
    login_token: str = strawberry.field(description="Opaque; valid 15 minutes.")
    method: Factor
    destination: str | None = strawberry.field(
        description="Where the code was sent (masked email); null for the app or recovery code."
    )
    other_methods: list[Factor] = strawberry.field(
        description='"Try another method": pass one to chooseLoginMethod.'
    )
    expires_at: datetime
    email_delayed: bool = strawberry.field(
        default=False,
        description="O4: our mail is failing to leave; the code may arrive late. "
        "Suggest another method.",
    )
    resend_after_seconds: int = strawberry.field(
        default=0,
        description="L4: seconds until resendLoginCode can send another code (0: now).",
    )


@strawberry.type(
    description="Add the account to an authenticator app, then confirmAppEnrollment with a code."
)
class AppEnrollmentRequired:
    login_token: str
    otpauth_uri: str
    setup_key: str = strawberry.field(description='"Trouble scanning?": type this key instead.')
    qr_code_svg: str = strawberry.field(description="The QR code as an SVG data: URI.")
    expires_at: datetime


@strawberry.type(description="Shown once: record it, then acknowledgeRecoveryCode(recorded: true).")
class RecoveryCodeIssued:
    login_token: str
    recovery_code: str
    expires_at: datetime


@strawberry.type(description="PK1: a registered passkey (its public key stays on the server).")
class PasskeyInfo:
    id: strawberry.ID
    name: str
    created_at: datetime
    last_used_at: datetime | None
    discoverable: bool = strawberry.field(
        description="PK3: signs in without a password; older passkeys are a second factor only."
    )


@strawberry.type(description="PK1-PK3: WebAuthn options as JSON, for the browser API.")
class PasskeyOptions:
    options_json: str


def _disable_refused(root: Factors, info: strawberry.Info[Context, None]) -> str | None:
    return LastFactor.default_message.translate(info.context.language) if root.only_one_on else None


# The factors whose row outlives a use, so its last use means something: a recovery code is
# replaced once used, and each passkey keeps its own (PasskeyInfo.last_used_at).
LAST_USE_KEPT = (Factor.EMAIL, Factor.APP)


@strawberry.type(description="M1: when a factor you hold last passed a login or step-up check.")
class FactorUse:
    factor: Factor
    at: datetime


@strawberry.type
class Factors:
    email: bool
    app: bool
    passkey: bool
    app_enrollment_pending: bool
    recovery_code: bool = strawberry.field(description="Whether a recovery code is on file.")
    last_used: list[FactorUse] = strawberry.field(
        description="M1: when the emailed code and the authenticator app last passed a login "
        "or step-up check (not listed: never used since set up). Passkeys give their own "
        "`lastUsedAt`; a recovery code is replaced once used.",
    )
    only_one_on: strawberry.Private[bool] = False
    disable_refused: str | None = strawberry.field(
        resolver=_disable_refused,
        description="M3: why no factor can be disabled now (only one is on), to show beside "
        "its Disable button before anyone types a password, in the caller's language; null "
        "when one can.",
    )

    @classmethod
    def of(cls, holdings: Holdings) -> Factors:
        on = {f.kind for f in registry.held(holdings)}
        return cls(
            email=email_code.FACTOR.kind in on,
            app=authenticator_app.FACTOR.kind in on,
            passkey=passkey.FACTOR.kind in on,
            app_enrollment_pending=authenticator_app.FACTOR.enrollment_pending(holdings),
            recovery_code=recovery_code.FACTOR.kind in on,
            last_used=[
                FactorUse(factor=kind, at=row.last_used_at)
                for kind in LAST_USE_KEPT
                if kind in on and (row := holdings.authenticators.get(kind)) and row.last_used_at
            ],
            only_one_on=only_one_factor(holdings),
        )


@strawberry.type(description="SE1: a signed-in browser or API client.")
class ActiveSession:
    id: strawberry.ID
    device: str = strawberry.field(description='Browser and OS, e.g. "Firefox on Windows".')
    ip_address: str
    created_at: datetime
    last_seen_at: datetime
    current: bool = strawberry.field(description="The session making this request.")


@strawberry.type(description="I4: an application you allowed to sign you in.")
class ConnectedApp:
    client_id: strawberry.ID
    name: str
    scopes: list[str]
    connected_at: datetime


async def _apps_of(root: Me, info: strawberry.Info) -> list[ConnectedApp]:
    return [
        ConnectedApp(
            client_id=strawberry.ID(row.client.client_id),
            name=row.client.name,
            scopes=row.scope.split(),
            connected_at=row.created_at,
        )
        for row in await oidc_grants.connected_apps(root.user_id)
    ]


async def _applications_of(root: Me) -> list[Application]:
    return [Application.of(row) for row in await oauth_clients.listed(owner_id=root.user_id)]


@strawberry.type(description="L6: a device that skips the code until `expiresAt`.")
class RememberedDevice:
    id: strawberry.ID
    device: str
    ip_address: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    current: bool = strawberry.field(
        default=False, description="This browser: its remembered-device cookie is this one."
    )


async def _sessions_of(root: Me, info: strawberry.Info) -> list[ActiveSession]:
    current = await info.context.session()
    rows = await sessions.list_for(info.context.deps, root.user_id)
    return [
        ActiveSession(
            id=strawberry.ID(str(row.id)),
            device=describe(row.user_agent).translate(info.context.language),
            ip_address=row.client_ip,
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            current=current is not None and current.id == row.id,
        )
        for row in rows
    ]


async def _devices_of(root: Me, info: strawberry.Info) -> list[RememberedDevice]:
    rows = await trusted_devices.list_for(info.context.deps, root.user_id)
    token = info.context.device_token
    mine = hash_token(token) if token else None
    return [
        RememberedDevice(
            id=strawberry.ID(str(row.id)),
            device=describe(row.user_agent).translate(info.context.language),
            ip_address=row.client_ip,
            created_at=row.created_at,
            last_used_at=row.last_used_at,
            expires_at=row.expires_at,
            current=row.token_hash == mine,
        )
        for row in rows
    ]


async def _activity_of(
    root: Me, first: int = 20, after: strawberry.ID | None = None
) -> ActivityConnection:
    cursor = None if after is None else ids.parse(str(after))
    if after is not None and cursor is None:
        raise InvalidInput(N_("That is not a cursor from this activity log."), field="after")
    return ActivityConnection.of(await activity.page_for(root.user_id, first, cursor))


async def _passkeys_of(root: Me) -> list[PasskeyInfo]:
    return [
        PasskeyInfo(
            id=strawberry.ID(str(p.id)),
            name=p.name,
            created_at=p.created_at,
            last_used_at=p.last_used_at,
            discoverable=p.discoverable,
        )
        for p in await passkeys.list_for(root.user_id)
    ]


async def _fresh_until(root: Me, info: strawberry.Info) -> datetime | None:
    session = await info.context.session()
    return freshness.fresh_until(session) if session is not None else None


async def _step_up_reason(root: Me, info: strawberry.Info) -> str | None:
    session = await info.context.session()
    return freshness.reason(info.context.deps, session) if session is not None else None


async def _factors_of(root: Me) -> Factors:
    return Factors.of(await registry.holdings_of(root.user))


async def _account_of(root: Me) -> TeamAccount:
    if root.owner_id is None:
        return TeamAccount(owner_id=root.id, owner_email=root.email, role=root.role)
    owner = await User.get(id=root.owner_id)
    return TeamAccount(
        owner_id=strawberry.ID(str(owner.public_id)), owner_email=owner.email, role=root.role
    )


@strawberry.type
class Me:
    id: strawberry.ID = strawberry.field(
        description="I1: your stable, opaque ID (a UUID): other applications know you by it. "
        "It never changes, not even when your email does."
    )
    email: str
    name: str = strawberry.field(description="Your display name (may be empty).")
    security_question: str
    created_at: datetime
    language: str | None = strawberry.field(
        description="X1: the language you picked for pages and emails (en, de, es); null: "
        "never picked (pages follow the browser, emails are in English)."
    )
    user: strawberry.Private[User]
    user_id: strawberry.Private[int]
    owner_id: strawberry.Private[int | None]
    role: strawberry.Private[Role]

    factors: Factors = strawberry.field(resolver=_factors_of)
    sessions: list[ActiveSession] = strawberry.field(
        resolver=_sessions_of,
        description="SE1: where you are signed in, most recent first.",
    )
    remembered_devices: list[RememberedDevice] = strawberry.field(
        resolver=_devices_of,
        description="L6: devices that skip the code.",
    )
    applications: list[Application] = strawberry.field(
        resolver=_applications_of,
        description="I5: the OpenID Connect applications you registered (account owners).",
    )
    connected_apps: list[ConnectedApp] = strawberry.field(
        resolver=_apps_of,
        description="I4: applications you allowed (first-party ones never ask).",
    )
    second_factor_fresh_until: datetime | None = strawberry.field(
        resolver=_fresh_until,
        description="S1: until then this session may change the password or email without a "
        "new code (startStepUp gets one).",
    )
    step_up_reason: str | None = strawberry.field(
        resolver=_step_up_reason,
        description="S1: why a password or email change would ask this session for a code "
        "now (a remembered-device sign-in has had none); null when it would not.",
    )
    is_support: bool = strawberry.field(description="May use the support console at /support.")
    security_question_reset: bool = strawberry.field(
        description="S2: support reset the question; set a new one with setSecurityQuestion."
    )
    account: TeamAccount = strawberry.field(
        resolver=_account_of, description="T1: the account you work in, and your role there."
    )
    passkeys: list[PasskeyInfo] = strawberry.field(
        resolver=_passkeys_of, description="PK1: your passkeys, oldest first."
    )
    activity: ActivityConnection = strawberry.field(
        resolver=_activity_of,
        description="SE3: your security activity log, newest first (`first` at most 50).",
    )

    @classmethod
    def of(cls, user: User) -> Me:
        return cls(
            id=strawberry.ID(str(user.public_id)),
            name=user.display_name,
            user=user,
            user_id=user.id,
            owner_id=user.account_owner_id,
            role=Role(user.role),
            email=user.email,
            security_question=user.security_question,
            language=user.language,
            security_question_reset=user.security_question_reset,
            is_support=user.is_support,
            created_at=user.created_at,
        )


@strawberry.type(description="Signed in. Browsers also get an HttpOnly session cookie.")
class LoginSuccess:
    session_token: str = strawberry.field(description="Send as `Authorization: Bearer <token>`.")
    device_token: str | None = strawberry.field(
        description="When rememberDevice was asked: pass it to login for 30 days to skip step 2 "
        "(browsers get it as an HttpOnly cookie)."
    )
    me: Me
    return_to: str = strawberry.field(
        description="I2: where to send the browser now: the login's checked returnTo, else "
        "/profile."
    )


@strawberry.type
class LoggedOut:
    ok: bool = True


@strawberry.type(description="Logged out; the next login enrolls the authenticator app.")
class AppEnrollmentScheduled:
    message: str


@strawberry.type(description="Sent if the account exists; the answer is the same either way.")
class PasswordResetRequested:
    message: str


@strawberry.type
class PasswordResetLink:
    email: str


@strawberry.type(description="The password changed; `message` says which sessions ended.")
class PasswordChanged:
    message: str


@strawberry.type(description="SE2: signed out everywhere; a password-reset link was emailed.")
class AccountSecured:
    message: str


@strawberry.type
class SessionsChanged:
    me: Me


@strawberry.type(description="I4: the app must ask again; its tokens stopped working.")
class AppDisconnected:
    me: Me


@strawberry.type
class FactorsChanged:
    me: Me


StepResult = CodeRequired | AppEnrollmentRequired | RecoveryCodeIssued
# The GraphQL type of each screen of screens.SCREEN_OF_STATE, as step_result builds it; the
# pages tell a result's screen by its type name.
STEP_TYPES: dict[type[LoginStep], type[StepResult]] = {
    CodeChallenge: CodeRequired,
    EnrollmentChallenge: AppEnrollmentRequired,
    RecoveryCodeShown: RecoveryCodeIssued,
}


def step_result(step: LoginStep) -> StepResult:
    """The GraphQL shape of the screen a login attempt is at."""
    if isinstance(step, EnrollmentChallenge):
        return AppEnrollmentRequired(
            login_token=step.token,
            otpauth_uri=step.enrollment.otpauth_uri,
            setup_key=step.enrollment.setup_key,
            qr_code_svg=step.enrollment.qr_svg_data_uri,
            expires_at=step.expires_at,
        )
    if isinstance(step, RecoveryCodeShown):
        return RecoveryCodeIssued(
            login_token=step.token, recovery_code=step.recovery_code, expires_at=step.expires_at
        )
    assert isinstance(step, CodeChallenge)
    return CodeRequired(
        login_token=step.token,
        method=Factor(step.method),
        destination=step.destination,
        other_methods=[Factor(m) for m in step.other_methods],
        expires_at=step.expires_at,
        email_delayed=step.email_delayed,
        resend_after_seconds=step.resend_after_seconds,
    )


def code_required(challenge: CodeChallenge) -> CodeRequired:
    result = step_result(challenge)
    assert isinstance(result, CodeRequired)
    return result


@strawberry.type(description="S1: this session may make guarded changes until `freshUntil`.")
class StepUpVerified:
    fresh_until: datetime
    return_to: str = strawberry.field(
        description="I2: where to go now: the step-up's checked returnTo, else /profile."
    )


@strawberry.type(
    description="S1: a confirmation link went to the new address; nothing changed yet."
)
class EmailChangeRequested:
    message: str
    new_email: str


@strawberry.type(description="S1: the new address is now the login and where codes go.")
class EmailChanged:
    email: str
    message: str


@strawberry.type
class SecurityQuestionChanged:
    me: Me
