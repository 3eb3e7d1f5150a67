"""A bug's GraphQL error tells the client its request ID and nothing of the bug (O3)."""

from __future__ import annotations

from typing import ClassVar

import strawberry

from backend.schema.masking import MaskUnexpectedErrors


class _ChattyBug(Exception):
    """An exception that carries its own GraphQL extensions, as some libraries' errors do."""

    extensions: ClassVar[dict[str, str]] = {"sql": "SELECT secret FROM users", "code": "DB_SAYS_NO"}


@strawberry.type
class _Query:
    @strawberry.field
    def broken(self) -> str:
        raise _ChattyBug("connection to secret-host refused")


async def test_o3_a_masked_error_carries_only_its_code_and_request_id() -> None:
    schema = strawberry.Schema(query=_Query, extensions=[MaskUnexpectedErrors])
    result = await schema.execute("{ broken }")
    assert result.errors is not None
    error = result.errors[0].formatted
    assert "secret" not in str(error)
    assert set(error["extensions"]) == {"code", "requestId"}
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
