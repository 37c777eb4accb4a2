"""Business hours, pure: open or not at a moment, and when the team is back, across time zones,
daylight saving changes, ranges past midnight and closed days."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from assistant.shop.settings.errors import BadSetting
from assistant.shop.settings.hours import (
    BusinessHours,
    DayHours,
    availability,
    form_values,
    hours_from_form,
    hours_from_json,
)
from assistant.support.handoff import closed_text

BERLIN = ZoneInfo("Europe/Berlin")


def week(zone: str = "Europe/Berlin", /, **days: tuple[str, str] | None) -> BusinessHours:
    """Mon–Fri 09:00–18:00, Sat 10:00–14:00, Sun closed, unless ``days`` says otherwise."""
    spec: dict[str, tuple[str, str] | None] = {
        "mon": ("09:00", "18:00"),
        "tue": ("09:00", "18:00"),
        "wed": ("09:00", "18:00"),
        "thu": ("09:00", "18:00"),
        "fri": ("09:00", "18:00"),
        "sat": ("10:00", "14:00"),
        "sun": None,
    }
    spec.update(days)
    order = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    return BusinessHours(
        zone,
        tuple(
            DayHours(time.fromisoformat(s[0]), time.fromisoformat(s[1])) if s else None
            for s in (spec[d] for d in order)
        ),
    )


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def test_no_hours_or_switched_off_means_always_there() -> None:
    assert availability(None, utc(2026, 11, 22, 3, 0)).open
    off = BusinessHours("Europe/Berlin", week().days, enabled=False)
    assert availability(off, utc(2026, 11, 22, 3, 0)).open  # a Sunday night


def test_open_and_closed_on_a_weekday_in_berlin() -> None:
    hours = week()
    # Monday 23 November 2026 (CET, UTC+1): 09:00 local is 08:00 UTC.
    assert not availability(hours, utc(2026, 11, 23, 7, 59)).open
    assert availability(hours, utc(2026, 11, 23, 8, 0)).open
    assert availability(hours, utc(2026, 11, 23, 16, 59)).open
    closed = availability(hours, utc(2026, 11, 23, 17, 0))  # 18:00 local: closing time
    assert not closed.open
    assert closed.back_at == local(2026, 11, 24, 9, 0)
    assert str(closed.back_at.tzinfo) == "Europe/Berlin"


def test_saturday_afternoon_is_back_on_monday_and_sunday_is_closed() -> None:
    hours = week()
    saturday = availability(hours, local(2026, 11, 28, 15, 0))
    assert not saturday.open
    assert saturday.back_at == local(2026, 11, 30, 9, 0)
    sunday = availability(hours, local(2026, 11, 29, 12, 0))
    assert (sunday.open, sunday.back_at) == (False, local(2026, 11, 30, 9, 0))
    assert availability(hours, local(2026, 11, 28, 13, 59)).open


def test_same_instant_differs_by_time_zone() -> None:
    moment = utc(2026, 11, 23, 17, 30)  # 18:30 in Berlin, 17:30 in London, 12:30 in New York
    assert not availability(week(), moment).open
    assert availability(week("Europe/London"), moment).open
    assert availability(week("America/New_York"), moment).open


def test_new_york_morning() -> None:
    ny = ZoneInfo("America/New_York")
    before = availability(week("America/New_York"), utc(2026, 11, 23, 13, 30))  # 08:30 EST
    assert not before.open
    assert before.back_at == datetime(2026, 11, 23, 9, 0, tzinfo=ny)
    assert availability(week("America/New_York"), utc(2026, 11, 23, 14, 0)).open  # 09:00 EST


def test_opening_time_follows_the_wall_clock_across_the_spring_change() -> None:
    hours = week()
    # 29 March 2026: Berlin goes from CET (+1) to CEST (+2). Monday 09:00 is 07:00 UTC after
    # the change and was 08:00 UTC the week before.
    assert availability(hours, utc(2026, 3, 30, 7, 0)).open
    assert not availability(hours, utc(2026, 3, 23, 7, 0)).open
    saturday = availability(hours, utc(2026, 3, 28, 14, 0))  # 15:00 CET, after closing
    assert saturday.back_at == local(2026, 3, 30, 9, 0)
    assert saturday.back_at.utcoffset().total_seconds() == 2 * 3600  # type: ignore[union-attr]


def test_a_range_over_the_autumn_change_lasts_its_real_length() -> None:
    # Saturday 24 October 2026 22:00 to Sunday 04:00; at 03:00 CEST the clocks go back to
    # 02:00 CET, so the range is seven hours long: 20:00 UTC to 03:00 UTC.
    hours = week(sat=("22:00", "04:00"))
    assert not availability(hours, utc(2026, 10, 24, 19, 59)).open
    assert availability(hours, utc(2026, 10, 24, 20, 0)).open
    assert availability(hours, utc(2026, 10, 25, 0, 30)).open  # 02:30 CEST, first time
    assert availability(hours, utc(2026, 10, 25, 1, 30)).open  # 02:30 CET, second time
    assert availability(hours, utc(2026, 10, 25, 2, 59)).open  # 03:59 CET
    after = availability(hours, utc(2026, 10, 25, 3, 0))  # 04:00 CET
    assert (after.open, after.back_at) == (False, local(2026, 10, 26, 9, 0))


def test_overnight_range_belongs_to_the_day_it_starts() -> None:
    hours = week(fri=("20:00", "02:00"), sat=None)
    assert availability(hours, local(2026, 11, 27, 23, 0)).open  # Friday night
    assert availability(hours, local(2026, 11, 28, 1, 30)).open  # early Saturday
    early = availability(hours, local(2026, 11, 28, 2, 0))
    assert (early.open, early.back_at) == (False, local(2026, 11, 30, 9, 0))
    # Before Friday's range: back at 20:00 the same day.
    assert availability(hours, local(2026, 11, 27, 19, 0)).back_at == local(2026, 11, 27, 20, 0)


def test_whole_day_and_a_week_with_one_open_day() -> None:
    always = week(**{d: ("00:00", "00:00") for d in ("mon", "tue", "wed", "thu", "fri", "sat")})
    assert availability(always, local(2026, 11, 24, 3, 0)).open
    assert not availability(always, local(2026, 11, 29, 12, 0)).open  # Sunday closed
    only_monday = week(**{d: None for d in ("tue", "wed", "thu", "fri", "sat")})
    later = availability(only_monday, local(2026, 11, 23, 19, 0))
    assert later.back_at == local(2026, 11, 30, 9, 0)  # a week later


def test_never_open_has_no_time_to_promise() -> None:
    closed = BusinessHours("Europe/Berlin", (None,) * 7)
    status = availability(closed, utc(2026, 11, 23, 10, 0))
    assert (status.open, status.back_at) == (False, None)
    assert "nicht im Dienst" in closed_text(status, utc(2026, 11, 23, 10, 0), "de")
    assert "not on duty" in closed_text(status, utc(2026, 11, 23, 10, 0), "en")


def test_closed_text_says_when_in_both_languages() -> None:
    hours = week()
    friday_evening = local(2026, 11, 27, 19, 0)
    status = availability(hours, friday_evening)
    de = closed_text(status, friday_evening, "de")
    en = closed_text(status, friday_evening, "en")
    assert "morgen ab 10:00 Uhr (Zeitzone Europe/Berlin)" in de
    assert "tomorrow at 10:00 (Europe/Berlin time)" in en
    saturday = local(2026, 11, 28, 15, 0)
    assert "am Montag ab 09:00 Uhr" in closed_text(availability(hours, saturday), saturday, "de")
    assert "on Monday at 09:00" in closed_text(availability(hours, saturday), saturday, "en")
    early = local(2026, 11, 24, 7, 0)
    assert "heute ab 09:00 Uhr" in closed_text(availability(hours, early), early, "de")
    # "Today" is the shop's day: 23:30 UTC on Monday is already Tuesday in Berlin.
    late = utc(2026, 11, 23, 23, 30)
    assert "today at 09:00" in closed_text(availability(hours, late), late, "en")


def test_json_round_trip_and_form() -> None:
    hours = week(fri=("20:00", "02:00"))
    assert hours_from_json(hours.as_json()) == hours
    assert hours_from_json(None) is None
    for bad in ("x", {"timezone": "Mars/Base"}, {"timezone": "UTC", "days": {"mon": ["9"]}}):
        with pytest.raises(ValueError):
            hours_from_json(bad)
    form = {**form_values(hours), "enabled": "1"}
    assert hours_from_form(form) == hours


@pytest.mark.parametrize(
    ("changes", "wanted"),
    [
        ({"timezone": "Europe/Berlni"}, "keine bekannte Zeitzone"),
        ({"timezone": "../../etc/passwd"}, "keine bekannte Zeitzone"),
        ({"mon_opens": "25:00"}, "Montag: „25:00“ ist keine Uhrzeit"),
        ({"tue_closes": ""}, "Dienstag: Bitte Beginn und Ende angeben"),
        ({"wed_opens": "10:00", "wed_closes": "10:00"}, "Mittwoch: Beginn und Ende sind gleich"),
    ],
)
def test_bad_form_input_names_the_problem(changes: dict[str, str], wanted: str) -> None:
    form = {**form_values(week()), "enabled": "1", **changes}
    with pytest.raises(BadSetting) as caught:
        hours_from_form(form)
    assert wanted in caught.value.user_message("de")
    assert caught.value.user_message("en") != caught.value.user_message("de")
