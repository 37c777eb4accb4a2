"""The period a dashboard shows: whole UTC days, both ends included, from a preset ("the last
30 days") or from two dates as a date field sends them (``2026-11-01``). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from assistant.errors import AssistantError
from assistant.i18n import L10n

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
#: Longer periods are refused: two years of daily bars are unreadable and slow to count.
MAX_DAYS = 731

BAD_DATE = L10n(
    de="„{value}“ ist kein gültiges Datum für „{field}“. Bitte im Format JJJJ-MM-TT angeben, "
    "z. B. 2026-11-01.",
    en="“{value}” is not a valid date for “{field}”. Please use the format YYYY-MM-DD, "
    "e.g. 2026-11-01.",
)
REVERSED = L10n(
    de="Das Startdatum ({start}) liegt nach dem Enddatum ({end}).",
    en="The start date ({start}) is after the end date ({end}).",
)
TOO_LONG = L10n(
    de="Der Zeitraum darf höchstens {max} Tage lang sein, gewählt sind {days}.",
    en="The period may be at most {max} days long; {days} were chosen.",
)
BAD_DAYS = L10n(
    de="„{value}“ ist keine gültige Anzahl Tage (1 bis {max}).",
    en="“{value}” is not a valid number of days (1 to {max}).",
)
FIELD_NAMES = {"from": L10n(de="von", en="from"), "to": L10n(de="bis", en="to")}


class BadPeriod(AssistantError):
    """A period that cannot be shown; the message says what to type instead."""

    code = "bad_period"
    status = 400

    def __init__(self, message: L10n, **params: object) -> None:
        super().__init__(message=message, detail=message.en.format(**_english(params)))
        self.params = params

    def user_message(self, locale: str) -> str:
        params = {k: v.get(locale) if isinstance(v, L10n) else v for k, v in self.params.items()}
        return self.message.get(locale, **params)


def _english(params: dict[str, object]) -> dict[str, object]:
    return {k: v.en if isinstance(v, L10n) else v for k, v in params.items()}


@dataclass(frozen=True, slots=True)
class Period:
    first: date
    last: date  # included

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, UTC)

    @property
    def end(self) -> datetime:
        """Midnight after the last day: the metrics' periods are ``[start, end)``."""
        return datetime.combine(self.last + timedelta(days=1), time.min, UTC)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def preset(self, today: date) -> int | None:
        """The preset this period is, if it is one (ending today)."""
        return self.days if self.last == today and self.days in PRESETS else None


def _day(raw: str, field: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise BadPeriod(BAD_DATE, value=raw[:40], field=FIELD_NAMES[field]) from None


def choose_period(days: str | None, start: str | None, end: str | None, today: date) -> Period:
    """Dates win over ``days``; a missing end is today, a missing start the default length
    before the end; nothing at all is the last :data:`DEFAULT_DAYS` days up to today."""
    start, end, days = (start or "").strip(), (end or "").strip(), (days or "").strip()
    if start or end:
        last = _day(end, "to") if end else today
        first = _day(start, "from") if start else last - timedelta(days=DEFAULT_DAYS - 1)
        if first > last:
            raise BadPeriod(REVERSED, start=first.isoformat(), end=last.isoformat())
        period = Period(first, last)
        if period.days > MAX_DAYS:
            raise BadPeriod(TOO_LONG, max=MAX_DAYS, days=period.days)
        return period
    count = DEFAULT_DAYS
    if days:
        if not re.fullmatch(r"[0-9]{1,4}", days) or not 1 <= int(days) <= MAX_DAYS:
            raise BadPeriod(BAD_DAYS, value=days[:40], max=MAX_DAYS)
        count = int(days)
    return Period(today - timedelta(days=count - 1), today)
