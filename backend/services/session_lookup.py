"""The session check's one statement (issue 20): every authenticated request pays for it.

GraphQL `me`, forward-auth in front of every request of every protected application and
OIDC userinfo all start by finding the live session of a token. On PostgreSQL that is one
round trip of one indexed statement (the unique `token_hash` index, the user joined by
primary key) that asyncpg prepares once per pooled connection and then only executes; the
row becomes the usual Session and User objects without Tortoise building a query, which
cost more than the database itself in the profile (bench/profiles/). Other databases
(SQLite, the embedded default) take the ORM query, which is cheap there.

Nothing is kept in the process: a logout, revocation or deactivation on any instance is
seen by the next request on every other instance, with no invalidation to get wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from tortoise import connections
from tortoise.backends.asyncpg.client import AsyncpgDBClient

from backend.models import Session, User


@dataclass(frozen=True)
class _Statement:
    """The lookup's SQL and how its row splits into a session and a user."""

    sql: str
    session_columns: tuple[str, ...]
    user_columns: tuple[str, ...]

    def build(self, row: Any) -> Session:
        """The row as a Session whose `user` is already loaded (as select_related leaves it)."""
        values = tuple(row)
        split = len(self.session_columns)
        of_session = zip(self.session_columns, values[:split], strict=True)
        of_user = zip(self.user_columns, values[split:], strict=True)
        session = Session._init_from_db(**dict(of_session))
        user = User._init_from_db(**dict(of_user))
        object.__setattr__(session, "_user", user)
        return session


@cache
def _statement() -> _Statement:
    """Written from the models once Tortoise has set them up (foreign-key columns appear
    only then), so a column added to either model is read without touching this."""
    session_columns = tuple(Session._meta.fields_db_projection.values())
    user_columns = tuple(User._meta.fields_db_projection.values())
    selected = [f's."{c}"' for c in session_columns] + [f'u."{c}"' for c in user_columns]
    # Table and column names from the models, the token a $1 parameter: nothing from outside.
    sql = (
        f"SELECT {', '.join(selected)}"  # noqa: S608
        f' FROM "{Session._meta.db_table}" s JOIN "{User._meta.db_table}" u'
        ' ON u."id" = s."user_id" WHERE s."token_hash" = $1'
    )
    return _Statement(sql, session_columns, user_columns)


async def session_with_user(token_hash: str) -> Session | None:
    """The session stored under `token_hash` with its user, live or not (the caller judges)."""
    db = connections.get("default")
    if isinstance(db, AsyncpgDBClient):
        # Inside a transaction (its wrapper is one too) this is the transaction's connection,
        # so the lookup sees the transaction's own writes.
        async with db.acquire_connection() as connection:
            statement = _statement()
            row = await connection.fetchrow(statement.sql, token_hash)
        return None if row is None else statement.build(row)
    return await Session.filter(token_hash=token_hash).select_related("user").first()
