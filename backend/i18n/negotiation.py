"""Which shipped language a browser or API client asks for in `Accept-Language` (RFC 9110)."""

from __future__ import annotations

from backend.i18n.catalogs import supported

# A header longer than this is not a browser's: read no further.
MAX_HEADER = 500


def preferred_language(accept_language: str) -> str | None:
    """The shipped language the client ranks highest (`de-CH` counts as `de`), else None."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language[:MAX_HEADER].split(",")):
        tag, _, parameters = item.strip().partition(";")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                quality = float(value)
            except ValueError:
                continue
        language = supported(tag.strip().lower().split("-")[0])
        if language and quality > 0:
            ranked.append((-quality, position, language))
    return min(ranked)[2] if ranked else None
