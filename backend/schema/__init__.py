"""The GraphQL schema (G1): queries and mutations wired to the resolvers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import strawberry
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from backend.resolvers import auth, profile
from backend.schema.errors import UserError

MAX_DEPTH = 8
MAX_ALIASES = 15
MAX_TOKENS = 2000


@strawberry.type
class Query:
    me = strawberry.field(resolver=profile.me)
    pending_login = strawberry.field(resolver=auth.pending_login)
    security_questions = strawberry.field(resolver=profile.security_questions)


@strawberry.type
class Mutation:
    sign_up = strawberry.mutation(resolver=auth.sign_up)
    login = strawberry.mutation(resolver=auth.login)
    resend_login_code = strawberry.mutation(resolver=auth.resend_login_code)
    verify_login_code = strawberry.mutation(resolver=auth.verify_login_code)
    logout = strawberry.mutation(resolver=auth.logout)


def build_schema(
    extra_extensions: Sequence[Callable[[], SchemaExtension]] = (),
) -> strawberry.Schema:
    """One schema per process; parse and validation results are cached across requests."""
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=[UserError],
        extensions=[
            lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
            lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            lambda: ParserCache(maxsize=256),
            lambda: ValidationCache(maxsize=256),
            *extra_extensions,
        ],
    )
