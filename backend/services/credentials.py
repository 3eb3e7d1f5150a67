"""What a new login is made of: a password and a security question with its answer (A1-A3),
checked, then hashed outside any transaction (hashing is slow and must not hold one)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from backend.deps import Deps
from backend.services.identity import check_question_and_answer
from backend.services.passwords import check_password_policy


@dataclass(frozen=True)
class Credentials:
    password_hash: str
    security_question: str
    security_answer_hash: str

    def columns(self) -> dict[str, Any]:
        """As `User` stores them."""
        return asdict(self)


async def new_credentials(
    deps: Deps, address: str, password: str, question: str, answer: str
) -> Credentials:
    """Raises WeakPassword or InvalidInput (nothing hashed) for a refused field."""
    check_password_policy(password, address)
    question, normalized_answer = check_question_and_answer(question, answer)
    return Credentials(
        password_hash=await deps.passwords.hash(password),
        security_question=question,
        security_answer_hash=await deps.passwords.hash(normalized_answer),
    )
