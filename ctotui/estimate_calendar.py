"""Working-day arithmetic: weekends and configured holidays are skipped."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date, timedelta


def is_working_day(day: date, holidays: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def next_working_day(day: date, holidays: frozenset[date]) -> date:
    """`day` itself when it is a working day, else the first one after it."""
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def end_date(start: date, working_days: float, holidays: frozenset[date]) -> date:
    """The day on which `working_days` of work begun on `start` ends.

    A part day counts as a whole one; zero days ends on the first working day.
    """
    day = next_working_day(start, holidays)
    remaining = max(math.ceil(working_days - 1e-9), 1) - 1
    while remaining > 0:
        day = next_working_day(day + timedelta(days=1), holidays)
        remaining -= 1
    return day


def working_days(start: date, end: date, holidays: frozenset[date]) -> Iterator[date]:
    """Every working day from `start` to `end`, both included."""
    day = start
    while day <= end:
        if is_working_day(day, holidays):
            yield day
        day += timedelta(days=1)
