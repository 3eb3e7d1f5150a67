"""Expected failures of the service layer: a stable code and a message a person can read.

GraphQL maps each class to a union member (backend/schema/errors.py); pages show the message.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "error"
    default_message = "Something went wrong. Please try again."

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)


class InvalidInput(DomainError):
    code = "invalid_input"
    default_message = "Please check this value."


class WeakPassword(InvalidInput):
    code = "weak_password"
    default_message = "Please choose a stronger password."


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    default_message = "Incorrect email or password."


class InvalidCode(DomainError):
    code = "invalid_code"
    default_message = "Invalid code"


class CodeExpired(DomainError):
    code = "code_expired"
    default_message = "This code has expired. Click Resend to get a new one."


class LoginExpired(DomainError):
    code = "login_expired"
    default_message = "Your login has expired. Please sign in again."


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    default_message = "Too many wrong codes. Please sign in again."


class ResendThrottled(DomainError):
    code = "resend_throttled"
    default_message = "Please wait before asking for another code."

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            f"Please wait {retry_after_seconds} seconds before asking for another code."
        )
        self.retry_after_seconds = retry_after_seconds


class AccountLocked(DomainError):
    code = "account_locked"
    default_message = (
        "This account was locked after too many failed attempts. "
        "Use Forgot password to choose a new password; we have emailed you."
    )


class AccountDeactivated(DomainError):
    """Told only after the right password (nothing is enumerated): a reset cannot help."""

    code = "account_deactivated"
    default_message = "This account is switched off."

    @classmethod
    def for_user(cls, owner_email: str | None, support_email: str) -> AccountDeactivated:
        if owner_email:
            return cls(
                "Your team login is switched off. "
                f"Ask the account owner ({owner_email}) to turn it back on."
            )
        return cls(f"This account is switched off. Contact {support_email} to turn it back on.")


class InvalidLink(DomainError):
    code = "invalid_link"
    default_message = (
        "This link has expired or was already used. Ask for a new one from the login page."
    )


class NotFound(DomainError):
    code = "not_found"
    default_message = "That was not found. It may have ended already."


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    default_message = "Please sign in first."


class MethodUnavailable(InvalidInput):
    code = "method_unavailable"
    default_message = "That sign-in method is not available for this account."


class AcknowledgementRequired(DomainError):
    code = "acknowledgement_required"
    default_message = 'Tick "I have safely recorded this code" to continue.'


class LastFactor(DomainError):
    code = "last_factor"
    default_message = (
        "One sign-in factor must stay on. Turn another one on before you disable this one."
    )


class FactorState(DomainError):
    code = "factor_state"
    default_message = "That factor is already in that state."


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = "Too many attempts. Please wait and try again."

    def __init__(self, retry_after_seconds: int) -> None:
        minutes = (retry_after_seconds + 59) // 60
        when = f"{minutes} minute{'s' if minutes != 1 else ''}"
        super().__init__(f"Too many attempts. Please try again in {when}.")
        self.retry_after_seconds = retry_after_seconds


class StepUpRequired(DomainError):
    code = "step_up_required"
    default_message = "For your security, confirm it's you with a code first."


class Forbidden(DomainError):
    code = "forbidden"
    default_message = "You are not allowed to do that."


class NotConfirmed(DomainError):
    code = "not_confirmed"
    default_message = (
        "The account owner has not confirmed this request from their email yet, "
        "so it cannot be acted on."
    )


class CaptchaRequired(DomainError):
    code = "captcha_required"
    default_message = "Please complete the check that you are not a robot, then try again."


class ServiceUnavailable(DomainError):
    """O4: the database or another part the step needs is down; nothing was changed."""

    code = "service_unavailable"
    default_message = (
        "The service is temporarily unavailable. Nothing was changed: please try again in a moment."
    )

    def __init__(self, retry_after_seconds: int = 5) -> None:
        super().__init__()
        self.retry_after_seconds = retry_after_seconds


class MailDelayed(ServiceUnavailable):
    """O4: mail is not leaving right now; a new code would only wait behind the last one."""

    code = "mail_delayed"
    default_message = (
        "Our email is delayed. Use another method, or try again in a few minutes: "
        "the code we already sent still works when it arrives."
    )

    def __init__(self) -> None:
        super().__init__(retry_after_seconds=60)


class TryAgainLater(DomainError):
    """O4: too many sign-ins at once; answered at once rather than after a long queue."""

    code = "try_again_later"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            f"We are very busy right now. Please try again in {retry_after_seconds} "
            f"second{'s' if retry_after_seconds != 1 else ''}."
        )
        self.retry_after_seconds = retry_after_seconds
