"""Working days: weekends and holidays are skipped, also across the year end."""

from __future__ import annotations

from datetime import date

from ctotui.estimate_calendar import end_date, is_working_day, next_working_day, working_days

XMAS = frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2027, 1, 1)})


def test_a_week_of_work_begun_on_monday_ends_on_friday() -> None:
    assert end_date(date(2026, 11, 16), 5, frozenset()) == date(2026, 11, 20)


def test_weekends_are_skipped_and_part_days_round_up() -> None:
    assert end_date(date(2026, 11, 19), 3, frozenset()) == date(2026, 11, 23)  # Thu -> Mon
    assert end_date(date(2026, 11, 19), 2.2, frozenset()) == date(2026, 11, 23)
    assert end_date(date(2026, 11, 19), 0, frozenset()) == date(2026, 11, 19)


def test_a_start_on_a_weekend_moves_to_monday() -> None:
    assert next_working_day(date(2026, 11, 21), frozenset()) == date(2026, 11, 23)
    assert end_date(date(2026, 11, 21), 1, frozenset()) == date(2026, 11, 23)


def test_holidays_and_the_year_end() -> None:
    # Mon 21 Dec .. : 21, 22, 23, (24, 25 holidays), 28, 29, 30, 31, (1 Jan), 4 Jan
    assert end_date(date(2026, 12, 21), 8, XMAS) == date(2027, 1, 4)
    assert end_date(date(2026, 12, 21), 8, frozenset()) == date(2026, 12, 30)
    assert not is_working_day(date(2027, 1, 1), XMAS)
    assert len(list(working_days(date(2026, 12, 21), date(2027, 1, 8), XMAS))) == 12
