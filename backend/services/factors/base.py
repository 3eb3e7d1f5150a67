"""What every second factor is: the small interface the login flow, step-up, the profile, the
schema and the templates use, so none of them names a factor.

A factor says what it is (`kind`, stored on login attempts; `name`, its GraphQL value; `label`
for buttons; `noun` for activity and emails), whether a user has it, how to prepare a
challenge (mail a code) and how to check an answer. What it holds for a user is a row of
`authenticators` (factors/authenticators.py) whose `data` means what the factor says.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from backend.deps import Deps
from backend.i18n import Text
from backend.models import Authenticator, LoginAttempt, User
from backend.services.client_info import ClientInfo

# A secret comparison, run under the attempt's guess budget; InvalidCode when it fails. It
# returns a number the caller may keep (an authenticator app's accepted time step).
Check = Callable[[], Awaitable[int]]


@dataclass(frozen=True)
class Holdings:
    """One user's factor state, loaded once for a step (`registry.holdings_of`): the user row
    and their authenticators by kind."""

    user: User
    authenticators: Mapping[str, Authenticator]


class Factor(ABC):
    """One way to pass step 2 (L3-L7, PK2)."""

    kind: ClassVar[str]  # stored with a login attempt: "email", "app", ...
    name: ClassVar[str]  # the GraphQL SecondFactor value: "EMAIL", "APP", ...
    label: ClassVar[Text]  # what a button offering it says (X1: in the reader's language)
    instead: ClassVar[Text]  # S1: the step-up screen's "Use … instead" button
    noun: ClassVar[Text]  # how activity and security emails name it (X1: translated)
    amr: ClassVar[str]  # I4: its RFC 8176 method reference
    template: ClassVar[str]  # the partial with its code-screen prompt and answer field
    typed: ClassVar[bool] = True  # the answer is typed and sent with a button
    stands_alone: ClassVar[bool] = True  # M3: counts as a factor that keeps the account safe
    for_step_up: ClassVar[bool] = True  # S1 may ask for it
    switchable: ClassVar[bool] = False  # M3: the profile lists it with Disable (turn_off)

    def held(self, holdings: Holdings) -> bool:
        """Whether this user can pass step 2 with it now: by default, they have its
        authenticator (backend/services/factors/authenticators.py)."""
        return self.kind in holdings.authenticators

    async def prepare(self, deps: Deps, attempt: LoginAttempt, client: ClientInfo) -> None:
        """Make the challenge when the attempt turns to this factor (nothing by default).

        May raise ResendThrottled or TooManyAttempts (an emailed code)."""
        return None

    @abstractmethod
    def check(self, deps: Deps, attempt: LoginAttempt, answer: str) -> Check:
        """The check of `answer` for this attempt's user; InvalidInput at once when its shape
        is wrong (no guess used)."""

    async def turn_off(self, user_id: int) -> None:
        """M3: forget this factor's secrets (only for a `switchable` factor)."""
        raise NotImplementedError
