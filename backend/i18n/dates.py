"""Dates and times as people read them in the current language, with the time zone (X1).

Latchkey stores UTC and knows no one's time zone, so times are shown in UTC and say so.
"""

from __future__ import annotations

from datetime import UTC, datetime

from babel import Locale
from babel.dates import format_date, format_time

from backend.i18n.catalogs import current_language


def format_datetime(moment: datetime | str) -> str:
    """`Nov 23, 2026, 3:04 PM UTC` / `23.11.2026, 15:04 UTC`: the language's own order and
    words, to the minute. A string is read as ISO 8601 (how GraphQL hands times to pages)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    locale = Locale.parse(current_language())
    date = format_date(moment.astimezone(UTC), "medium", locale=locale)
    time = format_time(moment, "short", tzinfo=UTC, locale=locale)
    return str(locale.datetime_formats["medium"]).format(f"{time} UTC", date)


def format_day(moment: datetime | str) -> str:
    """`Nov 23, 2026` / `23.11.2026`: the day alone (UTC), in the current language."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_date(moment.astimezone(UTC), "medium", locale=current_language())
