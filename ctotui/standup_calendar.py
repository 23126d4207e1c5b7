"""The standup calendar: which days a project holds a standup (work week minus holidays).

"Since the last standup" falls back to the last standup day before today when
nothing was recorded, so Monday looks back to Friday and the day after a
holiday looks past it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKING_DAYS: tuple[str, ...] = WEEKDAYS[:5]
_MAX_LOOKBACK = 366


def weekday_numbers(days: Iterable[str]) -> frozenset[int]:
    """Python weekday numbers of day names; no valid name means Monday to Friday."""
    numbers = frozenset(WEEKDAYS.index(d) for d in (d.lower() for d in days) if d in WEEKDAYS)
    return numbers or frozenset(range(5))


def is_standup_day(
    day: date, days: Iterable[str] = WORKING_DAYS, holidays: Iterable[date] = ()
) -> bool:
    return day.weekday() in weekday_numbers(days) and day not in set(holidays)


def previous_working_day(
    today: date, days: Iterable[str] = WORKING_DAYS, holidays: Iterable[date] = ()
) -> date:
    """The last standup day before `today` (Friday on a Monday with the default days).

    A calendar made only of holidays gives up after a year and returns the day before.
    """
    working, off = weekday_numbers(days), set(holidays)
    day = today - timedelta(days=1)
    for _ in range(_MAX_LOOKBACK):
        if day.weekday() in working and day not in off:
            return day
        day -= timedelta(days=1)
    return today - timedelta(days=1)


def next_standup_day(
    today: date, days: Iterable[str] = WORKING_DAYS, holidays: Iterable[date] = ()
) -> date:
    """The first standup day after `today` (Monday on a Friday with the default days)."""
    working, off = weekday_numbers(days), set(holidays)
    day = today + timedelta(days=1)
    for _ in range(_MAX_LOOKBACK):
        if day.weekday() in working and day not in off:
            return day
        day += timedelta(days=1)
    return today + timedelta(days=1)


def start_of(day: date, now: datetime) -> datetime:
    """Midnight starting `day` in `now`'s timezone."""
    return datetime.combine(day, time.min, tzinfo=now.tzinfo)


def moved_since(
    now: datetime, days: Iterable[str] = WORKING_DAYS, holidays: Iterable[date] = ()
) -> datetime:
    """Midnight (in `now`'s timezone) starting the last standup day before today."""
    return start_of(previous_working_day(now.date(), days, holidays), now)
