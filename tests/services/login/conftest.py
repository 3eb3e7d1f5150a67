"""Service tests of the login package: the real database and outbox, a frozen clock, no HTTP."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from backend.deps import Deps
from backend.mail.dev_sink import DevMailbox
from backend.models import User
from backend.services.client_info import ClientInfo
from backend.services.factors import email_code
from backend.services.login import password_step
from backend.services.login.screens import CodeChallenge
from tests.conftest import STRONG_PASSWORD, code_from

JANE = "jane@example.com"
BROWSER = ClientInfo(ip="203.0.113.7", user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")


@pytest.fixture
def deps(app: Starlette) -> Deps:
    running: Deps = app.state.deps
    return running


@pytest.fixture
async def jane(deps: Deps) -> User:
    """An account with the email code on, as sign-up leaves it."""
    user = await User.create(
        email=JANE,
        password_hash=await deps.passwords.hash(STRONG_PASSWORD),
        security_question="What was the name of your first pet?",
        security_answer_hash=await deps.passwords.hash("rex"),
        created_at=deps.clock.now(),
    )
    await email_code.FACTOR.turn_on(user.id, deps.clock.now())
    return user


async def password_passed(deps: Deps) -> CodeChallenge:
    """Jane's step 1 done: her attempt now asks for the emailed code."""
    challenge = await password_step.start_login(deps, JANE, STRONG_PASSWORD, BROWSER)
    assert isinstance(challenge, CodeChallenge)
    return challenge


async def emailed_code(app: Starlette, mailbox: DevMailbox, email: str = JANE) -> str:
    """The newest code mailed to `email`, once the outbox has delivered what is due."""
    await app.state.mail_worker.deliver_due()
    return code_from(mailbox, email)
