"""Business hours: when a shop's team answers chats, per weekday in the shop's time zone.

Pure: the hours and the moment come in, the decision (open now, else back when) goes out.
A day's range ends on the next day when it closes at or before it opens (22:00–02:00), and
00:00–00:00 is the whole day. Stored in ``Shop.settings["hours"]``::

    {"enabled": true, "timezone": "Europe/Berlin",
     "days": {"mon": ["09:00", "18:00"], "sat": ["10:00", "14:00"], "sun": null}}

Local times are turned into instants with :mod:`zoneinfo`, so a range keeps its wall-clock
times across daylight saving changes. A time that does not exist (skipped when the clocks go
forward) counts as the offset before the change, i.e. an hour later on the wall clock.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from assistant.i18n import L10n
from assistant.shop.settings.errors import BadSetting

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_NAMES: tuple[L10n, ...] = (
    L10n(de="Montag", en="Monday"),
    L10n(de="Dienstag", en="Tuesday"),
    L10n(de="Mittwoch", en="Wednesday"),
    L10n(de="Donnerstag", en="Thursday"),
    L10n(de="Freitag", en="Friday"),
    L10n(de="Samstag", en="Saturday"),
    L10n(de="Sonntag", en="Sunday"),
)
DEFAULT_TIMEZONE = "Europe/Berlin"
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)(?::00)?$")
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$")


@dataclass(frozen=True, slots=True)
class DayHours:
    opens: time
    closes: time

    def interval(self, day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The range starting on ``day`` as two UTC instants."""
        end_day = day if self.closes > self.opens else day + timedelta(days=1)
        start = datetime.combine(day, self.opens, tzinfo=zone)
        end = datetime.combine(end_day, self.closes, tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class BusinessHours:
    timezone: str
    #: Monday first; ``None`` is a closed day.
    days: tuple[DayHours | None, ...]
    #: Switched off, the hours are kept but the team counts as always there.
    enabled: bool = True

    def as_json(self) -> dict[str, Any]:
        return {
            "enabled": self.enabled,
            "timezone": self.timezone,
            "days": {
                name: [_hhmm(d.opens), _hhmm(d.closes)] if d is not None else None
                for name, d in zip(WEEKDAYS, self.days, strict=True)
            },
        }


@dataclass(frozen=True, slots=True)
class Availability:
    open: bool
    #: The next opening, in the shop's time zone: ``None`` while open, or if it never opens.
    back_at: datetime | None = None


ALWAYS_OPEN = Availability(True)


def availability(hours: BusinessHours | None, now: datetime) -> Availability:
    """Is the team there at ``now`` (aware), and if not, when does it come back? No hours,
    or hours switched off, mean always there."""
    if hours is None or not hours.enabled:
        return ALWAYS_OPEN
    zone = ZoneInfo(hours.timezone)
    now_utc = now.astimezone(UTC)
    today = now_utc.astimezone(zone).date()
    soonest: datetime | None = None
    # Yesterday's range may run past midnight; a week ahead covers every weekday once.
    for offset in range(-1, 8):
        day = today + timedelta(days=offset)
        spec = hours.days[day.weekday()]
        if spec is None:
            continue
        start, end = spec.interval(day, zone)
        if start <= now_utc < end:
            return ALWAYS_OPEN
        if start > now_utc and (soonest is None or start < soonest):
            soonest = start
    return Availability(False, soonest.astimezone(zone) if soonest is not None else None)


def _hhmm(value: time) -> str:
    return value.strftime("%H:%M")


def zone_of(name: str) -> ZoneInfo | None:
    """The time zone called ``name`` (an IANA name such as ``Europe/Berlin``), else ``None``."""
    if not _ZONE_NAME.match(name) or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


# -- stored JSON ---------------------------------------------------------------------------------


def hours_from_json(raw: Any) -> BusinessHours | None:
    """``settings["hours"]`` as :class:`BusinessHours`; ``None`` when absent. Raises
    :class:`ValueError` when it is not what :meth:`BusinessHours.as_json` writes."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ValueError("hours must be an object")
    zone = raw.get("timezone")
    if not isinstance(zone, str) or zone_of(zone) is None:
        raise ValueError("hours.timezone is not a known time zone")
    days_raw = raw.get("days") or {}
    if not isinstance(days_raw, Mapping):
        raise ValueError("hours.days must be an object")
    days: list[DayHours | None] = []
    for name in WEEKDAYS:
        spec = days_raw.get(name)
        if spec is None:
            days.append(None)
            continue
        if not isinstance(spec, list | tuple) or len(spec) != 2:
            raise ValueError(f"hours.days.{name} must be [from, to] or null")
        opens, closes = (_time(str(v)) for v in spec)
        if opens is None or closes is None:
            raise ValueError(f"hours.days.{name} must hold HH:MM times")
        days.append(DayHours(opens, closes))
    return BusinessHours(zone, tuple(days), enabled=raw.get("enabled", True) is not False)


def _time(raw: str) -> time | None:
    found = _TIME.match(raw.strip())
    return time(int(found.group(1)), int(found.group(2))) if found else None


# -- the console's form --------------------------------------------------------------------------

BAD_ZONE = L10n(
    de="„{zone}“ ist keine bekannte Zeitzone. Bitte einen IANA-Namen wie Europe/Berlin angeben.",
    en="“{zone}” is not a known time zone. Please give an IANA name such as Europe/Berlin.",
)
BAD_TIME = L10n(
    de="{day}: „{value}“ ist keine Uhrzeit. Bitte HH:MM angeben, z. B. 09:00.",
    en="{day}: “{value}” is not a time. Please use HH:MM, e.g. 09:00.",
)
HALF_RANGE = L10n(
    de="{day}: Bitte Beginn und Ende angeben, oder beide Felder leer lassen (geschlossen).",
    en="{day}: please give both the opening and the closing time, or leave both empty (closed).",
)
EMPTY_RANGE = L10n(
    de="{day}: Beginn und Ende sind gleich. Für den ganzen Tag 00:00 bis 00:00 angeben.",
    en="{day}: opening and closing are the same. For the whole day use 00:00 to 00:00.",
)


def hours_from_form(form: Mapping[str, str]) -> BusinessHours:
    """The form's fields ``enabled``, ``timezone`` and ``<day>_opens``/``<day>_closes``
    (``mon_opens`` …); raises :class:`BadSetting` naming the first problem."""
    zone = (form.get("timezone") or "").strip() or DEFAULT_TIMEZONE
    if zone_of(zone) is None:
        raise BadSetting("hours", BAD_ZONE, zone=zone[:64])
    days: list[DayHours | None] = []
    for name, label in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True):
        raw_opens = (form.get(f"{name}_opens") or "").strip()
        raw_closes = (form.get(f"{name}_closes") or "").strip()
        if not raw_opens and not raw_closes:
            days.append(None)
            continue
        if not raw_opens or not raw_closes:
            raise BadSetting("hours", HALF_RANGE, day=label)
        opens, closes = _time(raw_opens), _time(raw_closes)
        for raw, parsed in ((raw_opens, opens), (raw_closes, closes)):
            if parsed is None:
                raise BadSetting("hours", BAD_TIME, day=label, value=raw[:20])
        assert opens is not None and closes is not None
        if opens == closes and opens != time(0, 0):
            raise BadSetting("hours", EMPTY_RANGE, day=label)
        days.append(DayHours(opens, closes))
    return BusinessHours(zone, tuple(days), enabled=form.get("enabled") in ("1", "on", "true"))


def form_values(hours: BusinessHours | None) -> dict[str, str]:
    """What the form shows for stored hours (the defaults when there are none)."""
    if hours is None:
        return {"enabled": "", "timezone": DEFAULT_TIMEZONE}
    values = {"enabled": "1" if hours.enabled else "", "timezone": hours.timezone}
    for name, spec in zip(WEEKDAYS, hours.days, strict=True):
        if spec is not None:
            values[f"{name}_opens"], values[f"{name}_closes"] = (
                _hhmm(spec.opens),
                _hhmm(spec.closes),
            )
    return values
