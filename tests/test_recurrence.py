"""Recurrence rules: month ends, leap years, DST, and the next to-do on completion."""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest

from ctotui import recurrence
from ctotui.model import Todo, TodoStatus
from ctotui.recurrence import Unit, decode, describe, next_date, next_occurrence
from ctotui.todos import next_recurrence


def _zone(name: str) -> ZoneInfo:
    """An IANA zone; without the tz database (Debian: tzdata) skip, except in CI."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        if os.environ.get("CI"):
            raise
        pytest.skip("the IANA time zone database (Debian package tzdata) is not installed")


BERLIN_NAME = "Europe/Berlin"
NEW_YORK_NAME = "America/New_York"


@pytest.mark.parametrize(
    ("rule", "after", "expected"),
    [
        ("daily", date(2026, 12, 31), date(2027, 1, 1)),
        ("daily", date(2028, 2, 28), date(2028, 2, 29)),
        ("weekdays", date(2026, 11, 20), date(2026, 11, 23)),  # Friday -> Monday
        ("weekdays", date(2026, 11, 21), date(2026, 11, 23)),  # Saturday -> Monday
        ("weekdays", date(2026, 11, 18), date(2026, 11, 19)),
        ("weekly:mon,thu", date(2026, 11, 18), date(2026, 11, 19)),
        ("weekly:mon,thu", date(2026, 11, 19), date(2026, 11, 23)),
        ("weekly:wed", date(2026, 11, 18), date(2026, 11, 25)),
        ("every:3:days", date(2026, 2, 27), date(2026, 3, 2)),
        ("every:2:weeks", date(2026, 12, 24), date(2027, 1, 7)),
        ("every:1:months", date(2026, 1, 31), date(2026, 2, 28)),
        ("every:1:months", date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        ("every:12:months", date(2028, 2, 29), date(2029, 2, 28)),
        ("every:3:months", date(2026, 11, 30), date(2027, 2, 28)),
        ("monthly:31", date(2026, 1, 31), date(2026, 2, 28)),
        ("monthly:31", date(2026, 2, 28), date(2026, 3, 31)),
        ("monthly:31", date(2026, 4, 15), date(2026, 4, 30)),
        ("monthly:29", date(2028, 1, 29), date(2028, 2, 29)),
        ("monthly:29", date(2027, 1, 29), date(2027, 2, 28)),
        ("monthly:1", date(2026, 12, 1), date(2027, 1, 1)),
        ("monthly:15", date(2026, 11, 14), date(2026, 11, 15)),
    ],
)
def test_next_date(rule: str, after: date, expected: date) -> None:
    parsed = decode(rule)
    assert parsed is not None
    assert parsed.encode() == rule
    assert next_date(parsed, after) == expected


def test_rules_read_as_words_and_bad_ones_are_refused() -> None:
    assert describe(recurrence.weekly(0, 3)) == "every Mon, Thu"
    assert describe(recurrence.every(2, Unit.WEEKS)) == "every 2 weeks"
    assert describe(recurrence.every(1, Unit.MONTHS)) == "every month"
    assert describe(recurrence.monthly(22)) == "monthly on the 22nd"
    assert describe(recurrence.monthly(11)) == "monthly on the 11th"
    for bad in ("", "yearly", "weekly:", "weekly:xyz", "every:x:days", "every:2:hours"):
        assert decode(bad) is None


def test_next_occurrence_skips_days_already_gone() -> None:
    assert next_occurrence(recurrence.DAILY, date(2026, 11, 10), date(2026, 11, 18)) == date(
        2026, 11, 19
    )


@pytest.mark.parametrize(
    ("zone_name", "wall", "expected_utc"),
    [
        # Berlin springs forward on 29 March 2026: 09:00 stays 09:00 local.
        (BERLIN_NAME, datetime(2026, 3, 28, 9, 0), datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
        # ... and falls back on 25 October 2026.
        (BERLIN_NAME, datetime(2026, 10, 24, 9, 0), datetime(2026, 10, 25, 8, 0, tzinfo=UTC)),
        (NEW_YORK_NAME, datetime(2026, 3, 7, 18, 30), datetime(2026, 3, 8, 22, 30, tzinfo=UTC)),
    ],
)
def test_due_time_keeps_its_wall_clock_across_dst(
    zone_name: str, wall: datetime, expected_utc: datetime
) -> None:
    zone = _zone(zone_name)
    due = wall.replace(tzinfo=zone)
    todo = Todo("Water plants", created_at=due, due=due.astimezone(UTC), recurrence="daily")
    following = next_recurrence(todo, due.astimezone(UTC), zone)
    assert following is not None and following.due is not None
    assert following.due.astimezone(UTC) == expected_utc
    assert following.due.astimezone(zone).hour == wall.hour


def test_completing_spawns_an_open_copy_with_the_plan_moved_too() -> None:
    now = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    todo = Todo(
        "Payroll",
        created_at=datetime(2026, 10, 1, tzinfo=UTC),
        status=TodoStatus.DONE,
        due=datetime(2026, 11, 25, tzinfo=UTC),
        scheduled=date(2026, 11, 24),
        recurrence="monthly:25",
        tags=("money",),
        id=7,
    )
    following = next_recurrence(todo, now, UTC)
    assert following is not None
    assert following.id is None and following.status is TodoStatus.OPEN
    assert following.due == datetime(2026, 12, 25, tzinfo=UTC)
    assert following.scheduled == date(2026, 12, 24)
    assert following.tags == ("money",) and following.done_at is None
    assert next_recurrence(Todo("Once", created_at=now), now, UTC) is None


def test_a_rule_without_dates_plans_the_next_day() -> None:
    now = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
    following = next_recurrence(Todo("Inbox zero", created_at=now, recurrence="weekdays"), now, UTC)
    assert following is not None
    assert following.due is None and following.scheduled == date(2026, 11, 19)


def test_the_system_local_zone_is_used_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app passes no zone: the machine's local rules (here Berlin) decide the offset."""
    _zone(BERLIN_NAME)
    monkeypatch.setenv("TZ", BERLIN_NAME)
    time.tzset()
    try:
        due = datetime(2026, 3, 28, 8, 0, tzinfo=UTC)  # 09:00 in Berlin, winter time
        todo = Todo("Standup prep", created_at=due, due=due, recurrence="daily")
        following = next_recurrence(todo, due)
        assert following is not None and following.due is not None
        assert following.due.astimezone(UTC) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    finally:
        monkeypatch.undo()
        time.tzset()
