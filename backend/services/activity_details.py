"""What an activity entry (SE3) was about, stored as a stable kind and its values (X1).

An event is written once and read for years, by people in different languages: so it keeps
`detail_kind` ("factor") and `detail_params` ({"factor": "app"}), never a sentence, and the
sentence is made when the log or a security email is shown, in the reader's language.

Rows written before 0010 hold an English sentence in `detail`; `of_event` reads the ones this
service wrote back into a `Detail`, and shows anything else as it was stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from backend.i18n import N_, NP_, Text
from backend.models import EventKind, SecurityEvent
from backend.services.factors import registry
from backend.services.factors.base import Factor


class DetailKind(StrEnum):
    """What the values of an entry's detail mean (stored: never rename a member)."""

    FACTOR = "factor"  # {factor}: a sign-in's second step, or a factor turned on or off
    WITHOUT_PASSWORD = "without_password"  # noqa: S105 ({factor}: PK3, a passkey alone)
    REMEMBERED_DEVICE = "remembered_device"  # L2: step 2 skipped
    PASSKEY = "passkey"  # {name}
    FACTORS_RESET = "factors_reset"  # {app, passkeys (0/1), by}: T3, by the team's owner
    OTHER_SESSIONS = "other_sessions"  # {count}
    BY_PERSON = "by_person"  # {email}
    BY_SUPPORT = "by_support"  # {email}
    COMMAND_LINE = "command_line"
    NEW_ADDRESS = "new_address"  # {email}
    RESET_LINK = "reset_link"
    RESET_BY_SUPPORT = "reset_by_support"
    EMAIL_MOVED_BACK = "email_moved_back"  # {email}
    EMAIL_NOT_MOVED_BACK = "email_not_moved_back"  # {email}
    NAME = "name"  # {name}: an application's or a member's, shown as it is


@dataclass(frozen=True)
class Detail:
    """A stable kind and its values; `new_device` (SE2) prefixes a sign-in's detail."""

    kind: DetailKind
    params: Mapping[str, str | int] = field(default_factory=dict)

    def with_new_device(self) -> Detail:
        return Detail(self.kind, {**self.params, "new_device": 1})

    def text(self) -> Text:
        """The sentence, translated where it is shown."""
        shown = _TEXTS[self.kind](self.params)
        if self.params.get("new_device"):
            return N_("from a new device, %(how)s", how=shown)
        return shown


def factor_detail(factor: str) -> Detail:
    """A factor by its `kind` (the registry's factors name themselves, `Factor.noun`)."""
    return Detail(DetailKind.FACTOR, {"factor": _factors()[factor].kind})


def named(name: str) -> Detail:
    """An application's name or a member's address: the same in every language."""
    return Detail(DetailKind.NAME, {"name": name})


def _factors() -> dict[str, Factor]:
    """The registered factors by kind (a kind no factor has any more: KeyError)."""
    return {factor.kind: factor for factor in registry.FACTORS}


def _factor(params: Mapping[str, str | int]) -> Text:
    return _factors()[str(params["factor"])].noun


def _factors_reset(params: Mapping[str, str | int]) -> Text:
    by = params["by"]
    if params.get("app") and params.get("passkeys"):
        return N_("authenticator app and passkeys reset by %(email)s", email=by)
    if params.get("app"):
        return N_("authenticator app reset by %(email)s", email=by)
    return N_("passkeys reset by %(email)s", email=by)


def _fixed(text: Text) -> Callable[[Mapping[str, str | int]], Text]:
    return lambda params: Text(text.msgid, text.plural, text.count, {**text.params, **params})


_TEXTS: dict[DetailKind, Callable[[Mapping[str, str | int]], Text]] = {
    DetailKind.FACTOR: _factor,
    DetailKind.WITHOUT_PASSWORD: lambda p: N_("%(factor)s, no password", factor=_factor(p)),
    DetailKind.REMEMBERED_DEVICE: _fixed(N_("with a remembered device")),
    DetailKind.PASSKEY: _fixed(N_("passkey %(name)s")),
    DetailKind.FACTORS_RESET: _factors_reset,
    DetailKind.OTHER_SESSIONS: lambda p: NP_(
        "%(num)s other session", "%(num)s other sessions", int(p["count"])
    ),
    DetailKind.BY_PERSON: _fixed(N_("by %(email)s")),
    DetailKind.BY_SUPPORT: _fixed(N_("by support (%(email)s)")),
    DetailKind.COMMAND_LINE: _fixed(N_("from the command line")),
    DetailKind.NEW_ADDRESS: _fixed(N_("to %(email)s")),
    DetailKind.RESET_LINK: _fixed(N_("with a reset link")),
    DetailKind.RESET_BY_SUPPORT: _fixed(N_("reset by support")),
    DetailKind.EMAIL_MOVED_BACK: _fixed(N_("email moved back to %(email)s")),
    DetailKind.EMAIL_NOT_MOVED_BACK: _fixed(
        N_("email not moved back: %(email)s now belongs to another account")
    ),
    # Not a sentence: the name as it is, in every language (so not in the catalog).
    DetailKind.NAME: _fixed(Text("%(name)s")),
}


def of_event(event: SecurityEvent) -> Text | str:
    """What the entry was about, translated where it is shown ("" when nothing)."""
    if event.detail_kind:
        try:
            return Detail(DetailKind(event.detail_kind), event.detail_params or {}).text()
        except (KeyError, ValueError):  # a kind or value a later release wrote
            return event.detail
    if not event.detail or event.kind in _NAMED:
        return event.detail
    legacy = _read_legacy(event.detail)
    return legacy.text() if legacy else event.detail


# Their detail was always a name (an application's, a member's address), never a sentence.
_NAMED = {EventKind.APP_AUTHORIZED, EventKind.APP_TOKENS_ISSUED, EventKind.MEMBER_APP_RESET}


# The English sentences this service stored in `detail` before 0010, read back.
_LEGACY_FACTORS = {str(f.noun.msgid): f.kind for f in registry.FACTORS}
_LEGACY_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Detail | None]]] = [
    (re.compile(r"(?P<f>[a-z ]+), no password"), lambda m: _legacy_factor(m["f"], True)),
    (re.compile(r"passkey (?P<name>.+)"), lambda m: _legacy(DetailKind.PASSKEY, m)),
    (
        re.compile(
            r"(?P<what>authenticator app|passkeys|authenticator app and passkeys)"
            r" reset by (?P<by>.+)"
        ),
        lambda m: Detail(
            DetailKind.FACTORS_RESET,
            {"app": int("app" in m["what"]), "passkeys": int("keys" in m["what"]), "by": m["by"]},
        ),
    ),
    (
        re.compile(r"(?P<count>\d+) other sessions?"),
        lambda m: Detail(DetailKind.OTHER_SESSIONS, {"count": int(m["count"])}),
    ),
    (
        re.compile(r"by support \((?P<email>.+)\)"),
        lambda m: _legacy(DetailKind.BY_SUPPORT, m),
    ),
    (re.compile(r"by (?P<email>.+@.+)"), lambda m: _legacy(DetailKind.BY_PERSON, m)),
    (re.compile(r"to (?P<email>.+@.+)"), lambda m: _legacy(DetailKind.NEW_ADDRESS, m)),
    (
        re.compile(r"email moved back to (?P<email>.+)"),
        lambda m: _legacy(DetailKind.EMAIL_MOVED_BACK, m),
    ),
    (
        re.compile(r"email not moved back: (?P<email>.+) now belongs to another account"),
        lambda m: _legacy(DetailKind.EMAIL_NOT_MOVED_BACK, m),
    ),
    (re.compile(r"(?P<f>[a-z ]+)"), lambda m: _legacy_factor(m["f"], False)),
]
_LEGACY_FIXED = {
    "with a remembered device": DetailKind.REMEMBERED_DEVICE,
    "from the command line": DetailKind.COMMAND_LINE,
    "with a reset link": DetailKind.RESET_LINK,
    "reset by support": DetailKind.RESET_BY_SUPPORT,
}
_NEW_DEVICE = "from a new device, "


def _legacy(kind: DetailKind, match: re.Match[str]) -> Detail:
    return Detail(kind, match.groupdict())


def _legacy_factor(name: str, without_password: bool) -> Detail | None:
    factor = _LEGACY_FACTORS.get(name)
    if factor is None:
        return None
    kind = DetailKind.WITHOUT_PASSWORD if without_password else DetailKind.FACTOR
    return Detail(kind, {"factor": str(factor)})


def _read_legacy(sentence: str) -> Detail | None:
    if sentence.startswith(_NEW_DEVICE):
        inner = _read_legacy(sentence.removeprefix(_NEW_DEVICE))
        return inner.with_new_device() if inner else None
    if sentence in _LEGACY_FIXED:
        return Detail(_LEGACY_FIXED[sentence])
    for pattern, read in _LEGACY_PATTERNS:
        match = pattern.fullmatch(sentence)
        if match:
            return read(match)
    return None
