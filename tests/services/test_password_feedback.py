"""A2, X1: why a password was refused (zxcvbn's feedback) reaches people in their language."""

from __future__ import annotations

import ast
import inspect

import httpx
import pytest
import zxcvbn.feedback

from backend.errors import WeakPassword
from backend.services.password_feedback import KNOWN
from backend.services.passwords import check_password_policy
from tests.api.flows import sign_up


def _zxcvbn_sentences() -> set[str]:
    """Every sentence zxcvbn's feedback module can say (its gettext `_("...")` calls)."""
    tree = ast.parse(inspect.getsource(zxcvbn.feedback))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and isinstance(node.args[0], ast.Constant)
    }


def test_x1_every_sentence_zxcvbn_can_say_is_in_the_catalog() -> None:
    """X1: a zxcvbn upgrade with a new sentence fails here instead of reaching people in English."""
    sentences = _zxcvbn_sentences()
    assert len(sentences) > 20
    assert sentences <= set(KNOWN)


@pytest.mark.parametrize(
    ("password", "german", "spanish"),
    [
        (
            "password",
            "Dies ist eines der 10 häufigsten Passwörter. Fügen Sie ein oder zwei weitere Wörter",
            "Es una de las 10 contraseñas más comunes. Añade una o dos palabras más.",
        ),
        (
            "asdfghjkl;",
            "Gerade Tastenreihen sind leicht zu erraten.",
            "Las filas rectas de teclas son fáciles de adivinar.",
        ),
        ("Jane.Example", "Großschreibung hilft nicht viel.", "Poner mayúsculas no ayuda mucho."),
    ],
)
def test_x1_a_refused_password_says_why_in_the_readers_language(
    password: str, german: str, spanish: str
) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_password_policy(password, "jane@example.com")
    assert german in refused.value.message.translate("de")
    assert spanish in refused.value.message.translate("es")
    assert "guess" not in refused.value.message.translate("de")


async def test_x1_sign_up_with_a_weak_password_answers_in_german(client: httpx.AsyncClient) -> None:
    """X1, A2: a German browser signing up with "password" is told why in German."""
    client.headers["Accept-Language"] = "de"
    refused = await sign_up(client, password="password")
    assert refused["code"] == "weak_password"
    assert refused["message"].startswith("Dies ist eines der 10 häufigsten Passwörter.")
