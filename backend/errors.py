"""Expected failures of the service layer: a stable code and a message a person can read.

GraphQL maps each class to a union member (backend/schema/errors.py); pages show the message.
The message is a `Text` (X1): written here in English, translated at the edge into the
language of whoever reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backend.i18n import N_, NP_, Text

if TYPE_CHECKING:
    from backend.services.login.screens import CodeChallenge


class DomainError(Exception):
    code = "error"
    default_message = N_("Something went wrong. Please try again.")

    def __init__(self, message: Text | str | None = None, *, field: str | None = None) -> None:
        # A plain str is a message not yet marked for the catalog: shown as written.
        self.message = (
            Text(message) if isinstance(message, str) else message or self.default_message
        )
        self.field = field
        super().__init__(self.message.msgid)

    def __str__(self) -> str:
        return str(self.message)


class InvalidInput(DomainError):
    code = "invalid_input"
    default_message = N_("Please check this value.")


class WeakPassword(InvalidInput):
    code = "weak_password"
    default_message = N_("Please choose a stronger password.")


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    default_message = N_("Incorrect email or password.")


class InvalidCode(DomainError):
    code = "invalid_code"
    default_message = N_("Invalid code")
    # The code screen to show again, when the refused step attaches it (a sign-in's code
    # while the attempt stays open): a client redraws it without asking for it again.
    challenge: CodeChallenge | None = None


class CodeExpired(DomainError):
    code = "code_expired"
    default_message = N_("This code has expired. Click Resend to get a new one.")


class LoginExpired(DomainError):
    code = "login_expired"
    default_message = N_("Your login has expired. Please sign in again.")


class TooManyAttempts(DomainError):
    code = "too_many_attempts"
    default_message = N_("Too many wrong codes. Please sign in again.")


class ResendThrottled(DomainError):
    code = "resend_throttled"
    default_message = N_("Please wait before asking for another code.")

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            NP_(
                "Please wait %(num)s second before asking for another code.",
                "Please wait %(num)s seconds before asking for another code.",
                retry_after_seconds,
            )
        )
        self.retry_after_seconds = retry_after_seconds


class AccountLocked(DomainError):
    code = "account_locked"
    default_message = N_(
        "This account was locked after too many failed attempts. "
        "Use Forgot password to choose a new password; we have emailed you."
    )


class AccountDeactivated(DomainError):
    """Told only after the right password (nothing is enumerated): a reset cannot help."""

    code = "account_deactivated"
    default_message = N_("This account is switched off.")

    @classmethod
    def for_user(cls, owner_email: str | None, support_email: str) -> AccountDeactivated:
        if owner_email:
            return cls(
                N_(
                    "Your team login is switched off. "
                    "Ask the account owner (%(owner_email)s) to turn it back on.",
                    owner_email=owner_email,
                )
            )
        return cls(
            N_(
                "This account is switched off. Contact %(support_email)s to turn it back on.",
                support_email=support_email,
            )
        )


class InvalidLink(DomainError):
    code = "invalid_link"
    default_message = N_(
        "This link has expired or was already used. Ask for a new one from the login page."
    )


class NotFound(DomainError):
    code = "not_found"
    default_message = N_("That was not found. It may have ended already.")


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    default_message = N_("Please sign in first.")


class MethodUnavailable(InvalidInput):
    code = "method_unavailable"
    default_message = N_("That sign-in method is not available for this account.")


class AcknowledgementRequired(DomainError):
    code = "acknowledgement_required"
    default_message = N_('Tick "I have safely recorded this code" to continue.')


class LastFactor(DomainError):
    code = "last_factor"
    default_message = N_(
        "One sign-in factor must stay on. Turn another one on before you disable this one."
    )


class FactorState(DomainError):
    code = "factor_state"
    default_message = N_("That factor is already in that state.")


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = N_("Too many attempts. Please wait and try again.")

    def __init__(self, retry_after_seconds: int) -> None:
        minutes = (retry_after_seconds + 59) // 60
        super().__init__(
            NP_(
                "Too many attempts. Please try again in %(num)s minute.",
                "Too many attempts. Please try again in %(num)s minutes.",
                minutes,
            )
        )
        self.retry_after_seconds = retry_after_seconds


class StepUpRequired(DomainError):
    code = "step_up_required"
    default_message = N_("For your security, confirm it's you with a code first.")


class Forbidden(DomainError):
    code = "forbidden"
    default_message = N_("You are not allowed to do that.")


class NotConfirmed(DomainError):
    code = "not_confirmed"
    default_message = N_(
        "The account owner has not confirmed this request from their email yet, "
        "so it cannot be acted on."
    )


class CaptchaRequired(DomainError):
    code = "captcha_required"
    default_message = N_("Please complete the check that you are not a robot, then try again.")


class ServiceUnavailable(DomainError):
    """O4: the database or another part the step needs is down; nothing was changed."""

    code = "service_unavailable"
    default_message = N_(
        "The service is temporarily unavailable. Nothing was changed: please try again in a moment."
    )

    def __init__(self, retry_after_seconds: int = 5) -> None:
        super().__init__()
        self.retry_after_seconds = retry_after_seconds


class MailDelayed(ServiceUnavailable):
    """O4: mail is not leaving right now; a new code would only wait behind the last one."""

    code = "mail_delayed"
    default_message = N_(
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
            NP_(
                "We are very busy right now. Please try again in %(num)s second.",
                "We are very busy right now. Please try again in %(num)s seconds.",
                retry_after_seconds,
            )
        )
        self.retry_after_seconds = retry_after_seconds
