"""GraphQL error types: one per domain error, each with a code and a readable message."""

from __future__ import annotations

import strawberry

from backend import errors
from backend.schema.types import CodeRequired, code_required
from backend.services.login.screens import CodeChallenge


@strawberry.interface(description="An expected failure; `message` is meant for people.")
class UserError:
    code: str
    message: str


@strawberry.type
class InvalidInput(UserError):
    field: str | None = strawberry.field(description="The input field that was refused.")


@strawberry.type
class InvalidCredentials(UserError):
    field: str | None = strawberry.field(
        default=None, description="Which answer was wrong, when it can be told (profile checks)."
    )


def _screen(root: InvalidCode) -> CodeRequired | None:
    return None if root.challenge is None else code_required(root.challenge)


@strawberry.type
class InvalidCode(UserError):
    challenge: strawberry.Private[CodeChallenge | None] = None
    screen: CodeRequired | None = strawberry.field(
        resolver=_screen,
        description="verifyLoginCode: the code screen to show again, as pendingLogin would "
        "give it, so a client needs no second request; null elsewhere, and when the login "
        "is over.",
    )


@strawberry.type
class CodeExpired(UserError):
    pass


@strawberry.type
class LoginExpired(UserError):
    pass


@strawberry.type
class TooManyAttempts(UserError):
    pass


@strawberry.type
class ResendThrottled(UserError):
    retry_after_seconds: int


@strawberry.type
class RateLimited(UserError):
    retry_after_seconds: int


@strawberry.type
class NotAuthenticated(UserError):
    pass


@strawberry.type
class NotFound(UserError):
    pass


@strawberry.type
class AccountLocked(UserError):
    pass


@strawberry.type(description="The right password for an account that is switched off (A4, T2).")
class AccountDeactivated(UserError):
    pass


@strawberry.type
class InvalidLink(UserError):
    pass


@strawberry.type
class AcknowledgementRequired(UserError):
    pass


@strawberry.type
class LastFactor(UserError):
    pass


@strawberry.type
class FactorState(UserError):
    pass


@strawberry.type(description="S1: get a fresh code with startStepUp, then try again.")
class StepUpRequired(UserError):
    pass


@strawberry.type(
    description="R1: solve the captcha (see the captchaChallenge query) and send it as `captcha`."
)
class CaptchaRequired(UserError):
    pass


@strawberry.type
class Forbidden(UserError):
    pass


@strawberry.type(description="S2: the account owner has not confirmed the request yet.")
class NotConfirmed(UserError):
    pass


@strawberry.type(description="O4: a part the service needs is down; nothing was changed.")
class ServiceUnavailable(UserError):
    retry_after_seconds: int


@strawberry.type(description="O4: too busy to take this now; try again after the given wait.")
class TryAgainLater(UserError):
    retry_after_seconds: int


# Each domain error (and its subclasses) and the union member it becomes.
MAPPED: dict[type[errors.DomainError], type[UserError]] = {
    errors.InvalidInput: InvalidInput,
    errors.InvalidCredentials: InvalidCredentials,
    errors.InvalidCode: InvalidCode,
    errors.CodeExpired: CodeExpired,
    errors.LoginExpired: LoginExpired,
    errors.TooManyAttempts: TooManyAttempts,
    errors.ResendThrottled: ResendThrottled,
    errors.RateLimited: RateLimited,
    errors.NotAuthenticated: NotAuthenticated,
    errors.NotFound: NotFound,
    errors.AccountLocked: AccountLocked,
    errors.AccountDeactivated: AccountDeactivated,
    errors.InvalidLink: InvalidLink,
    errors.AcknowledgementRequired: AcknowledgementRequired,
    errors.LastFactor: LastFactor,
    errors.FactorState: FactorState,
    errors.StepUpRequired: StepUpRequired,
    errors.CaptchaRequired: CaptchaRequired,
    errors.Forbidden: Forbidden,
    errors.NotConfirmed: NotConfirmed,
    errors.ServiceUnavailable: ServiceUnavailable,
    errors.TryAgainLater: TryAgainLater,
}
