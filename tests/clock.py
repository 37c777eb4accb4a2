"""The one fake clock of the tests: time that moves only when a test says so, and the starts
the suites use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

#: Monday 2 March 2026, 09:00 UTC: where the lifecycle tests start.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: Monday 23 November 2026, 09:00 UTC (10:00 in Berlin): the console tests' morning.
CONSOLE_MORNING = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
#: An hour later: the widget tests' shopper arrives.
CHAT_MORNING = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


class FakeClock:
    """A clock to hand to the app (``clock()`` is now); ``advance`` moves it forward."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now
